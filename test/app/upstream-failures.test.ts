/**
 * BigCommerce failures, through the whole app, against a loopback fake BigCommerce: each is mapped to
 * Fast's error body with a fitting status, nothing of BigCommerce's raw body leaks, and only reads are
 * repeated.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import t, { type Test } from 'tap'
import type { AppOptions } from '../../src/app.js'
import { loadFixture } from '../helpers/bigcommerce-fixtures.js'
import { buildTestApp, STORE_HASH, type TestBridge } from '../helpers/build-app.js'
import { startFakeBigCommerce, type FakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'

const ORDER_ID = 'eb3b8e18-930d-4213-92a0-4993f9e536a8'
const LINE_ID = '32dc17ee-ebff-40f8-87c5-b83f838d79d1'
const CART_ID = 'a98a387e-02ec-41a8-a38e-e3ca5fb0548d'
const CHECKOUT = loadFixture('seed-000-checkout', '02-read-checkout').response
const BILLED_CHECKOUT = loadFixture('seed-000-checkout', '03-add-billing-address').response
const AFTER_BILLING = loadFixture('seed-000-checkout', '04-read-checkout-after-billing').response

/** Read of a cart by its BigCommerce id: one GET /v3/checkouts/{id}, no database record needed. */
const READ = { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, external_order_id: CART_ID } }
/** Seed-000's create: one POST /v3/carts. */
const CREATE = {
  type: 'ENTITY_TYPE_ORDER',
  order: { is_cart: true, order: { id: { value: ORDER_ID }, lines: [{ id: { value: LINE_ID }, external_product_id: '112', quantity: 1 }] } }
}
/** Seed-000's bill_to update (of the order seeded by `withOrder`): one POST /v3/checkouts/{id}/billing-address. */
const UPDATE_BILL_TO = {
  type: 'ENTITY_TYPE_ORDER',
  order: {
    order_id: { value: ORDER_ID },
    is_cart: true,
    bill_to: { first_name: 'John', last_name: 'Smith', email: 'John+23roujwn@fast.in', phone: '+15555555555', address_1: '349 9th Street', city_locality: 'San Francisco', state_province_code: 'CA', country_code: 'US', postal_code: '94103' }
  }
}

const CHECKOUT_PATH = `/stores/${STORE_HASH}/v3/checkouts/${CART_ID}?`
const BILLING_PATH = `/stores/${STORE_HASH}/v3/checkouts/${CART_ID}/billing-address`
const CARTS_PATH = `/stores/${STORE_HASH}/v3/carts?`

async function setup (t: Test, options: Partial<AppOptions> = {}): Promise<{ bc: FakeBigCommerce, bridge: TestBridge }> {
  const bc = await startFakeBigCommerce(t)
  const bridge = await buildTestApp(t, { ...options, env: { BIGCOMMERCE_API_URL: bc.url } })
  return { bc, bridge }
}

/** The seed-000 order as created, so an update has something to change. */
async function withOrder (bridge: TestBridge): Promise<void> {
  await bridge.storage.saveOrder({
    storeHash: STORE_HASH, fastOrderId: ORDER_ID, cartId: CART_ID, bcOrderId: null, billingAddressId: null, currencyCode: 'USD', consignmentIds: [], cartVersion: null
  })
}

/** A v3 error body as BigCommerce writes it, with details that must stay with us. */
function v3Error (status: number, title: string): FakeReply {
  return {
    status,
    body: {
      status,
      title,
      type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
      detail: '',
      errors: { 'billing_address.email': 'internal-validator-7f3a says no' },
      instance: 'req-internal-7f3a'
    }
  }
}

/** No part of BigCommerce's raw error body in ours. */
function leaksNothing (t: Test, body: unknown): void {
  const text = JSON.stringify(body)
  t.notMatch(text, /developer\.bigcommerce\.com|internal-validator|req-internal|"errors"|"instance"|"title"|"status"/, 'no raw BigCommerce body')
}

t.test('the fake BigCommerce is really used (the read succeeds through it)', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.queue({ status: 200, body: CHECKOUT })
  const answer = await bridge.fast('read', READ)
  t.equal(answer.statusCode, 200)
  t.equal(answer.body.order.order.external_id, CART_ID)
  t.equal(bc.calls(), 1)
  t.match(bc.requests[0]?.url, CHECKOUT_PATH)
  t.equal(bc.requests[0]?.headers['x-auth-token'], 'test-access-token')
})

