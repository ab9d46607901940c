import t from 'tap'
import { request } from 'undici'
import { buildSandbox } from '../../src/sandbox/app.js'
import { readyCheckout, sandbox, STORE } from './helpers.js'

t.test('the call counter keys calls by method and path template, per store', async (t) => {
  const { call } = sandbox(t)
  const cart = (await call('POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 112, quantity: 1 }] })).body.data
  await call('GET', `${STORE}/v3/checkouts/${cart.id}`)
  await call('GET', `${STORE}/v3/checkouts/${cart.id}?include=consignments.available_shipping_options`)
  const counts = await call('GET', '/__sandbox/calls')
  t.same(counts.body, { stores: { sandbox: { 'POST /v3/carts': 1, 'GET /v3/checkouts/{id}': 2 } } })
})

t.test('the call counter names every placeholder', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call)
  await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)
  await call('GET', `${STORE}/v2/countries/226/states?state_abbreviation=CA`)
  await call('GET', `${STORE}/v3/catalog/products/112/variants/77`)
  await call('PUT', `${STORE}/v3/checkouts/${cartId}/billing-address/${checkout.billing_address.id}`, { email: 'a@b.c', country_code: 'US' })
  const counts = (await call('GET', '/__sandbox/calls')).body.stores.sandbox
  t.same(Object.keys(counts).sort(), [
    'GET /v2/countries/{countryId}/states',
    'GET /v3/catalog/products/{productId}/variants/{variantId}',
    'POST /v3/carts',
    'POST /v3/checkouts/{id}/billing-address',
    'POST /v3/checkouts/{id}/consignments',
    'POST /v3/checkouts/{id}/orders',
    'PUT /v3/checkouts/{id}/billing-address/{addressId}',
    'PUT /v3/checkouts/{id}/consignments/{consignmentId}'
  ])
})

t.test('reset brings back the seeded store and zeroes the counters', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call, [{ product_id: 113, variant_id: 81, quantity: 5 }])
  await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)
  t.equal((await call('POST', '/__sandbox/reset')).status, 200)
  t.equal((await call('GET', `${STORE}/v3/checkouts/${cartId}`)).status, 404)
  t.equal((await call('GET', `${STORE}/v2/orders/100`)).status, 404)
  t.equal((await call('GET', `${STORE}/v3/catalog/products/113/variants/81`)).body.data.inventory_level, 5)
  const counts = (await call('GET', '/__sandbox/calls')).body
  t.same(counts, { stores: { sandbox: { 'GET /v3/checkouts/{id}': 1, 'GET /v2/orders/{id}': 1, 'GET /v3/catalog/products/{productId}/variants/{variantId}': 1 } } })
})

t.test('a fixed latency delays answers', async (t) => {
  const { call } = sandbox(t)
  await call('POST', '/__sandbox/faults', { faults: [{ type: 'latency', ms: 120 }] })
  const started = performance.now()
  t.equal((await call('GET', `${STORE}/v2/store`)).status, 200)
  t.ok(performance.now() - started >= 110)
})

t.test('a random latency stays within its bounds', async (t) => {
  const { call } = sandbox(t)
  // The emulator draws the delay with Math.random: pinned here to each end of the range, so only
  // lower bounds need a clock (a loaded machine adds time, never removes it) and the upper one is
  // told apart from the other end by seconds, not milliseconds.
  await call('POST', '/__sandbox/faults', { faults: [{ type: 'latency', minMs: 20, maxMs: 3_020 }] })
  const elapsedWith = async (draw: number): Promise<number> => {
    const random = Math.random
    Math.random = () => draw
    try {
      const started = performance.now()
      t.equal((await call('GET', `${STORE}/v2/store`)).status, 200)
      return performance.now() - started
    } finally {
      Math.random = random
    }
  }
  const shortest = await elapsedWith(0)
  t.ok(shortest >= 18, `the shortest draw waits minMs (${shortest} ms)`)
  t.ok(shortest < 2_500, `the shortest draw does not wait maxMs (${shortest} ms)`)
  const longest = await elapsedWith(0.999)
  t.ok(longest >= 3_000, `the longest draw waits about maxMs (${longest} ms)`)
})

t.test('a 429 with the rate-limit headers, once', async (t) => {
  const { call } = sandbox(t)
  await call('POST', '/__sandbox/faults', { faults: [{ type: 'rate_limit', times: 1, resetMs: 700, match: 'GET /v2/store' }] })
  const limited = await call('GET', `${STORE}/v2/store`)
  t.equal(limited.status, 429)
  t.match(limited.headers, { 'x-rate-limit-requests-left': '0', 'x-rate-limit-time-reset-ms': '700', 'x-rate-limit-time-window-ms': '30000', 'x-rate-limit-requests-quota': '150', 'x-retry-after': '1' })
  t.match(limited.body, [{ status: 429 }])
  t.equal((await call('GET', `${STORE}/v2/store`)).status, 200)
  t.match((await call('GET', '/__sandbox/faults')).body.faults, [{ type: 'rate_limit', fired: 1 }])
})

t.test('a 429 without headers means platform overload', async (t) => {
  const { call } = sandbox(t)
  await call('POST', '/__sandbox/faults', { faults: [{ type: 'rate_limit', headers: false }] })
  const limited = await call('GET', `${STORE}/v3/catalog/products/112`)
  t.equal(limited.status, 429)
  t.notOk('x-rate-limit-time-reset-ms' in limited.headers)
  t.match(limited.body, { status: 429, title: 'Too many requests' })
})

