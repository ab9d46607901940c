/**
 * The one way to call BigCommerce: an undici Pool per API origin, X-Auth-Token, JSON in and out,
 * a timeout on every call, v2 and v3 error bodies normalised into BigCommerceError, and retries
 * only where repeating cannot change anything (reads).
 *
 * Many stores, one origin: every store is served from api.bigcommerce.com/stores/{hash}, so one
 * shared keep-alive Pool serves them all (connections are reused across stores, no TLS handshake
 * per store), and each store's budget of concurrent calls (store-budget.ts) sits above it
 * (spec/guarantees.md §2.4: per-store bulkheads above the shared pool). A Pool per store would
 * bound stores just as well but open and close connections per store and need idle eviction.
 * The pool is sized so budgets do not collide in practice: at 6 calls per store, 42 stores can
 * use their whole budget at once; beyond that the pool queues first in, first out, where each
 * store has at most its budget waiting, so a burst on one store still cannot starve another.
 */
import { Pool, type Dispatcher } from 'undici'
import { setTimeout as sleep } from 'node:timers/promises'
import { createStoreBudget } from './store-budget.js'

/** Concurrent calls per store unless configured (spec/bigcommerce.md §4 suggests 4-6). */
export const DEFAULT_CALLS_PER_STORE = 6
const POOL_CONNECTIONS = 256

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
   * This call's deadline instead of the client's: for a call whose abandonment costs more than
   * waiting (POST .../orders: a timed-out POST leaves an order that may or may not exist).
   */
  timeoutMs?: number
}

export interface BigCommerceResponse<T> {
  status: number
  body: T
}

export class BigCommerceError extends Error {
  readonly status: number
  /** `METHOD /v3/path/{template}`: which call failed, without ids or query values. */
  readonly call: string
  /** BigCommerce's short title for the failure (not enumerable: see the constructor). */
  declare readonly title: string
  /** Field errors from a v3 body (`errors`), kept for mapping; never sent to Fast verbatim. */
  declare readonly fieldErrors: Record<string, string>
  /** Milliseconds until BigCommerce's quota window resets, from X-Rate-Limit-Time-Reset-Ms. */
  readonly retryAfterMs: number | undefined
  /** Transport failure code (UND_ERR_*, ECONNRESET, ...) when no HTTP answer came. */
  readonly transportCode: string | undefined

  constructor (call: string, status: number, title: string, options: {
    fieldErrors?: Record<string, string>
    retryAfterMs?: number
    transportCode?: string
    cause?: unknown
  } = {}) {
    super(`BigCommerce ${call} answered ${status === 0 ? options.transportCode ?? 'no response' : status}`, { cause: options.cause })
    this.name = 'BigCommerceError'
    this.call = call
    this.status = status
    // BigCommerce's own words may repeat the shopper's data back (an email, an address): they stay
    // out of the message and off the enumerable properties, so an error logged whole carries only
    // the call, the status and the stack.
    Object.defineProperties(this, {
      title: { value: title, enumerable: false },
      fieldErrors: { value: options.fieldErrors ?? {}, enumerable: false }
    })
    this.retryAfterMs = options.retryAfterMs
    this.transportCode = options.transportCode
  }
}

/** BigCommerce refused the request (a 4xx, 429 included): it changed nothing. */
export function isRefusal (err: unknown): err is BigCommerceError {
  return err instanceof BigCommerceError && err.status >= 400 && err.status < 500
}

/**
 * No answer, a 5xx, or a 2xx whose body could not be read: the change may or may not have been
 * made, so repeating it blindly could make it twice.
 */
export function isUnknownOutcome (err: unknown): err is BigCommerceError {
  return err instanceof BigCommerceError && !isRefusal(err)
}

export interface BigCommerceClientOptions {
  apiUrl: string
  userAgent: string
  timeoutMs?: number
  /** For tests that point the client at a loopback fake; production owns its Pool. */
  dispatcher?: Dispatcher
  /** Attempts for reads that fail on transport errors, 429 or 5xx (1 = no retry). */
  readAttempts?: number
  /**
   * How many calls of one store may be in flight at once; more wait their turn, in order. Waiting
   * does not count against a call's timeout: a call that never left was never at risk of being made.
   */
  callsPerStore?: number
  /** Observes every call, for metrics and call budgets. */
  onCall?: (event: { store: string, call: string, status: number, ms: number }) => void
}

export interface BigCommerceClient {
  call<T>(store: StoreCredentials, method: HttpMethod, template: string, options?: CallOptions): Promise<BigCommerceResponse<T>>
  close(): Promise<void>
}