t.test('a cart BigCommerce does not know (404) answers 404', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.handle(() => v3Error(404, 'The requested checkout could not be found.'))
  const answer = await bridge.fast('read', READ)
  checkFastError(t, answer, 404, 'NOT_FOUND_IN_BIGCOMMERCE')
  t.match(answer.body.message, /does not exist in BigCommerce/)
  t.same(answer.body.details[0].metadata, { call: 'GET /v3/checkouts/{id}', upstream_status: '404' }, 'the call, not the cart id')
  leaksNothing(t, answer.body)
  t.equal(bc.calls(), 1, 'a 404 is not repeated')
})

t.test('a concurrent change refused by BigCommerce (409) answers 409 with Retry-After', async (t) => {
  const { bc, bridge } = await setup(t)
  await withOrder(bridge)
  bc.handle((request) => request.url.startsWith(BILLING_PATH) ? v3Error(409, 'Conflict: the checkout was modified') : { status: 200, body: AFTER_BILLING })
  const answer = await bridge.fast('update', UPDATE_BILL_TO)
  checkFastError(t, answer, 409, 'CONFLICT')
  t.equal(answer.body.code, 10, 'ABORTED')
  t.equal(answer.headers['retry-after'], '1')
  t.match(answer.body.message, /Conflict: the checkout was modified/)
  leaksNothing(t, answer.body)
  t.equal(bc.requests.filter(r => r.method === 'POST').length, 1, 'the POST is not repeated')
})

t.test('a change BigCommerce refuses (422) answers 422 with its title, without its raw body', async (t) => {
  const { bc, bridge } = await setup(t)
  await withOrder(bridge)
  bc.handle((request) => request.url.startsWith(BILLING_PATH) ? v3Error(422, 'The billing address is invalid') : { status: 200, body: AFTER_BILLING })
  const answer = await bridge.fast('update', UPDATE_BILL_TO)
  checkFastError(t, answer, 422, 'REJECTED_BY_BIGCOMMERCE')
  t.equal(answer.body.code, 9, 'FAILED_PRECONDITION')
  t.match(answer.body.message, 'The billing address is invalid')
  t.same(answer.body.details[0].metadata, { call: 'POST /v3/checkouts/{id}/billing-address', upstream_status: '422' })
  leaksNothing(t, answer.body)
  t.equal(bc.calls(), 1)
})

t.test('a long BigCommerce title is cut short in our message', async (t) => {
  const { bc, bridge } = await setup(t)
  await withOrder(bridge)
  bc.handle(() => v3Error(422, `Invalid ${'x'.repeat(5000)}`))
  const answer = await bridge.fast('update', UPDATE_BILL_TO)
  checkFastError(t, answer, 422, 'REJECTED_BY_BIGCOMMERCE')
  t.ok(answer.body.message.length < 400, `message of ${answer.body.message.length as number} characters`)
})

t.test('BigCommerce\'s quota spent (429) until after the deadline answers 503 BIGCOMMERCE_QUOTA_SPENT with Retry-After from X-Rate-Limit-Time-Reset-Ms, without waiting', async (t) => {
  const bc = await startFakeBigCommerce(t)
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url, FAST_DEADLINE_MS: '1000' } })
  bc.handle(() => ({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '4200', 'x-rate-limit-requests-left': '0' }, body: { status: 429, title: 'Too Many Requests' } }))
  const answer = await bridge.fast('read', READ)
  checkFastError(t, answer, 503, 'BIGCOMMERCE_QUOTA_SPENT')
  t.equal(answer.body.code, 14, 'UNAVAILABLE')
  t.equal(answer.headers['retry-after'], '5', '4.2 s rounded up')
  t.equal(bc.calls(), 1, 'a reset after the deadline is not waited for, and nothing is sent before it')
})

