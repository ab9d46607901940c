/**
 * A loopback stand-in for api.bigcommerce.com, for what nock cannot fake faithfully (spec/toolchain.md §2b):
 * responses that never come (undici timeouts), connections reset mid-request, and exact call counts. Every
 * request is recorded; each is answered by the next queued reply, or by the handler once the queue is empty.
 *
 *   const bc = await startFakeBigCommerce(t)           // closed when the test ends
 *   bc.queue({ status: 503 }, { status: 200, body: { data: checkout } })
 *   const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
 *   ...
 *   t.equal(bc.calls(), 2)
 *
 * Replies: `{ status, headers?, body? }` (a body that is not a string is sent as JSON), `'hang'` (the request is
 * never answered; close() drops it) or `'reset'` (the socket is destroyed without an answer).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type FakeReply =
  | { status: number, headers?: Record<string, string>, body?: unknown }
  | 'hang'
  | 'reset'

export interface RecordedRequest {
  method: string
  /** Path and query string as sent, e.g. `/stores/abc/v3/carts?include=a,b`. */
  url: string
  headers: IncomingHttpHeaders
  /** The raw request body ('' when none). */
  body: string
}

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>

export interface FakeBigCommerce {
  /** `http://127.0.0.1:<port>`: the value for BIGCOMMERCE_API_URL. */
  readonly url: string
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[]
  calls (): number
  /** Replies served one per request, in order, before the handler is consulted. */
  queue (...replies: FakeReply[]): void
  /** Answers requests once the queue is empty; the default answers 500 "unexpected call". */
  handle (handler: FakeHandler): void
  close (): Promise<void>
}

/** The part of a tap Test the helper needs. */
export interface TeardownTest { teardown (fn: () => unknown): void }

export async function startFakeBigCommerce (t?: TeardownTest, handler?: FakeHandler): Promise<FakeBigCommerce> {
  const requests: RecordedRequest[] = []
  const queued: FakeReply[] = []
  let fallback: FakeHandler = handler ?? (() => ({ status: 500, body: { status: 500, title: 'unexpected call to the fake BigCommerce' } }))

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      requests.push(recorded)
      const next = queued.shift()
      void Promise.resolve(next ?? fallback(recorded)).then((reply) => {
        if (reply === 'hang') return
        if (reply === 'reset') {
          req.socket.destroy()
          return
        }
        const text = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
        const headers = {
          ...(reply.body === undefined || typeof reply.body === 'string' ? {} : { 'content-type': 'application/json' }),
          ...reply.headers
        }
        res.writeHead(reply.status, headers).end(text)
      }, (err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`fake handler failed: ${String(err)}`)
      })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  let closed = false
  const fake: FakeBigCommerce = {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls: () => requests.length,
    queue (...replies) { queued.push(...replies) },
    handle (next) { fallback = next },
    async close () {
      if (closed) return
      closed = true
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
  t?.teardown(fake.close)
  return fake
}
