/**
 * The one way to call BigCommerce: an undici Pool per API origin, X-Auth-Token, JSON in and out,
 * v2 and v3 error bodies normalised into BigCommerceError, and, around every call, in this order:
 *
 * 1. the caller's deadline (`signal`, `deadline`): no call starts after it; a read, PUT or DELETE in
 *    flight is aborted by it; a POST already sent runs to its own timeout, because aborting does
 *    not undo a write at BigCommerce (spec/bigcommerce.md §4) and its answer is worth keeping;
 * 2. the store's quota (store-quota.ts): once BigCommerce says it is spent, the call waits for the
 *    reset, or is not made at all when the reset comes after the deadline;
 * 3. the store's circuit breaker (store-breakers.ts): a store failing again and again is not called;
 * 4. the store's budget of concurrent calls (store-budget.ts) above one shared Pool;
 * 5. retries (retry-policy.ts, cockatiel): 429 on any method, 5xx and no answer on idempotent
 *    methods only, each attempt going through 2-4 again.
 *
 * Many stores, one origin: every store is served from api.bigcommerce.com/stores/{hash}, so one
 * shared keep-alive Pool serves them all (connections are reused across stores, no TLS handshake
 * per store), and each store's budget of concurrent calls sits above it (spec/guarantees.md §2.4:
 * per-store bulkheads above the shared pool). The budgets decide fairness; the pool's cap
 * (BIGCOMMERCE_CONNECTIONS, default 1,024) only bounds sockets, above what one machine can use:
 * 1,024 calls in flight is 2,000 calls/s at 500 ms each, 170 stores at 6 calls. Measured with a
 * stand-in answering after 200 ms, a cap of 256 served 800-1,060 of 1,500 calls/s, 1,024 and no cap
 * 1,340-1,400 (README, configuration). Past the cap the pool queues first in, first out.
 */
import { Pool, type Dispatcher } from 'undici'
import { setTimeout as sleep } from 'node:timers/promises'
import { BigCommerceError, CallNotMadeError, CUT_AT_DEADLINE, type NotMadeReason } from './errors.js'
import { retryPolicy, retryReasonOf, type RetryReason } from './retry-policy.js'
import { BreakerOpenError, createStoreBreakers, type BreakerChange } from './store-breakers.js'
import { createStoreBudget } from './store-budget.js'
import { announcedWaitMs, createStoreQuota } from './store-quota.js'

export { BigCommerceError, CallNotMadeError, CUT_AT_DEADLINE, isRefusal, isUnknownOutcome } from './errors.js'

/** Concurrent calls per store unless configured (spec/bigcommerce.md §4 suggests 4-6). */
export const DEFAULT_CALLS_PER_STORE = 6
/** Sockets to BigCommerce, all stores together, unless configured (module comment). */
export const DEFAULT_CONNECTIONS = 1_024

