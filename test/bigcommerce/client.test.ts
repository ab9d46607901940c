/**
 * The BigCommerce client on its own, against a loopback fake: what it sends, how it reads answers,
 * how it normalises v2 and v3 failures, and when it repeats a call.
 */
import { createServer } from 'node:http'
import t, { type Test } from 'tap'
import { pino } from 'pino'
import { Pool } from 'undici'
import { BigCommerceError, createBigCommerceClient, expandPath, type BigCommerceClientOptions, type CallNotMadeError } from '../../src/bigcommerce/client.js'
import { bindStore } from '../../src/bigcommerce/store-api.js'
import { startFakeBigCommerce, type FakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'

const STORE = { hash: 'abc123', accessToken: 'secret-token' }
const USER_AGENT = 'fast-bigcommerce-test/1.0'

async function setup (t: Test, options: Partial<BigCommerceClientOptions> = {}): Promise<{ bc: FakeBigCommerce, client: ReturnType<typeof createBigCommerceClient> }> {
  const bc = await startFakeBigCommerce(t)
  const client = createBigCommerceClient({ apiUrl: bc.url, userAgent: USER_AGENT, ...options })
  t.teardown(async () => { await client.close() })
  return { bc, client }
}

t.test('every call carries the store token, our User-Agent and asks for JSON', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 200, body: { data: { id: 1 } } })
  const answer = await client.call<{ data: { id: number } }>(STORE, 'GET', '/v3/catalog/products/{id}', { params: { id: 1 } })
  t.same(answer, { status: 200, body: { data: { id: 1 } } })
  const [request] = bc.requests
  t.equal(request?.method, 'GET')
  t.equal(request?.url, '/stores/abc123/v3/catalog/products/1')
  t.equal(request?.headers['x-auth-token'], 'secret-token')
  t.equal(request?.headers['user-agent'], USER_AGENT)
  t.equal(request?.headers.accept, 'application/json')
  t.equal(request?.headers['content-type'], undefined, 'a call without a body declares no content type')
  t.equal(request?.body, '')
})

t.test('a call with a body sends it as JSON with a JSON content type', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 201, body: { data: { id: 'cart-1' } } })
  const body = { line_items: [{ product_id: 112, quantity: 1 }], note: 'ünïcødé "quoted"' }
  const answer = await client.call(STORE, 'POST', '/v3/carts', { body })
  t.equal(answer.status, 201)
  t.equal(bc.requests[0]?.headers['content-type'], 'application/json')
  t.same(JSON.parse(bc.requests[0]?.body ?? ''), body)
})

t.test('finding 18: a POST or PUT without a body still declares Content-Type: application/json, as createOrder requires', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 200, body: { data: { id: 75 }, meta: {} } }, { status: 200, body: {} }, { status: 204 })
  await client.call(STORE, 'POST', '/v3/checkouts/{id}/orders', { params: { id: 'c1' } })
  await client.call(STORE, 'PUT', '/v2/orders/{id}', { params: { id: 75 } })
  await client.call(STORE, 'DELETE', '/v3/carts/{id}', { params: { id: 'c1' } })
  t.equal(bc.requests[0]?.headers['content-type'], 'application/json', 'bodiless POST')
  t.equal(bc.requests[0]?.body, '', 'and still no body')
  t.equal(bc.requests[1]?.headers['content-type'], 'application/json', 'bodiless PUT')
  t.equal(bc.requests[2]?.headers['content-type'], undefined, 'a DELETE without a body declares none')
})

t.test('finding 8: a call given its own timeoutMs is not abandoned at the client\'s generic timeout', async (t) => {
  const { bc, client } = await setup(t, { timeoutMs: 100, maxAttempts: 1 })
  let arrived!: () => void
  const postArrived = new Promise<void>(resolve => { arrived = resolve })
  let release!: (reply: FakeReply) => void
  const answer = new Promise<FakeReply>(resolve => { release = resolve })
  bc.handle(request => {
    if (request.url.includes('/probe')) return 'hang'
    arrived()
    return answer
  })
  const order = client.call<{ data: { id: number } }>(STORE, 'POST', '/v3/checkouts/{id}/orders', { params: { id: 'c1' }, timeoutMs: 60_000 })
  await postArrived
  // A call with the generic timeout, sent after the POST, times out: the POST's generic deadline has passed too.
  await t.rejects(client.call(STORE, 'GET', '/probe'), { name: 'BigCommerceError', status: 0 }, 'the generic timeout has passed')
  release({ status: 200, body: { data: { id: 75 }, meta: {} } })
  t.same((await order).body, { data: { id: 75 }, meta: {} }, 'the POST still gets its answer')
})