t.test('a 429 on a create is sent again after the reset (BigCommerce did not execute it) and makes one cart', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.queue({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '100', 'x-rate-limit-requests-left': '0' } }, { status: 200, body: loadFixture('seed-000-checkout', '01-create-cart').response })
  const answer = await bridge.fast('create', CREATE)
  t.equal(answer.statusCode, 200)
  t.equal(bc.calls(), 2)
  t.same(bc.requests.map(r => r.method), ['POST', 'POST'])
})

t.test('a read hitting a short quota window is repeated after it and succeeds', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.queue({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '50' } }, { status: 200, body: CHECKOUT })
  const answer = await bridge.fast('read', READ)
  t.equal(answer.statusCode, 200)
  t.equal(bc.calls(), 2)
})

for (const [status, reason] of [[401, 'STORE_TOKEN_REFUSED'], [403, 'STORE_SCOPE_MISSING']] as const) {
  t.test(`BigCommerce refusing the store's credentials (${status}) answers 503 ${reason}: the merchant's to fix, not Fast's`, async (t) => {
    const { bc, bridge } = await setup(t)
    bc.handle(() => v3Error(status, 'You do not have permission to access this resource'))
    const answer = await bridge.fast('read', READ)
    checkFastError(t, answer, 503, reason)
    t.equal(answer.body.code, 14, 'UNAVAILABLE')
    t.match(answer.body.message, /merchant/)
    t.notOk(answer.headers['retry-after'], 'it lasts until the merchant acts')
    t.notMatch(answer.body.message, /test-access-token/)
    leaksNothing(t, answer.body)
    t.equal(bc.calls(), 1)
  })
}

t.test('a BigCommerce 500 answers 502', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.handle(() => ({ status: 500, headers: { 'content-type': 'text/html' }, body: '<html><body>Internal Server Error at app-node-17</body></html>' }))
  const answer = await bridge.fast('read', READ)
  checkFastError(t, answer, 502, 'BIGCOMMERCE_ERROR')
  t.match(answer.body.message, /BigCommerce/)
  t.notMatch(JSON.stringify(answer.body), /html|app-node-17/, 'no raw body')
  t.same(answer.body.details[0].metadata, { call: 'GET /v3/checkouts/{id}', upstream_status: '500' })
})

t.test('a BigCommerce failure is logged with what failed, at error level', async (t) => {
  const lines: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)); done() } })
  const { bc, bridge } = await setup(t, { logger: { level: 'info', stream } })
  bc.handle(() => ({ status: 500 }))
  await bridge.fast('read', READ)
  const entries = lines.map(line => JSON.parse(line) as Record<string, unknown>)
  const failure = entries.find(entry => entry.reason === 'BIGCOMMERCE_ERROR')
  t.ok(failure, 'a log entry names the failure')
  t.match(failure, { level: 50, status: 502, upstream_status: '500', call: 'GET /v3/checkouts/{id}' })
})

t.test('a read that gets 503 and then 200 is repeated and succeeds', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.queue({ status: 503, body: { status: 503, title: 'Service Unavailable' } }, { status: 200, body: CHECKOUT })
  const answer = await bridge.fast('read', READ)
  t.equal(answer.statusCode, 200)
  t.equal(answer.body.order.order.external_id, CART_ID)
  t.equal(bc.calls(), 2)
  t.equal(bc.requests[0]?.url, bc.requests[1]?.url, 'the same GET twice')
})

t.test('a read that keeps getting 503 gives up after a few tries and answers 502 with Retry-After', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.handle(() => ({ status: 503 }))
  const answer = await bridge.fast('read', READ)
  checkFastError(t, answer, 502, 'BIGCOMMERCE_ERROR')
  t.equal(answer.headers['retry-after'], '1')
  t.equal(bc.calls(), 3)
})

t.test('a create (POST) that gets 503 is not repeated: exactly one call', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.handle(() => ({ status: 503 }))
  const answer = await bridge.fast('create', CREATE)
  checkFastError(t, answer, 502, 'BIGCOMMERCE_ERROR')
  t.equal(bc.calls(), 1)
  t.equal(bc.requests[0]?.method, 'POST')
  t.match(bc.requests[0]?.url, CARTS_PATH)
  t.equal(await bridge.storage.findOrderByFastId(STORE_HASH, ORDER_ID), undefined, 'no order remembered')
})