export interface StoreCredentials {
  hash: string
  accessToken: string
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface CallOptions {
  /** Values for the `{name}` placeholders of the path template. */
  params?: Record<string, string | number>
  query?: Record<string, string | number | undefined>
  body?: unknown
  /**
   * This call's timeout instead of the client's: for a call whose abandonment costs more than
   * waiting (POST .../orders: a timed-out POST leaves an order that may or may not exist).
   */
  timeoutMs?: number
  /** The caller's deadline: aborted when it passes (see the module comment for what that stops). */
  signal?: AbortSignal
  /** When the deadline passes (epoch ms), so that no wait is started that would end after it. */
  deadline?: number
}

/** One attempt that went out to BigCommerce, as the client's observers see it: templates, never ids. */
export interface CallEvent {
  store: string
  /** `METHOD /vN/path/{template}`. */
  call: string
  method: HttpMethod
  /** The path template (`/v3/carts/{cartId}/items`): bounded, store-independent. */
  endpoint: string
  /** BigCommerce's HTTP status; 0 when no answer came (timeout, dropped connection, aborted). */
  status: number
  ms: number
  /** Why this attempt repeats the call's previous one; absent on a call's first attempt. */
  retryOf?: RetryReason
  /** The attempt first waited for the store's quota to reset. */
  waitedForQuota: boolean
}

/** A call the client held back (CallNotMadeError): nothing reached BigCommerce. */
export interface NotMadeEvent {
  store: string
  method: HttpMethod
  endpoint: string
  reason: NotMadeReason
}

export interface BigCommerceResponse<T> {
  status: number
  body: T
}

export interface BigCommerceClientOptions {
  apiUrl: string
  userAgent: string
  /** Timeout of one attempt (default 10 s); a read's is cut to its caller's deadline. */
  timeoutMs?: number
  /**
   * Timeout of one POST (default 20 s), which may outlive its caller's deadline (module comment):
   * long enough for BigCommerce's slow answers to be kept, shorter than the 30 s a request_id
   * stays claimed (IDEMPOTENCY_LEASE_MS), so no retry elsewhere runs while it may still land.
   */
  writeTimeoutMs?: number
  /** For tests that point the client at a loopback fake; production owns its Pool. */
  dispatcher?: Dispatcher
  /** undici interceptors composed on the Pool (or `dispatcher`): the fixture recorder. */
  interceptors?: Dispatcher.DispatcherComposeInterceptor[]
  /** Most sockets the Pool opens (default DEFAULT_CONNECTIONS; 0 = no cap). Ignored with `dispatcher`. */
  connections?: number
  /** Attempts of a call that may be repeated (1 = never repeat); default MAX_ATTEMPTS. */
  maxAttempts?: number
  /**
   * How many calls of one store may be in flight at once; more wait their turn, in order. Waiting
   * does not count against a call's timeout: a call that never left was never at risk of being made.
   */
  callsPerStore?: number
  /** The store's circuit breaker: failed attempts in a row that open it, and for how long. */
  breakerFailures?: number
  breakerCooldownMs?: number
  /** Observes every attempt sent, for metrics and call budgets. */
  onCall?: (event: CallEvent) => void
  /** Observes every call not made (deadline, spent quota, open breaker). */
  onNotMade?: (event: NotMadeEvent) => void
  /** Observes the stores' circuit breakers opening and closing. */
  onBreakerChange?: (change: BreakerChange) => void
  /** Clock and dice, for tests. */
  now?: () => number
  random?: () => number
}

export interface BigCommerceClient {
  call<T>(store: StoreCredentials, method: HttpMethod, template: string, options?: CallOptions): Promise<BigCommerceResponse<T>>
  /** Calls sent to BigCommerce and not yet settled, all stores together. */
  inFlight(): number
  close(): Promise<void>
}

/** Time an attempt needs left to be worth sending after a quota wait. */
const MIN_ATTEMPT_MS = 200
/** Thrown inside a slot when the store closed while the call waited in line (not an error). */
const CLOSED_WHILE_IN_LINE = Symbol('closed while in line')

/** One attempt of a call: what it sends and what its observers are told about it. */
interface Attempt {
  method: HttpMethod
  template: string
  /** `METHOD template`, named in errors. */
  call: string
  path: string
  retryOf: RetryReason | undefined
  waitedForQuota: boolean
}

export function createBigCommerceClient (options: BigCommerceClientOptions): BigCommerceClient {
  const base = new URL(options.apiUrl)
  const basePath = base.pathname.replace(/\/$/, '')
  const ownPool = options.dispatcher === undefined
  const connections = options.connections ?? DEFAULT_CONNECTIONS
  const pool = options.dispatcher ?? new Pool(base.origin, { connections: connections === 0 ? null : connections, pipelining: 1 })
  const dispatcher = options.interceptors === undefined ? pool : pool.compose(options.interceptors)
  const timeoutMs = options.timeoutMs ?? 10_000
  const writeTimeoutMs = options.writeTimeoutMs ?? 20_000
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const maxAttempts = options.maxAttempts
  const budget = createStoreBudget(options.callsPerStore ?? DEFAULT_CALLS_PER_STORE)
  const quota = createStoreQuota({ now, random })
  const breakers = createStoreBreakers({
    failures: options.breakerFailures ?? 5,
    cooldownMs: options.breakerCooldownMs ?? 10_000,
    // BigCommerce failing: a 5xx or no answer. Not a 429 (quota) nor any other 4xx (it answered).
    // Nor a call cut off by its caller's deadline: the caller ran out of time, not BigCommerce.
    isFailure: err => err instanceof BigCommerceError && !(err instanceof CallNotMadeError) &&
      err.transportCode !== CUT_AT_DEADLINE && (err.status === 0 || err.status >= 500),
    onChange: options.onBreakerChange
  })
  let inFlight = 0

  function observe (store: StoreCredentials, sent: Attempt, status: number, started: number): void {
    options.onCall?.({ store: store.hash, call: sent.call, method: sent.method, endpoint: sent.template, status, ms: performance.now() - started, retryOf: sent.retryOf, waitedForQuota: sent.waitedForQuota })
  }

  /** One attempt on the wire. `path` is built by the caller, outside the transport's try. */
  async function send<T> (store: StoreCredentials, sent: Attempt, callOptions: CallOptions): Promise<BigCommerceResponse<T>> {
    const { method, call, path } = sent
    const attemptMs = callOptions.timeoutMs ?? (method === 'POST' ? writeTimeoutMs : timeoutMs)
    // A POST once sent is not abandoned at the deadline (module comment); anything else is.
    const signals = [AbortSignal.timeout(attemptMs)]
    if (method !== 'POST' && callOptions.signal !== undefined) signals.push(callOptions.signal)
    const started = performance.now()
    let response: Dispatcher.ResponseData
    let text: string
    inFlight++
    try {
      response = await dispatcher.request({
        origin: base.origin,
        method,
        path,
        headers: {
          'x-auth-token': store.accessToken,
          accept: 'application/json',
          'user-agent': options.userAgent,
          ...(declaresJson(method, callOptions.body) ? { 'content-type': 'application/json' } : {})
        },
        body: callOptions.body === undefined ? undefined : JSON.stringify(callOptions.body),
        headersTimeout: attemptMs,
        bodyTimeout: attemptMs,
        signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals)
      })
      // Inside the try: a body that stalls (bodyTimeout) or breaks off is a transport failure too.
      text = await response.body.text()
    } catch (err) {
      observe(store, sent, 0, started)
      // Aborted by its own timeout (BigCommerce too slow) or by the caller's deadline.
      const code = signals[0].aborted ? 'UND_ERR_TIMEOUT' : callOptions.signal?.aborted === true && method !== 'POST' ? CUT_AT_DEADLINE : transportCode(err)
      throw new BigCommerceError(call, 0, 'no response from BigCommerce', { transportCode: code, cause: err })
    } finally {
      inFlight--
    }
    observe(store, sent, response.statusCode, started)
    quota.observe(store.hash, response.statusCode, response.headers)
    const body = text === '' ? undefined : safeJson(text)
    if (response.statusCode >= 200 && response.statusCode < 300) {
      // A success whose body is not JSON (a proxy's maintenance page) is BigCommerce failing to answer.
      if (text !== '' && body === undefined) throw new BigCommerceError(call, response.statusCode, 'BigCommerce answered with a body that is not JSON')
      return { status: response.statusCode, body: body as T }
    }
    throw errorFrom(call, response.statusCode, body, response.headers)
  }

