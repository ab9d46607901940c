/**
 * Fast's signing keys, fetched from its JWKS endpoint, imported with jose and cached by `kid`. The keys feed
 * jose's `jwtVerify` (see ./auth.ts) through `getKey(kid)`.
 *
 * Why this is ours and not jose's `createRemoteJWKSet`: jose's remote set has a max age (`cacheMaxAge`) and a
 * cooldown for unknown kids (`cooldownDuration`, 30 s), and that is all the caching it does. What Fast's calls
 * need on top, each piece kept only because jose has no equivalent:
 * - Stale-while-down: a key older than `maxAgeMs` (6 h, the caching period of Fast's sample verifier) is
 *   refreshed before use; if the refresh fails, the old key keeps deciding for up to `maxStaleMs` more, so a JWKS
 *   outage does not take checkout down. jose drops the whole verification when its refresh fails. A key Fast
 *   removed still stops working at the next good fetch.
 * - One fetch per `minRefreshIntervalMs` (30 s; Fast's sample allows ≤ 6 requests a minute) whether the last
 *   fetch succeeded or failed: jose's cooldown counts from the last success only, so while Fast's JWKS is down
 *   every token would trigger a fetch. A flood of random kids must not turn us into a JWKS load generator.
 *   Concurrent callers share one in-flight fetch.
 * - The outcome for a kid we cannot find: 401 if the latest fetch succeeded (Fast does not know it either), 503
 *   JWKS_UNAVAILABLE if it failed (we cannot decide; Fast may retry). jose reports both as the same error.
 * - An injected clock (tests move time by hand; jose reads Date.now), an injected undici dispatcher, a fetch
 *   deadline covering the body, and a body size limit (jose reads any size).
 * - Usable keys decided once per fetch, eagerly: RSA keys for RS256 signatures (`alg`, `use`, `key_ops`), public
 *   members only, at least 2048 bits, imported with jose's `importJWK`. A document without a single usable key is
 *   refused as a whole, so the previous keys stay in force; jose's `createLocalJWKSet` would only find out at
 *   verification time, token by token. A published key whose JWK says another `alg`/`use`/`key_ops` is remembered
 *   as unusable so that tokens naming it get a clear 401 instead of a refresh.
 * - `check()`: the settings page's "can Fast's keys be fetched" answer, within the same fetch budget.
 */
import type { webcrypto } from 'node:crypto'
import { importJWK, type CryptoKey } from 'jose'
import { Agent, request, type Dispatcher } from 'undici'
import { FastError, unauthorized } from './errors.js'

export const DEFAULT_FAST_JWKS_URL = 'https://api.fast.co/v1/oauth2/jwks'

/** The reason of the 503 answered while Fast's keys cannot be fetched (the outage is logged per fetch, not per request). */
export const JWKS_UNAVAILABLE = 'JWKS_UNAVAILABLE'

export interface JwksKeySourceOptions {
  jwksUrl: string
  /** undici dispatcher for the JWKS fetch (tests inject one); when absent we own an Agent and close it. */
  dispatcher?: Dispatcher
  /** How long a fetched key set is trusted without refetching. Default 6 h. */
  maxAgeMs?: number
  /** How long past `maxAgeMs` a cached key may still be used while the JWKS cannot be fetched. Default 24 h. */
  maxStaleMs?: number
  /** Minimum time between two JWKS fetches (successful or not). Default 30 s. */
  minRefreshIntervalMs?: number
  /** Deadline of one JWKS fetch, connection to last byte. Default 3 s. */
  timeoutMs?: number
  /** Largest JWKS body we read. Default 64 KiB (Fast publishes at most two keys). */
  maxBodyBytes?: number
  /** Clock in epoch milliseconds; tests inject one. */
  now?: () => number
  /**
   * Told of each failed fetch, once (at most one per `minRefreshIntervalMs`): the place to log an
   * outage, rather than each request it refuses.
   */
  onFetchError?: (err: unknown) => void
}

/** The answer of `check()`: how many usable keys Fast publishes, or why they cannot be had. */
export type JwksCheck = { ok: true, keys: number } | { ok: false, reason: string }

export interface JwksKeySource {
  /** The verification key for `kid`; throws a 401 FastError (unknown/unusable key) or a 503 (JWKS_UNAVAILABLE). */
  getKey (kid: string): Promise<CryptoKey>
  /** Fetches the JWKS now unless a fetch ran less than `minRefreshIntervalMs` ago (shares an in-flight fetch). */
  refresh (): Promise<void>
  /** Refreshes (within the fetch budget) and says whether the latest fetch gave usable keys. Never throws. */
  check (): Promise<JwksCheck>
  close (): Promise<void>
}

