/**
 * A stand-in for Fast's JWKS endpoint: a loopback HTTP server publishing the keys of one or more signers at
 * /v1/oauth2/jwks, counting fetches, and able to fail on demand. Tests sign tokens with `bearer()`.
 *
 *   const fast = await startFastJwksServer()
 *   t.teardown(fast.close)
 *   const auth = createFastAuthenticator({ jwksUrl: fast.jwksUrl })
 *   await auth.authenticate(fast.bearer('app-1'), knownAudiences(['app-1']))
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Test } from 'tap'
import { createFastAuthenticator, type FastAuthenticator, type FastAuthenticatorOptions } from '../../src/fast/auth.js'
import {
  createFastSigner, type FastSigner, type FastSignerOptions, type FastSignOptions
} from '../../src/fast/signer.js'

export const JWKS_PATH = '/v1/oauth2/jwks'

/**
 * ok: 200 with the published keys; http-error: 503; reset: the connection is destroyed without an answer;
 * hang: the request is never answered; garbage: 200 with a body that is not JSON; oversize: 200 with a 1 MiB body.
 */
export type JwksServerMode = 'ok' | 'http-error' | 'reset' | 'hang' | 'garbage' | 'oversize'

export interface BearerOverrides extends Partial<Omit<FastSignOptions, 'aud'>> {
  /** Sign with this signer instead of the current one. */
  signer?: FastSigner
}

export interface FastJwksServer {
  readonly jwksUrl: string
  /** The signer `bearer()` uses; `rotate()` replaces it. */
  readonly signer: FastSigner
  /** `Bearer <jwt>` for `aud`, signed by the current signer unless overridden. */
  bearer (aud: string | string[], overrides?: BearerOverrides): string
  /** How many times the JWKS was requested (answered or not). */
  fetchCount (): number
  /** Publishes a new key next to the existing ones; the current signer is unchanged. */
  addKey (options?: FastSignerOptions): FastSigner
  /** Publishes a new key and makes it the current signer; the old key stays published unless `retire` is set. */
  rotate (options?: FastSignerOptions & { retire?: boolean }): FastSigner
  /** Publishes an arbitrary JWK (e.g. one that declares another alg). */
  publishJwk (jwk: Record<string, unknown>): void
  /** Stops publishing every key with this kid. */
  removeKey (kid: string): void
  setMode (mode: JwksServerMode): void
  close (): Promise<void>
}

export interface FastJwksServerOptions extends FastSignerOptions {}

export async function startFastJwksServer (options: FastJwksServerOptions = {}): Promise<FastJwksServer> {
  let current = createFastSigner(options)
  let published: Record<string, unknown>[] = [{ ...current.jwk() }]
  let mode: JwksServerMode = 'ok'
  let fetches = 0

  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== JWKS_PATH) {
      res.writeHead(404).end()
      return
    }
    fetches++
    switch (mode) {
      case 'ok':
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }))
        return
      case 'http-error':
        res.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable')
        return
      case 'reset':
        req.socket.destroy()
        return
      case 'hang':
        return // close() drops the connection
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json</html>')
        return
      case 'oversize':
        res.writeHead(200, { 'content-type': 'application/json' }).end(`{"keys":[],"pad":"${'x'.repeat(1024 * 1024)}"}`)
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  function addKey (signerOptions: FastSignerOptions = {}): FastSigner {
    const signer = createFastSigner({ issuer: options.issuer, now: options.now, ...signerOptions })
    published.push({ ...signer.jwk() })
    return signer
  }

  let closed = false
  return {
    jwksUrl: `http://127.0.0.1:${port}${JWKS_PATH}`,
    get signer () { return current },
    bearer (aud, overrides = {}) {
      const { signer = current, ...signOptions } = overrides
      return `Bearer ${signer.sign({ aud, ...signOptions })}`
    },
    fetchCount: () => fetches,
    addKey,
    rotate ({ retire = false, ...signerOptions } = {}) {
      const previous = current
      current = addKey(signerOptions)
      if (retire) published = published.filter((jwk) => jwk.kid !== previous.kid)
      return current
    },
    publishJwk (jwk) { published.push(jwk) },
    removeKey (kid) { published = published.filter((jwk) => jwk.kid !== kid) },
    setMode (next) { mode = next },
    async close () {
      if (closed) return
      closed = true
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** A JWKS server and an authenticator that share a clock the test moves by hand; both closed when the test ends. */
export async function startFastAuthenticator (t: Test, options: Partial<FastAuthenticatorOptions> = {}): Promise<{
  fast: FastJwksServer
  auth: FastAuthenticator
  nowSeconds: () => number
  advance: (ms: number) => void
}> {
  let clock = Date.UTC(2025, 5, 1, 12)
  const now = (): number => clock
  const fast = await startFastJwksServer({ now })
  const auth = createFastAuthenticator({ jwksUrl: fast.jwksUrl, now, ...options })
  t.teardown(async () => {
    await auth.close()
    await fast.close()
  })
  return {
    fast,
    auth,
    nowSeconds: () => Math.floor(clock / 1000),
    advance (ms: number) { clock += ms }
  }
}