  /** Steps 1-4 of the module comment for one attempt. */
  async function attempt<T> (store: StoreCredentials, sent: Attempt, callOptions: CallOptions, deadline: number): Promise<BigCommerceResponse<T>> {
    const { call } = sent
    const { signal } = callOptions
    // A function, not a value: the signal can abort at any await below.
    const aborted = (): boolean => signal?.aborted === true
    for (;;) {
      const wait = quota.waitMs(store.hash)
      if (wait > 0) {
        // A call that would go out with almost no time left would spend quota on an answer
        // nobody waits for.
        if (now() + wait + MIN_ATTEMPT_MS >= deadline) throw new CallNotMadeError(call, 'QUOTA_SPENT', wait)
        await sleep(wait, undefined, { signal }).catch(() => { throw new CallNotMadeError(call, 'DEADLINE') })
        sent.waitedForQuota = true
      }
      if (aborted() || now() >= deadline) throw new CallNotMadeError(call, 'DEADLINE')
      try {
        return await breakers.run(store.hash, async () =>
          await budget.run(store.hash, async () => {
            // The line for a slot may have outlasted the deadline: then the call is not sent.
            if (aborted()) throw new CallNotMadeError(call, 'DEADLINE')
            // Or the store's quota ran out meanwhile (a 429 to a call ahead): back to waiting.
            if (quota.waitMs(store.hash) > 0) throw CLOSED_WHILE_IN_LINE
            return await send<T>(store, sent, callOptions)
          }, signal))
      } catch (err) {
        if (err === CLOSED_WHILE_IN_LINE) continue
        if (err instanceof BreakerOpenError) throw new CallNotMadeError(call, 'CIRCUIT_OPEN', err.retryAfterMs)
        if (aborted() && !(err instanceof BigCommerceError)) throw new CallNotMadeError(call, 'DEADLINE')
        throw err
      }
    }
  }