t.test('path parameters are percent-encoded so an id cannot change the path', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 200, body: {} })
  await client.call(STORE, 'DELETE', '/v3/checkouts/{id}/coupons/{code}', { params: { id: 'a/../b', code: 'SAVE 10%?' } })
  t.equal(bc.requests[0]?.url, '/stores/abc123/v3/checkouts/a%2F..%2Fb/coupons/SAVE%2010%25%3F')
  t.equal(expandPath('/v3/carts/{id}/items/{itemId}', { id: 'c', itemId: 7 }), '/v3/carts/c/items/7')
  t.throws(() => expandPath('/v3/carts/{id}', {}), TypeError, 'a missing path parameter is a programming error')
})

t.test('comma lists and colons in the query stay literal; other characters are encoded; undefined values are left out', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 200, body: {} })
  await client.call(STORE, 'GET', '/v3/checkouts/{id}', {
    params: { id: 'c1' },
    query: { include: 'cart.line_items.physical_items.options,consignments.available_shipping_options', 'id:in': '1,2', keyword: 'a&b=c d', page: undefined, limit: 5 }
  })
  t.equal(bc.requests[0]?.url, '/stores/abc123/v3/checkouts/c1?include=cart.line_items.physical_items.options,consignments.available_shipping_options&id:in=1,2&keyword=a%26b%3Dc%20d&limit=5')
})

t.test('an API URL with a path prefix keeps it', async (t) => {
  const bc = await startFakeBigCommerce(t)
  const client = createBigCommerceClient({ apiUrl: `${bc.url}/proxy/`, userAgent: USER_AGENT })
  t.teardown(async () => { await client.close() })
  bc.queue({ status: 200, body: {} })
  await client.call(STORE, 'GET', '/v2/store')
  t.equal(bc.requests[0]?.url, '/proxy/stores/abc123/v2/store')
})

t.test('204 No Content answers an undefined body', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 204 })
  const answer = await client.call(STORE, 'DELETE', '/v3/carts/{id}', { params: { id: 'c1' } })
  t.same(answer, { status: 204, body: undefined })
})

t.test('a v3 error body becomes a BigCommerceError with status, title, detail and field errors', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({
    status: 422,
    body: { status: 422, title: 'Input is invalid', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes', detail: 'Missing or incorrect data', errors: { 'line_items.0.quantity': 'must be positive', count: 3 } }
  })
  const err = await client.call(STORE, 'POST', '/v3/carts', { body: {} }).catch((e: unknown) => e)
  t.ok(err instanceof BigCommerceError)
  t.match(err, {
    status: 422,
    call: 'POST /v3/carts',
    title: 'Input is invalid: Missing or incorrect data',
    fieldErrors: { 'line_items.0.quantity': 'must be positive', count: '3' },
    retryAfterMs: undefined,
    transportCode: undefined
  })
  t.notMatch((err as Error).message, /abc123|secret-token/, 'the error names the call template, not the store or its token')
})

t.test('a v2 error body ([{status, message}]) becomes a BigCommerceError titled by its message', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 400, body: [{ status: 400, message: 'The field \'country_iso2\' is invalid.' }] })
  const err = await client.call(STORE, 'GET', '/v2/countries', { query: { country_iso2: 'ZZZ' } }).catch((e: unknown) => e)
  t.ok(err instanceof BigCommerceError)
  t.match(err, { status: 400, call: 'GET /v2/countries', title: 'The field \'country_iso2\' is invalid.', fieldErrors: {} })
})

t.test('an error answer that is not JSON is titled by its HTTP status', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' })
  const err = await client.call(STORE, 'GET', '/v3/carts/{id}', { params: { id: 'gone' } }).catch((e: unknown) => e)
  t.match(err, { name: 'BigCommerceError', status: 404, title: 'HTTP 404' })
  t.notMatch((err as Error).message, /html/i, 'the raw body is not carried')
})