t.test('an update (POST) that gets 503 is not repeated: exactly one call', async (t) => {
  const { bc, bridge } = await setup(t)
  await withOrder(bridge)
  bc.handle(() => ({ status: 503 }))
  const answer = await bridge.fast('update', UPDATE_BILL_TO)
  checkFastError(t, answer, 502, 'BIGCOMMERCE_ERROR')
  t.equal(bc.calls(), 1)
})

t.test('a connection reset answers 503 BIGCOMMERCE_UNAVAILABLE', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.handle(() => 'reset')
  const answer = await bridge.fast('create', CREATE)
  checkFastError(t, answer, 503, 'BIGCOMMERCE_UNAVAILABLE')
  t.equal(answer.body.code, 14, 'UNAVAILABLE')
  t.equal(answer.headers['retry-after'], '1')
  t.equal(bc.calls(), 1, 'a POST whose connection broke is not repeated')
})

t.test('a read whose connection is reset is repeated, then answers 503', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.handle(() => 'reset')
  const answer = await bridge.fast('read', READ)
  checkFastError(t, answer, 503, 'BIGCOMMERCE_UNAVAILABLE')
  t.equal(bc.calls(), 3)
})

t.test('a read whose connection is reset once is repeated and succeeds', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.queue('reset', { status: 200, body: CHECKOUT })
  const answer = await bridge.fast('read', READ)
  t.equal(answer.statusCode, 200)
  t.equal(bc.calls(), 2)
})

t.test('BigCommerce unreachable (nothing listening) answers 503', async (t) => {
  const bc = await startFakeBigCommerce()
  const url = bc.url
  await bc.close()
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: url } })
  const answer = await bridge.fast('create', CREATE)
  checkFastError(t, answer, 503, 'BIGCOMMERCE_UNAVAILABLE')
  t.match(answer.body.message, /could not be reached/)
})

t.test('a BigCommerce answer that never comes answers 504 once the call deadline passes', async (t) => {
  const { bc, bridge } = await setup(t, { bigcommerceTimeoutMs: 300 })
  bc.handle(() => 'hang')
  const started = Date.now()
  const answer = await bridge.fast('create', CREATE)
  checkFastError(t, answer, 504, 'BIGCOMMERCE_TIMEOUT')
  t.equal(answer.body.code, 4, 'DEADLINE_EXCEEDED')
  t.match(answer.body.message, /did not answer in time/)
  t.ok(Date.now() - started < 5000, `answered within the deadline's reach (${Date.now() - started} ms)`)
  t.equal(bc.calls(), 1)
})

t.test('a BigCommerce answer whose body stalls answers 504', async (t) => {
  // Headers at once, then a body that never ends.
  const stalling = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.write('{"data":')
  })
  await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', () => resolve()))
  t.teardown(async () => {
    stalling.closeAllConnections()
    await new Promise<void>((resolve) => stalling.close(() => resolve()))
  })
  const { port } = stalling.address() as AddressInfo
  const bridge = await buildTestApp(t, { bigcommerceTimeoutMs: 300, env: { BIGCOMMERCE_API_URL: `http://127.0.0.1:${port}` } })
  const answer = await bridge.fast('create', CREATE)
  checkFastError(t, answer, 504, 'BIGCOMMERCE_TIMEOUT')
})

t.test('a success answer that is not JSON (a maintenance page) answers 502, not a 500', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.handle(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>maintenance page</html>' }))
  const answer = await bridge.fast('read', READ)
  checkFastError(t, answer, 502, 'BIGCOMMERCE_ERROR')
  t.notMatch(JSON.stringify(answer.body), /maintenance|html/, 'nothing of the page in the body')
})

t.test('the billing address is sent once and its answer used (BILLED_CHECKOUT sanity)', async (t) => {
  const { bc, bridge } = await setup(t)
  await withOrder(bridge)
  bc.handle((request) => request.url.startsWith(BILLING_PATH) ? { status: 200, body: BILLED_CHECKOUT } : { status: 200, body: AFTER_BILLING })
  const answer = await bridge.fast('update', UPDATE_BILL_TO)
  t.equal(answer.statusCode, 200)
  t.equal(bc.requests.filter(r => r.method === 'POST').length, 1)
})
