/**
 * Fast's signing keys, fetched from its JWKS endpoint and cached by `kid`.
 *
 * Policy (and why):
 * - Keys are cached for `maxAgeMs` (6 h, the caching period of Fast's sample verifier). A key older than that
 *   is refreshed before use; if the refresh fails, the old key keeps deciding for up to `maxStaleMs` more, so a
 *   JWKS outage does not take checkout down, while a key Fast removed stops working at the next good fetch.
 * - An unknown `kid` triggers a refresh (key rotation), but the JWKS is fetched at most once per
 *   `minRefreshIntervalMs` (30 s; Fast's sample allows ≤ 6 requests a minute): a flood of tokens with random
 *   kids must not turn us into a JWKS load generator. Concurrent callers share one in-flight fetch.
 * - Outcome for a kid we cannot find: 401 if the latest fetch succeeded (Fast does not know it either), 503
 *   JWKS_UNAVAILABLE if the latest fetch failed (we cannot decide; Fast may retry).
 * - Only RSA keys meant for RS256 signatures of at least 2048 bits are usable; a published key whose JWK says
 *   another `alg`/`use`/`key_ops` is remembered as unusable so that tokens naming it get a clear 401.
 */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto'
import { Agent, request, type Dispatcher } from 'undici'
import { FastError, unauthorized } from './errors.js'

export const DEFAULT_FAST_JWKS_URL = 'https://api.fast.co/v1/oauth2/jwks'

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
}

export interface JwksKeySource {
  /** The verification key for `kid`; throws a 401 FastError (unknown/unusable key) or a 503 (JWKS_UNAVAILABLE). */
  getKey (kid: string): Promise<KeyObject>
  /** Fetches the JWKS now unless a fetch ran less than `minRefreshIntervalMs` ago (shares an in-flight fetch). */
  refresh (): Promise<void>
  close (): Promise<void>
}

export type KeyEntry = { usable: true, key: KeyObject } | { usable: false }

const MAX_KEYS_IN_DOCUMENT = 50
const MAX_KID_LENGTH = 256
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
    return new FastError(503, 'JWKS_UNAVAILABLE', 'Fast signing keys are temporarily unavailable', {
      retryAfter: Math.max(1, Math.ceil(waitMs / 1000)),
      cause: lastError
    })
  }

  async function fetchKeys (): Promise<Map<string, KeyEntry>> {
    const signal = AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)])
    const res = await request(jwksUrl, {
      method: 'GET',
      dispatcher,
      headers: { accept: 'application/jwk-set+json, application/json' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal
    })
    if (res.statusCode !== 200) {
      await res.body.dump()
      throw new Error(`JWKS answered HTTP ${res.statusCode}`)
    }
    const declared = Number(res.headers['content-length'])
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      res.body.destroy()
      throw new Error('JWKS body exceeds the size limit')
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length
      if (size > maxBodyBytes) {
        res.body.destroy()
        throw new Error('JWKS body exceeds the size limit')
      }
      chunks.push(chunk as Buffer)
    }
    return parseJwks(JSON.parse(Buffer.concat(chunks).toString('utf8')))
  }

  function refresh (): Promise<void> {
    if (inFlight !== undefined) return inFlight
    if (closing.signal.aborted) return Promise.reject(new Error('JWKS key source is closed'))
    if (now() - lastAttemptAt < minRefreshIntervalMs) return Promise.resolve()
    lastAttemptAt = now()
    inFlight = fetchKeys().then((fresh) => {
      keys = fresh
      fetchedAt = now()
      lastAttemptFailed = false
      lastError = undefined
    }, (err: unknown) => {
      // Keep the previous keys: they may still decide (stale-if-error).
      lastAttemptFailed = true
      lastError = err
      throw err
    }).finally(() => { inFlight = undefined })
    return inFlight
  }

  function use (entry: KeyEntry): KeyObject {
    if (!entry.usable) throw unauthorized('signing key is not an RS256 signature key')
    return entry.key
  }

  async function getKey (kid: string): Promise<KeyObject> {
    const cached = keys.get(kid)
    if (cached !== undefined && now() - fetchedAt < maxAgeMs) return use(cached)

    // Unknown kid (rotation?) or stale key set: refetch, within the rate limit.
    try {
      await refresh()
    } catch {
      // Recorded in lastAttemptFailed/lastError; decided below.
    }

    const entry = keys.get(kid)
    if (entry !== undefined) {
      if (now() - fetchedAt < maxAgeMs + maxStaleMs) return use(entry)
      throw unavailable()
    }
    if (lastAttemptFailed) throw unavailable()
    throw unauthorized('unknown signing key')
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

  return { getKey, refresh, close }
}

/**
 * Validates a JWKS document and imports its keys. Throws when the document as a whole is unusable (not a JWKS,
 * no usable RS256 key), so that the previous keys stay in force.
 */
export function parseJwks (doc: unknown): Map<string, KeyEntry> {
  if (!isPlainObject(doc) || !Array.isArray(doc.keys)) throw new Error('JWKS is not a {keys: [...]} document')
  if (doc.keys.length > MAX_KEYS_IN_DOCUMENT) throw new Error('JWKS holds too many keys')
  const result = new Map<string, KeyEntry>()
  let usable = 0
  for (const jwk of doc.keys) {
    if (!isPlainObject(jwk)) continue
    const kid = jwk.kid
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) continue
    // Two keys under one kid: the first usable one wins; both are Fast's own published keys.
    if (result.get(kid)?.usable === true) continue
    const key = importRs256Key(jwk)
    result.set(kid, key === undefined ? { usable: false } : { usable: true, key })
    if (key !== undefined) usable++
  }
  if (usable === 0) throw new Error('JWKS holds no usable RS256 key')
  return result
}

function importRs256Key (jwk: Record<string, unknown>): KeyObject | undefined {
  if (jwk.kty !== 'RSA') return undefined
  if (jwk.alg !== undefined && jwk.alg !== 'RS256') return undefined
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify'))) return undefined
  if (!isBase64Url(jwk.n) || !isBase64Url(jwk.e)) return undefined
  try {
    // Only the public members: never import private material a misconfigured JWKS might publish.
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey, format: 'jwk' })
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
    return bits >= MIN_RSA_BITS ? key : undefined
  } catch {
    return undefined
  }
}

function isBase64Url (value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 2048 && /^[A-Za-z0-9_-]+$/.test(value)
}

export function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