t.test('a 429 carries the quota reset time from X-Rate-Limit-Time-Reset-Ms', async (t) => {
  const { bc, client } = await setup(t, { maxAttempts: 1 })
  bc.queue({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '15000' }, body: { status: 429, title: 'Too many requests' } })
  const err = await client.call(STORE, 'POST', '/v3/carts', { body: {} }).catch((e: unknown) => e)
  t.match(err, { name: 'BigCommerceError', status: 429, retryAfterMs: 15000 })
})

t.test('a read that fails with 503 is repeated and succeeds', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 503 }, { status: 200, body: { data: 'ok' } })
  const answer = await client.call(STORE, 'GET', '/v3/carts/{id}', { params: { id: 'c1' } })
  t.same(answer.body, { data: 'ok' })
  t.equal(bc.calls(), 2)
})

t.test('a read that keeps failing is tried maxAttempts times, then the last failure is thrown', async (t) => {
  const { bc, client } = await setup(t, { maxAttempts: 2 })
  bc.handle(() => ({ status: 502 }))
  await t.rejects(client.call(STORE, 'GET', '/v3/carts/{id}', { params: { id: 'c1' } }), { name: 'BigCommerceError', status: 502 })
  t.equal(bc.calls(), 2)
})

t.test('a 429 read is repeated after the quota window when that window is short', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '50' } }, { status: 200, body: {} })
  await client.call(STORE, 'GET', '/v2/store')
  t.equal(bc.calls(), 2)
})

t.test('a 429 whose reset comes after the deadline is not waited for: the call ends as QUOTA_SPENT, carrying the wait', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '30000' } })
  const err = await client.call(STORE, 'GET', '/v2/store', { deadline: Date.now() + 5_000 }).catch((e: unknown) => e)
  t.match(err, { name: 'CallNotMadeError', reason: 'QUOTA_SPENT' })
  t.ok((err as CallNotMadeError).retryAfterMs! > 25_000, 'the rest of the announced reset')
  t.equal(bc.calls(), 1)
})

t.test('a read refused with 4xx is not repeated', async (t) => {
  const { bc, client } = await setup(t)
  bc.handle(() => ({ status: 404, body: { status: 404, title: 'Not found' } }))
  await t.rejects(client.call(STORE, 'GET', '/v3/carts/{id}', { params: { id: 'gone' } }), { name: 'BigCommerceError', status: 404 })
  t.equal(bc.calls(), 1)
})

t.test('a POST that fails with 503 is not repeated (it may have been applied)', async (t) => {
  const { bc, client } = await setup(t)
  bc.handle(() => ({ status: 503 }))
  await t.rejects(client.call(STORE, 'POST', '/v3/carts', { body: {} }), { name: 'BigCommerceError', status: 503 })
  t.equal(bc.calls(), 1)
})

for (const method of ['PUT', 'DELETE'] as const) {
  t.test(`a ${method} that fails with 503 is repeated (repeating it changes nothing more) and succeeds`, async (t) => {
    const { bc, client } = await setup(t)
    bc.queue({ status: 503 }, { status: 200, body: { data: 'ok' } })
    const answer = await client.call(STORE, method, '/v3/carts/{id}', { params: { id: 'c1' }, body: method === 'DELETE' ? undefined : {} })
    t.same(answer.body, { data: 'ok' })
    t.equal(bc.calls(), 2)
  })
}

t.test('a POST refused with 429 is sent again after the reset: BigCommerce did not execute it', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '50' } }, { status: 200, body: { data: 'made' } })
  const answer = await client.call(STORE, 'POST', '/v3/carts', { body: {} })
  t.same(answer.body, { data: 'made' })
  t.equal(bc.calls(), 2)
})

t.test('a reset connection is a status-0 BigCommerceError with the transport code', async (t) => {
  const { bc, client } = await setup(t)
  bc.handle(() => 'reset')
  const err = await client.call(STORE, 'POST', '/v3/carts', { body: {} }).catch((e: unknown) => e)
  t.ok(err instanceof BigCommerceError)
  t.match(err, { status: 0, title: 'no response from BigCommerce', call: 'POST /v3/carts' })
  t.match((err as BigCommerceError).transportCode, /^(ECONNRESET|UND_ERR_SOCKET|EPIPE)$/)
  t.equal(bc.calls(), 1)
})