const MAX_RETRY_WAIT_MS = 2_000

export function createBigCommerceClient (options: BigCommerceClientOptions): BigCommerceClient {
  const base = new URL(options.apiUrl)
  const basePath = base.pathname.replace(/\/$/, '')
  const ownPool = options.dispatcher === undefined
  const dispatcher = options.dispatcher ?? new Pool(base.origin, { connections: POOL_CONNECTIONS, pipelining: 1 })
  const timeoutMs = options.timeoutMs ?? 10_000
  const readAttempts = options.readAttempts ?? 3
  const budget = createStoreBudget(options.callsPerStore ?? DEFAULT_CALLS_PER_STORE)

  async function once<T> (store: StoreCredentials, method: HttpMethod, template: string, callOptions: CallOptions): Promise<BigCommerceResponse<T>> {
    const call = `${method} ${template}`
    const deadlineMs = callOptions.timeoutMs ?? timeoutMs
    const started = performance.now()
    let response: Dispatcher.ResponseData
    let text: string
    try {
      response = await dispatcher.request({
        origin: base.origin,
        method,
        path: `${basePath}/stores/${encodeURIComponent(store.hash)}${expandPath(template, callOptions.params)}${queryString(callOptions.query)}`,
        headers: {
          'x-auth-token': store.accessToken,
          accept: 'application/json',
          'user-agent': options.userAgent,
          ...(declaresJson(method, callOptions.body) ? { 'content-type': 'application/json' } : {})
        },
        body: callOptions.body === undefined ? undefined : JSON.stringify(callOptions.body),
        headersTimeout: deadlineMs,
        bodyTimeout: deadlineMs,
        signal: AbortSignal.timeout(deadlineMs)
      })
      // Inside the try: a body that stalls (bodyTimeout) or breaks off is a transport failure too.
      text = await response.body.text()
    } catch (err) {
      const code = transportCode(err)
      options.onCall?.({ store: store.hash, call, status: 0, ms: performance.now() - started })
      throw new BigCommerceError(call, 0, 'no response from BigCommerce', { transportCode: code, cause: err })
    }
    options.onCall?.({ store: store.hash, call, status: response.statusCode, ms: performance.now() - started })
    const body = text === '' ? undefined : safeJson(text)
    if (response.statusCode >= 200 && response.statusCode < 300) {
      // A success whose body is not JSON (a proxy's maintenance page) is BigCommerce failing to answer.
      if (text !== '' && body === undefined) throw new BigCommerceError(call, response.statusCode, 'BigCommerce answered with a body that is not JSON')
      return { status: response.statusCode, body: body as T }
    }
    throw errorFrom(call, response.statusCode, body, response.headers)
  }

  return {
    async call<T> (store: StoreCredentials, method: HttpMethod, template: string, callOptions: CallOptions = {}): Promise<BigCommerceResponse<T>> {
      const attempts = method === 'GET' ? readAttempts : 1
      for (let attempt = 1; ; attempt++) {
        try {
          // Each attempt takes its own slot: a read waiting to be repeated holds none.
          return await budget.run(store.hash, async () => await once<T>(store, method, template, callOptions))
        } catch (err) {
          const wait = attempt < attempts ? retryDelayMs(err as BigCommerceError, attempt) : undefined
          if (wait === undefined) throw err
          await sleep(wait)
        }
      }
    },
    async close () {
      if (ownPool) await dispatcher.close()
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

/** How long to wait before repeating a read, or undefined when repeating cannot help. */
function retryDelayMs (err: BigCommerceError, attempt: number): number | undefined {
  if (err.status === 429) {
    // A 429 without the quota headers means platform overload: back off like a 503.
    const wait = err.retryAfterMs ?? 250 * attempt
    return wait <= MAX_RETRY_WAIT_MS ? wait : undefined
  }
  if (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504) return 100 * attempt
  return undefined
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

function headerNumber (headers: Dispatcher.ResponseData['headers'], name: string): number | undefined {
  const raw = headers[name]
  const value = Number(Array.isArray(raw) ? raw[0] : raw)
  return Number.isFinite(value) && raw !== undefined ? value : undefined
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
    retryAfterMs: status === 429 ? headerNumber(headers, 'x-rate-limit-time-reset-ms') : undefined
  })
}

function transportCode (err: unknown): string {
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string') return code
  if ((err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError') return 'UND_ERR_TIMEOUT'
  return 'UNKNOWN'
}