export type KeyEntry = { usable: true, key: CryptoKey } | { usable: false }

/** A JWKS fetch that failed; the message is ours (never the body) and is shown on the settings page. */
export class JwksFetchError extends Error {
  override name = 'JwksFetchError'
}

const MAX_KEYS_IN_DOCUMENT = 50
export const MAX_KID_LENGTH = 256
const MIN_RSA_BITS = 2048

export function createJwksKeySource (options: JwksKeySourceOptions): JwksKeySource {
  const jwksUrl = new URL(options.jwksUrl)
  if (jwksUrl.protocol !== 'https:' && jwksUrl.protocol !== 'http:') {
    throw new TypeError('jwksUrl must be an http(s) URL')
  }
  const maxAgeMs = options.maxAgeMs ?? 6 * 60 * 60 * 1000
  const maxStaleMs = options.maxStaleMs ?? 24 * 60 * 60 * 1000
  const minRefreshIntervalMs = options.minRefreshIntervalMs ?? 30_000
  const timeoutMs = options.timeoutMs ?? 3_000
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024
  const now = options.now ?? Date.now
  const ownAgent = options.dispatcher === undefined
    ? new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
    : undefined
  const dispatcher: Dispatcher = options.dispatcher ?? ownAgent!
  const closing = new AbortController()

  let keys = new Map<string, KeyEntry>()
  let fetchedAt = Number.NEGATIVE_INFINITY // time of the last successful fetch
  let lastAttemptAt = Number.NEGATIVE_INFINITY
  let lastAttemptFailed = false
  let lastError: unknown
  let inFlight: Promise<void> | undefined

  function unavailable (): FastError {
    const waitMs = Math.max(0, lastAttemptAt + minRefreshIntervalMs - now())
    return new FastError(503, JWKS_UNAVAILABLE, 'Fast signing keys are temporarily unavailable', {
      retryAfter: Math.max(1, Math.ceil(waitMs / 1000)),
      cause: lastError
    })
  }

  async function fetchDocument (): Promise<unknown> {
    const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)])
    let res: Dispatcher.ResponseData
    try {
      res = await request(jwksUrl, {
        method: 'GET',
        dispatcher,
        headers: { accept: 'application/jwk-set+json, application/json' },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal
      })
    } catch (err) {
      throw unreachable(err, signal)
    }
    if (res.statusCode !== 200) {
      await res.body.dump()
      throw new JwksFetchError(`Fast's JWKS answered HTTP ${res.statusCode}`)
    }
    const declared = Number(res.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      res.body.destroy()
      throw new JwksFetchError('Fast\'s JWKS is larger than the size limit')
    }
    const chunks: Buffer[] = []
    let size = 0
    try {
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length
        if (size > maxBodyBytes) {
          res.body.destroy()
          throw new JwksFetchError('Fast\'s JWKS is larger than the size limit')
        }
        chunks.push(chunk as Buffer)
      }
    } catch (err) {
      throw err instanceof JwksFetchError ? err : unreachable(err, signal)
    }
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      throw new JwksFetchError('Fast\'s JWKS is not JSON')
    }
  }

  function unreachable (cause: unknown, signal: AbortSignal): JwksFetchError {
    const timedOut = signal.aborted && !closing.signal.aborted
    const message = timedOut ? 'Fast\'s JWKS did not answer in time' : 'Fast\'s JWKS could not be reached'
    return new JwksFetchError(message, { cause })
  }

  function refresh (): Promise<void> {
    if (inFlight !== undefined) return inFlight
    if (closing.signal.aborted) return Promise.reject(new JwksFetchError('the JWKS key source is closed'))
    if (now() - lastAttemptAt < minRefreshIntervalMs) return Promise.resolve()
    lastAttemptAt = now()
    inFlight = fetchDocument().then(parseJwks).then((fresh) => {
      keys = fresh
      fetchedAt = now()
      lastAttemptFailed = false
      lastError = undefined
    }, (err: unknown) => {
      // Keep the previous keys: they may still decide (stale-if-error).
      lastAttemptFailed = true
      lastError = err
      if (!closing.signal.aborted) options.onFetchError?.(err) // not a failure: we are shutting down
      throw err
    }).finally(() => { inFlight = undefined })
    return inFlight
  }

  function use (entry: KeyEntry): CryptoKey {
    if (!entry.usable) throw unauthorized('signing key is not an RS256 signature key')
    return entry.key
  }

  async function getKey (kid: string): Promise<CryptoKey> {
    const cached = keys.get(kid)
    if (cached !== undefined && now() - fetchedAt < maxAgeMs) return use(cached)

    // Unknown kid (rotation?) or stale key set: refetch, within the rate limit.
    await refresh().catch(() => {}) // recorded in lastAttemptFailed/lastError; decided below

    const entry = keys.get(kid)
    if (entry !== undefined) {
      if (now() - fetchedAt < maxAgeMs + maxStaleMs) return use(entry)
      throw unavailable()
    }
    if (lastAttemptFailed) throw unavailable()
    throw unauthorized('unknown signing key')
  }

  async function check (): Promise<JwksCheck> {
    await refresh().catch(() => {})
    if (lastAttemptFailed || fetchedAt === Number.NEGATIVE_INFINITY) {
      return { ok: false, reason: lastError instanceof JwksFetchError ? lastError.message : 'Fast\'s JWKS could not be fetched' }
    }
    let usable = 0
    for (const entry of keys.values()) if (entry.usable) usable++
    return { ok: true, keys: usable }
  }

  let closed: Promise<void> | undefined
  function close (): Promise<void> {
    closed ??= (async () => {
      closing.abort()
      await inFlight?.catch(() => {})
      await ownAgent?.close()
    })()
    return closed
  }

  return { getKey, refresh, check, close }
}