t.test('an answer that never comes times out with a timeout transport code', async (t) => {
  const { bc, client } = await setup(t, { timeoutMs: 200 })
  bc.handle(() => 'hang')
  const err = await client.call(STORE, 'POST', '/v3/carts', { body: {} }).catch((e: unknown) => e)
  t.ok(err instanceof BigCommerceError)
  t.match(err, { status: 0 })
  t.match((err as BigCommerceError).transportCode, /^UND_ERR_(HEADERS_|BODY_)?TIMEOUT$/)
})

t.test('an answer whose body stalls after the headers times out like one that never comes', async (t) => {
  // Headers and half a body, then nothing.
  const stalling = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"data":')
  })
  await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', () => resolve()))
  t.teardown(async () => {
    stalling.closeAllConnections()
    await new Promise<void>((resolve) => stalling.close(() => resolve()))
  })
  const { port } = stalling.address() as { port: number }
  const slow = createBigCommerceClient({ apiUrl: `http://127.0.0.1:${port}`, userAgent: USER_AGENT, timeoutMs: 200, maxAttempts: 1 })
  t.teardown(async () => { await slow.close() })
  const err = await slow.call(STORE, 'GET', '/v2/store').catch((e: unknown) => e)
  t.ok(err instanceof BigCommerceError, 'a BigCommerceError, not a raw undici error')
  t.match(err, { status: 0 })
  t.match((err as BigCommerceError).transportCode, /^UND_ERR_(HEADERS_|BODY_)?TIMEOUT$/)
})

t.test('a connection that breaks off in the middle of the body is a status-0 BigCommerceError', async (t) => {
  const breaking = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
    res.write('{"data":', () => { req.socket.destroy() })
  })
  await new Promise<void>((resolve) => breaking.listen(0, '127.0.0.1', () => resolve()))
  t.teardown(async () => {
    breaking.closeAllConnections()
    await new Promise<void>((resolve) => breaking.close(() => resolve()))
  })
  const { port } = breaking.address() as { port: number }
  const client = createBigCommerceClient({ apiUrl: `http://127.0.0.1:${port}`, userAgent: USER_AGENT, maxAttempts: 1 })
  t.teardown(async () => { await client.close() })
  const err = await client.call(STORE, 'POST', '/v3/carts', { body: {} }).catch((e: unknown) => e)
  t.ok(err instanceof BigCommerceError, 'a BigCommerceError, not a raw undici error')
  t.match(err, { status: 0, call: 'POST /v3/carts' })
})

t.test('a success whose body is not JSON is a BigCommerceError, not an undefined body', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>maintenance</html>' })
  const err = await client.call(STORE, 'POST', '/v3/carts', { body: {} }).catch((e: unknown) => e)
  t.ok(err instanceof BigCommerceError)
  t.match(err, { status: 200, title: /not JSON/ })
  t.notMatch((err as Error).message, /maintenance/)
})

t.test('every call is reported to onCall with its template and status, never its ids', async (t) => {
  const events: Array<{ store: string, call: string, status: number }> = []
  const { bc, client } = await setup(t, { onCall: ({ store, call, status }) => { events.push({ store, call, status }) } })
  bc.queue({ status: 200, body: {} }, { status: 404 })
  await client.call(STORE, 'GET', '/v3/carts/{id}', { params: { id: 'cart-xyz' } })
  await client.call(STORE, 'GET', '/v3/carts/{id}', { params: { id: 'cart-xyz' } }).catch(() => {})
  t.same(events, [
    { store: 'abc123', call: 'GET /v3/carts/{id}', status: 200 },
    { store: 'abc123', call: 'GET /v3/carts/{id}', status: 404 }
  ])
})

t.test('close() closes the client\'s own pool: later calls fail instead of connecting', async (t) => {
  const bc = await startFakeBigCommerce(t)
  const client = createBigCommerceClient({ apiUrl: bc.url, userAgent: USER_AGENT })
  bc.handle(() => ({ status: 200, body: {} }))
  await client.call(STORE, 'GET', '/v2/store')
  await client.close()
  const err = await client.call(STORE, 'GET', '/v2/store').catch((e: unknown) => e)
  t.match(err, { name: 'BigCommerceError', status: 0 })
  t.match((err as BigCommerceError).transportCode, /^UND_ERR_(CLOSED|DESTROYED)$/)
  t.equal(bc.calls(), 1)
})

