/**
 * Guards for tests that must show what did NOT happen: no BigCommerce call (a nock trap on
 * api.bigcommerce.com that counts and refuses everything) and no database work (a storage whose
 * every method throws). Plus `checkFastError`, the shape every failure must have.
 *
 *   const bc = forbidBigCommerce(t)            // checks bc.calls() === 0 when the test body ends
 *   const bridge = await buildTestApp(t, { storage: throwingStorage() })
 */
import nock from 'nock'
import type { Test } from 'tap'
import type { Storage } from '../../src/storage/storage.js'

export const BIGCOMMERCE_ORIGIN = 'https://api.bigcommerce.com'

/** A tap Test. */
export type GuardTest = Test

export interface BigCommerceTrap {
  /** Requests that reached api.bigcommerce.com (or any other non-loopback host). */
  calls (): number
  /** Their method and path, for failure messages. */
  seen: string[]
}

/**
 * Refuses the network (loopback stays open for the JWKS and fake servers), answers every request to
 * api.bigcommerce.com with a 599 it counts, and asserts that none came when the test body ends.
 */
export function forbidBigCommerce (t: GuardTest): BigCommerceTrap {
  const seen: string[] = []
  nock.disableNetConnect()
  nock.enableNetConnect('127.0.0.1')
  const scope = nock(BIGCOMMERCE_ORIGIN).persist()
  for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
    // nock 15 calls a reply function with one argument, a Fetch Request (spec/toolchain.md §2b).
    scope[method](() => true).reply(599, (request: unknown) => {
      const url = typeof request === 'string' ? request : (request as { url?: string }).url
      seen.push(`${method.toUpperCase()} ${url ?? '?'}`)
      return { status: 599, title: 'this test forbids BigCommerce calls' }
    })
  }
  const onNoMatch = (req: { method?: string, url?: string }): void => {
    const url = req.url === undefined ? '' : req.url
    if (/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) return
    seen.push(`${req.method ?? '?'} ${url} (unmatched)`)
  }
  nock.emitter.on('no match', onNoMatch)
  let checked = false
  const check = (): void => {
    if (checked) return
    checked = true
    t.equal(seen.length, 0, `no BigCommerce call was made${seen.length === 0 ? '' : `: ${seen.join(', ')}`}`)
  }
  // tap's TestBase hook, as in bigcommerce-fixtures.ts: checked while assertions still count.
  const base = (t as unknown as { t?: { onbeforeend?: () => unknown } }).t
  if (base !== undefined && typeof base.onbeforeend === 'function') {
    const previous = base.onbeforeend
    base.onbeforeend = function (this: unknown) {
      check()
      return previous.call(this)
    }
  }
  t.teardown(() => {
    nock.emitter.removeListener('no match', onNoMatch)
    check()
    nock.cleanAll()
  })
  return { calls: () => seen.length, seen }
}

const NOT_METHODS = new Set(['then', 'getter', 'setter', 'toJSON', 'constructor', 'inspect', 'asymmetricMatch'])

/** Methods a storage has (the interface is wider than what we call; every one of them throws here). */
export function throwingStorage (): Storage & { touched: string[] } {
  const touched: string[] = []
  return new Proxy({ touched } as unknown as Storage & { touched: string[] }, {
    get (_target, property) {
      if (property === 'touched') return touched
      if (property === 'close') return async () => {}
      // Finding the installed store a token's audience names is part of authentication: none here.
      if (property === 'findStoreByFastAppId') return async () => undefined
      // Not storage methods: what Fastify's decorate() and promise/inspection machinery probe for.
      if (typeof property === 'symbol' || NOT_METHODS.has(property)) return undefined
      return (..._args: unknown[]) => {
        touched.push(String(property))
        throw new Error(`storage.${String(property)} must not be called`)
      }
    }
  })
}

export interface FastAnswer { statusCode: number, headers: Record<string, unknown>, body: any }

/**
 * Asserts Fast's error body: the status, `{code, message, details:[ErrorInfo]}` with this reason,
 * a message of some use, and nothing that looks like a stack trace or a raw upstream body.
 */
export function checkFastError (t: GuardTest, answer: FastAnswer, status: number, reason: string | RegExp): void {
  t.equal(answer.statusCode, status, `answers ${status}`)
  t.match(answer.headers['content-type'], /^application\/json/, 'as JSON')
  const body = answer.body as { code?: unknown, message?: unknown, details?: Array<Record<string, unknown>> } | undefined
  t.match(body, {
    code: Number,
    message: String,
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'fast-bigcommerce', metadata: Object }]
  }, "Fast's error body")
  t.equal(body?.details?.length, 1, 'one ErrorInfo')
  t.same(Object.keys(body ?? {}).sort(), ['code', 'details', 'message'], 'nothing else in the body')
  const message = typeof body?.message === 'string' ? body.message : ''
  t.ok(message.length >= 10, `the message says something: ${JSON.stringify(message)}`)
  const text = JSON.stringify(body)
  t.notMatch(text, /\n\s+at |\.ts:\d+|node_modules|stack/, 'no stack trace')
}