/**
 * Validates a JWKS document and imports its keys. Throws a JwksFetchError when the document as a whole is unusable
 * (not a JWKS, no usable RS256 key), so that the previous keys stay in force.
 */
export async function parseJwks (doc: unknown): Promise<Map<string, KeyEntry>> {
  if (!isPlainObject(doc) || !Array.isArray(doc.keys)) throw new JwksFetchError('Fast\'s JWKS is not a {keys: [...]} document')
  if (doc.keys.length > MAX_KEYS_IN_DOCUMENT) throw new JwksFetchError('Fast\'s JWKS holds too many keys')
  const result = new Map<string, KeyEntry>()
  let usable = 0
  for (const jwk of doc.keys) {
    if (!isPlainObject(jwk)) continue
    const kid = jwk.kid
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) continue
    // Two keys under one kid: the first usable one wins; both are Fast's own published keys.
    if (result.get(kid)?.usable === true) continue
    const key = await importRs256Key(jwk)
    result.set(kid, key === undefined ? { usable: false } : { usable: true, key })
    if (key !== undefined) usable++
  }
  if (usable === 0) throw new JwksFetchError('Fast\'s JWKS holds no usable RS256 key')
  return result
}

async function importRs256Key (jwk: Record<string, unknown>): Promise<CryptoKey | undefined> {
  if (jwk.kty !== 'RSA') return undefined
  if (jwk.alg !== undefined && jwk.alg !== 'RS256') return undefined
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return undefined
  if (!isBase64Url(jwk.n) || !isBase64Url(jwk.e)) return undefined
  try {
    // Only the public members: never import private material a misconfigured JWKS might publish.
    const key = await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, 'RS256')
    if (key instanceof Uint8Array || key.type !== 'public') return undefined
    const bits = (key.algorithm as webcrypto.RsaHashedKeyAlgorithm).modulusLength
    return bits >= MIN_RSA_BITS ? key : undefined
  } catch {
    return undefined
  }
}

function isBase64Url (value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 2048 && /^[A-Za-z0-9_-]+$/.test(value)
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * A key source over a fixed JWKS document held in memory, never fetched: the sandbox's own key
 * (SANDBOX_FAST_TOKENS, development only). Its keys are imported by the same rules as Fast's.
 */
export async function createLocalKeySource (doc: unknown): Promise<JwksKeySource> {
  const keys = await parseJwks(doc)
  const usable = [...keys.values()].filter(entry => entry.usable).length
  return {
    async getKey (kid) {
      const entry = keys.get(kid)
      if (entry === undefined) throw unauthorized('unknown signing key')
      if (!entry.usable) throw unauthorized('signing key is not an RS256 signature key')
      return entry.key
    },
    async refresh () {},
    async check () { return { ok: true, keys: usable } },
    async close () {}
  }
}