t.test('close() leaves a dispatcher the caller owns open', async (t) => {
  const bc = await startFakeBigCommerce(t)
  const pool = new Pool(bc.url)
  t.teardown(async () => { await pool.close() })
  const client = createBigCommerceClient({ apiUrl: bc.url, userAgent: USER_AGENT, dispatcher: pool })
  bc.handle(() => ({ status: 200, body: {} }))
  await client.close()
  t.equal(pool.closed, false)
  await client.call(STORE, 'GET', '/v2/store')
  t.equal(bc.calls(), 1)
})

t.test('a store never has more than callsPerStore calls at BigCommerce; the others go as earlier ones finish', async (t) => {
  const held: Array<() => void> = []
  let arrived!: () => void
  const twoArrived = new Promise<void>(resolve => { arrived = resolve })
  const { bc, client } = await setup(t, { callsPerStore: 2 })
  bc.handle(async () => {
    if (held.length < 2) {
      await new Promise<void>(resolve => {
        held.push(resolve)
        if (held.length === 2) arrived()
      })
    }
    return { status: 200, body: {} }
  })
  const calls = [1, 2, 3, 4].map(async id => await client.call(STORE, 'GET', '/v3/carts/{id}', { params: { id } }))
  await twoArrived
  const other = await client.call({ hash: 'other', accessToken: 'other-token' }, 'GET', '/v2/store')
  t.equal(other.status, 200, "another store's call is not held behind them")
  t.same(bc.requests.filter(request => request.url.startsWith('/stores/abc123/')).map(request => request.url), ['/stores/abc123/v3/carts/1', '/stores/abc123/v3/carts/2'], 'two calls at BigCommerce, two waiting')
  for (const release of held) release()
  t.same((await Promise.all(calls)).map(answer => answer.status), [200, 200, 200, 200])
  t.same(bc.requests.filter(request => request.url.startsWith('/stores/abc123/')).map(request => request.url).slice(2).sort(), ['/stores/abc123/v3/carts/3', '/stores/abc123/v3/carts/4'], 'then the waiting ones')
})

t.test('a store-bound client reports a 401 (the token refused) before passing it on, and not a 403 or 404', async (t) => {
  const { bc, client } = await setup(t)
  const refused: string[] = []
  const api = bindStore(client, STORE, { onTokenRefused: async (hash) => { refused.push(hash) } })
  bc.queue({ status: 403, body: { status: 403, title: 'Forbidden' } }, { status: 404 }, { status: 401, body: { status: 401, title: 'Unauthorized' } })
  const statusOf = async (): Promise<unknown> => await api.call('GET', '/v2/store').catch((err: BigCommerceError) => err.status)
  t.same([await statusOf(), await statusOf()], [403, 404])
  t.same(refused, [])
  t.equal(await statusOf(), 401, 'the 401 is passed on')
  t.same(refused, ['abc123'])
})

t.test('a BigCommerce refusal logged whole carries the call and status but not BigCommerce\'s words, which may repeat the shopper\'s data', async (t) => {
  const err = new BigCommerceError('PUT /v3/checkouts/{id}/billing-address/{addressId}', 422, 'jane.shopper@example.com is not allowed', {
    fieldErrors: { email: 'jane.shopper@example.com is not allowed', address1: '1 Shopper Street' }
  })
  const lines: string[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(line) } })
  logger.warn({ err }, 'a failure')
  const logged = lines.join('')
  t.match(logged, /PUT \/v3\/checkouts\/\{id\}\/billing-address\/\{addressId\}/, 'the call is logged')
  t.match(logged, /"status":422/, 'and the status')
  t.notMatch(logged, /jane\.shopper|Shopper Street/, 'but no word of BigCommerce\'s answer')
  t.equal(err.title, 'jane.shopper@example.com is not allowed', 'the title is still there for mapping')
  t.same(err.fieldErrors, { email: 'jane.shopper@example.com is not allowed', address1: '1 Shopper Street' }, 'and the field errors')
})