t.test('the quota window answers 429 once a store has used it up', async (t) => {
  const { call } = sandbox(t)
  await call('POST', '/__sandbox/faults', { quota: { requests: 3, windowMs: 30_000 } })
  const lefts: string[] = []
  for (let i = 0; i < 3; i++) {
    const answer = await call('GET', `${STORE}/v2/store`)
    t.equal(answer.status, 200)
    lefts.push(answer.headers['x-rate-limit-requests-left'] as string)
    t.equal(answer.headers['x-rate-limit-requests-quota'], '3')
    t.equal(answer.headers['x-rate-limit-time-window-ms'], '30000')
  }
  t.same(lefts, ['2', '1', '0'])
  const limited = await call('GET', `${STORE}/v2/store`)
  t.equal(limited.status, 429)
  // The window's time left, not its length: under 30 s, and (generously, however slow the
  // machine) most of it still ahead after four calls.
  const resetMs = Number(limited.headers['x-rate-limit-time-reset-ms'])
  t.ok(resetMs > 15_000 && resetMs <= 30_000, `time left in the window: ${resetMs} ms`)
  t.equal(limited.headers['x-retry-after'], '30')
})

t.test("the quota window's 429 carries every header BigCommerce documents for a limited answer", async (t) => {
  const { call } = sandbox(t)
  await call('POST', '/__sandbox/faults', { quota: { requests: 1, windowMs: 2_500 } })
  t.equal((await call('GET', `${STORE}/v2/store`)).status, 200)
  const limited = await call('GET', `${STORE}/v2/store`)
  t.equal(limited.status, 429)
  t.match(limited.headers, { 'x-rate-limit-requests-left': '0', 'x-rate-limit-requests-quota': '1', 'x-rate-limit-time-window-ms': '2500' })
  const resetMs = Number(limited.headers['x-rate-limit-time-reset-ms'])
  t.ok(resetMs > 0 && resetMs <= 2_500, `X-Rate-Limit-Time-Reset-Ms is the time left in the window (${resetMs})`)
  t.equal(limited.headers['x-retry-after'], String(Math.ceil(resetMs / 1000)), 'X-Retry-After: the same wait in whole seconds, rounded up')
})

t.test('a 429 without headers (platform overload) has none even while a quota window runs', async (t) => {
  const { call } = sandbox(t)
  await call('POST', '/__sandbox/faults', { quota: { requests: 150, windowMs: 30_000 }, faults: [{ type: 'rate_limit', headers: false, times: 1 }] })
  const limited = await call('GET', `${STORE}/v2/store`)
  t.equal(limited.status, 429)
  t.same(Object.keys(limited.headers).filter(name => name.startsWith('x-rate-limit-') || name === 'x-retry-after'), [], 'no X-Rate-Limit-* and no X-Retry-After')
  const next = await call('GET', `${STORE}/v2/store`)
  t.equal(next.status, 200)
  t.ok('x-rate-limit-requests-left' in next.headers, "the window's headers are back on the next answer")
})

t.test('a 5xx fault answers the status with a BigCommerce body', async (t) => {
  const { call } = sandbox(t)
  await call('POST', '/__sandbox/faults', { faults: [{ type: 'server_error', status: 503, times: 1 }] })
  const failed = await call('GET', `${STORE}/v3/catalog/products/112`)
  t.equal(failed.status, 503)
  t.match(failed.body, { status: 503, title: 'Service Unavailable' })
  t.equal((await call('GET', `${STORE}/v3/catalog/products/112`)).status, 200)
})

t.test('faults can be cleared and unknown types are refused', async (t) => {
  const { call } = sandbox(t)
  t.equal((await call('POST', '/__sandbox/faults', { faults: [{ type: 'gremlins' }] })).status, 400)
  await call('POST', '/__sandbox/faults', { faults: [{ type: 'server_error' }] })
  t.same((await call('DELETE', '/__sandbox/faults')).body, { faults: [], quota: null })
  t.equal((await call('GET', `${STORE}/v2/store`)).status, 200)
})

t.test('over a real socket: connection reset, and commit-then-drop on order creation', async (t) => {
  const app = buildSandbox()
  t.teardown(async () => { await app.close() })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
  const headers = { 'x-auth-token': 'sandbox-token', 'content-type': 'application/json' }
  const json = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<any> => {
    const response = await request(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await response.body.text()
    return text === '' ? undefined : JSON.parse(text)
  }

  await json('POST', '/__sandbox/faults', { faults: [{ type: 'connection_reset', times: 1, match: 'GET /v2/store' }] })
  await t.rejects(request(`${base}${STORE}/v2/store`, { headers }), 'the connection is reset')
  t.equal((await request(`${base}${STORE}/v2/store`, { headers })).statusCode, 200)

  const cart = (await json('POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 112, quantity: 1 }] })).data
  await json('POST', `${STORE}/v3/checkouts/${cart.id}/billing-address`, { email: 'a@b.c', country_code: 'US', state_or_province_code: 'CA' })
  const withConsignment = (await json('POST', `${STORE}/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [{ address: { email: 'a@b.c', country_code: 'US', state_or_province: 'California', postal_code: '94103' }, line_items: [{ item_id: cart.line_items.physical_items[0].id, quantity: 1 }] }])).data
  const consignment = withConsignment.consignments[0]
  await json('PUT', `${STORE}/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { shipping_option_id: consignment.available_shipping_options[0].id })

  await json('POST', '/__sandbox/faults', { faults: [{ type: 'commit_then_drop', times: 1 }] })
  await t.rejects(request(`${base}${STORE}/v3/checkouts/${cart.id}/orders`, { method: 'POST', headers: { 'x-auth-token': 'sandbox-token' } }), 'the answer is lost')
  const orders = await json('GET', `${STORE}/v2/orders?cart_id=${cart.id}`)
  t.match(orders, [{ id: 100, status_id: 0 }], 'but the order was created')
})