  return {
    async call<T> (store: StoreCredentials, method: HttpMethod, template: string, callOptions: CallOptions = {}): Promise<BigCommerceResponse<T>> {
      const call = `${method} ${template}`
      const path = `${basePath}/stores/${encodeURIComponent(store.hash)}${expandPath(template, callOptions.params)}${queryString(callOptions.query)}`
      // A call without a caller's deadline (the settings page's checks) gets one attempt's time.
      const deadline = callOptions.deadline ?? now() + (callOptions.timeoutMs ?? timeoutMs)
      const policy = retryPolicy(method, { deadline, now, random, maxAttempts })
      // What failed the previous attempt is what the next one, if the policy sends it, repeats.
      let retryOf: RetryReason | undefined
      return await policy.execute(async () => {
        try {
          return await attempt<T>(store, { method, template, call, path, retryOf, waitedForQuota: false }, callOptions, deadline)
        } catch (err) {
          if (err instanceof CallNotMadeError) options.onNotMade?.({ store: store.hash, method, endpoint: template, reason: err.reason })
          else retryOf = retryReasonOf(err)
          throw err
        }
      }, callOptions.signal)
    },
    inFlight: () => inFlight,
    async close () {
      if (ownPool) await pool.close()
    }
  }
}

/**
 * JSON in: every POST and PUT declares a JSON body, even a bodiless one, because BigCommerce's
 * documents make Content-Type required on some of them (checkouts.v3.yml `createOrder`).
 */
function declaresJson (method: HttpMethod, body: unknown): boolean {
  return body !== undefined || method === 'POST' || method === 'PUT'
}

export function expandPath (template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name]
    if (value === undefined) throw new TypeError(`missing path parameter ${name} for ${template}`)
    return encodeURIComponent(String(value))
  })
}

function queryString (query: CallOptions['query']): string {
  if (query === undefined) return ''
  const entries = Object.entries(query).filter((entry): entry is [string, string | number] => entry[1] !== undefined)
  if (entries.length === 0) return ''
  // BigCommerce reads comma lists and `:in` filters literally, so commas and colons stay unescaped.
  return '?' + entries.map(([key, value]) => `${encodeQuery(key)}=${encodeQuery(String(value))}`).join('&')
}

function encodeQuery (text: string): string {
  return encodeURIComponent(text).replace(/%2C/gi, ',').replace(/%3A/gi, ':')
}

function safeJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** v3 bodies are `{status, title, type, detail, errors}`; v2 bodies are `[{status, message}]`. */
function errorFrom (call: string, status: number, body: unknown, headers: Dispatcher.ResponseData['headers']): BigCommerceError {
  let title = `HTTP ${status}`
  let fieldErrors: Record<string, string> = {}
  if (Array.isArray(body) && typeof body[0]?.message === 'string') {
    title = body[0].message
  } else if (body !== null && typeof body === 'object') {
    const v3 = body as { title?: unknown, detail?: unknown, errors?: unknown }
    if (typeof v3.title === 'string') title = v3.title
    if (typeof v3.detail === 'string' && v3.detail !== '') title = `${title}: ${v3.detail}`
    if (v3.errors !== null && typeof v3.errors === 'object' && !Array.isArray(v3.errors)) {
      fieldErrors = Object.fromEntries(Object.entries(v3.errors).map(([key, value]) => [key, String(value)]))
    }
  }
  return new BigCommerceError(call, status, title, {
    fieldErrors,
    retryAfterMs: status === 429 ? announcedWaitMs(headers) : undefined
  })
}

function transportCode (err: unknown): string {
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') return code
  if ((err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError') return 'UND_ERR_TIMEOUT'
  return 'UNKNOWN'
}
