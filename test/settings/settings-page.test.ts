/**
 * What the merchant sees when the control panel opens the app: the store, the form filled in with
 * what is saved, a connection check that stays readable when a part of it fails, and the recent
 * Fast orders with their BigCommerce order numbers.
 */
import t from 'tap'
import { BigCommerceError } from '../../src/bigcommerce/client.js'
import { APP_URL, buildHarness, installedStore, OTHER_STORE, selectedIn, STORE, visibleText } from './harness.js'

t.test('the page names the store and preselects the default status mapping: BOOKED 12, PENDING_FULFILLMENT 11, CANCELED 5', async t => {
  const { open } = await buildHarness(t)
  const page = await open()
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html; charset=utf-8/)
  t.match(page.body, '<html lang="en">')
  t.match(page.body, `<strong>${STORE}</strong>`)
  t.equal(selectedIn(page.body, 'status_BOOKED'), '12')
  t.equal(selectedIn(page.body, 'status_PENDING_FULFILLMENT'), '11')
  t.equal(selectedIn(page.body, 'status_CANCELED'), '5')
  t.match(page.body, '<option value="14">14 Partially Refunded</option>', 'every BigCommerce status is offered by id and name')
  t.match(page.body, /<input id="fast-app-id" name="fast_app_id" value=""/, 'no App ID yet')
})

t.test('every control has a label, the statuses are grouped under a legend, and the page runs no script', async t => {
  const { open } = await buildHarness(t)
  const { body, headers } = await open()
  for (const id of ['fast-app-id', 'status-booked', 'status-pending-fulfillment', 'status-canceled']) {
    t.match(body, `<label for="${id}">`, `${id} is labelled`)
    t.match(body, `id="${id}"`)
  }
  t.match(body, /<fieldset>\s*<legend>Order status in BigCommerce for each Fast status<\/legend>/)
  t.match(body, '<div role="status" aria-live="polite">', 'a live region announces the outcome of a save')
  t.notMatch(body, /<script/i)
  t.match(headers['content-security-policy'], "default-src 'none'")
  t.equal(headers['cache-control'], 'no-store')
  t.equal(headers['referrer-policy'], 'strict-origin', 'a Referer names our origin only, not the address with the signed payload')
})

t.test('the page shows the saved App ID and mapping of the store, not the defaults', async t => {
  const { open } = await buildHarness(t, [installedStore(STORE, { fastAppId: 'fa7c1d2e-1111-4b6e-9c53-0c9e4a1e2f00', orderStatusIds: { BOOKED: 7, PENDING_FULFILLMENT: 9, CANCELED: 6 } })])
  const { body } = await open()
  t.match(body, 'value="fa7c1d2e-1111-4b6e-9c53-0c9e4a1e2f00"')
  t.equal(selectedIn(body, 'status_BOOKED'), '7')
  t.equal(selectedIn(body, 'status_PENDING_FULFILLMENT'), '9')
  t.equal(selectedIn(body, 'status_CANCELED'), '6')
})

t.test('a stored value holding markup is shown as text', async t => {
  const { open } = await buildHarness(t, [installedStore(STORE, { fastAppId: '"><script>alert(1)</script>' })])
  const { body } = await open()
  t.notMatch(body, '<script>alert(1)</script>')
  t.match(body, 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
})

t.test('a store name BigCommerce answers with markup is shown as text', async t => {
  const harness = await buildHarness(t)
  harness.bigcommerce.answer = { name: '<img src=x onerror=alert(1)>' }
  const { body } = await harness.open()
  t.notMatch(body, '<img')
  t.match(body, '&lt;img src=x onerror=alert(1)&gt;')
})

t.test('the connection check: BigCommerce reached with the store\'s own token, every scope granted, Fast\'s keys fetched, the URL for Fast', async t => {
  const harness = await buildHarness(t)
  const { body } = await harness.open()
  const text = visibleText(body)
  t.match(text, "OK BigCommerce API: Reachable with this store's access token (store “Plant Shop”).")
  t.match(text, 'OK API scopes: Every scope the bridge needs is granted.')
  t.match(text, "OK Fast's signing keys: Fetched: 2 usable keys")
  t.match(body, `<code>${APP_URL}/fast/v1</code>`)
  t.same(harness.bigcommerce.calls.map(call => [call.store.hash, call.store.accessToken, call.method, call.template]), [[STORE, `token-of-${STORE}`, 'GET', '/v2/store']], 'one read, with this store\'s credentials')
})

t.test('the missing scopes are named by their Developer Portal names', async t => {
  const { open } = await buildHarness(t, [installedStore(STORE, { scopes: ['store_cart', 'store_v2_orders'] })])
  const { body } = await open()
  t.match(visibleText(body), 'Problem API scopes: Missing: Checkouts: modify, Products: read-only, Information & Settings: read-only, Customers: read-only.')
})

t.test('with BigCommerce not answering, the page still opens and says so next to the checks that passed', async t => {
  const harness = await buildHarness(t)
  harness.bigcommerce.answer = new BigCommerceError('GET /v2/store', 0, 'no response from BigCommerce', { transportCode: 'ECONNREFUSED' })
  const { statusCode, body } = await harness.open()
  t.equal(statusCode, 200)
  t.match(visibleText(body), 'Problem BigCommerce API: BigCommerce did not answer (ECONNREFUSED)')
  t.match(visibleText(body), "OK Fast's signing keys")
  t.match(body, '<form method="post" action="/settings">', 'the form is still there')
})

t.test('a token BigCommerce refuses (401) is shown with what to do', async t => {
  const harness = await buildHarness(t)
  harness.bigcommerce.answer = new BigCommerceError('GET /v2/store', 401, 'Unauthorized')
  const { body } = await harness.open()
  t.match(visibleText(body), "Problem BigCommerce API: BigCommerce refused this store's access token (401). Open the app from the control panel's Apps menu to authorise it again.")
})

t.test('a store whose token is marked refused is checked without calling BigCommerce', async t => {
  const harness = await buildHarness(t, [installedStore(STORE, { state: 'token_refused' })])
  const { statusCode, body } = await harness.open()
  t.equal(statusCode, 200)
  t.match(visibleText(body), "Problem BigCommerce API: BigCommerce refused this store's access token.")
  t.equal(harness.bigcommerce.calls.length, 0)
})

t.test('with Fast\'s keys not fetchable, the page says so', async t => {
  const harness = await buildHarness(t)
  harness.fastKeys.result = { ok: false, reason: 'the JWKS answered 503' }
  const { body } = await harness.open()
  t.match(visibleText(body), "Problem Fast's signing keys: Not fetchable: the JWKS answered 503.")
  t.match(visibleText(body), 'OK BigCommerce API')
})

t.test('the recent Fast orders are listed with their BigCommerce order numbers, a cart not yet an order says so', async t => {
  const harness = await buildHarness(t)
  harness.stores.orders.set(STORE, [
    { fastOrderId: 'fast-order-2', cartId: 'cart-2', bcOrderId: 118, updatedAt: Date.UTC(2026, 10, 30, 17, 45) },
    { fastOrderId: 'fast-order-1', cartId: 'cart-1', bcOrderId: null, updatedAt: Date.UTC(2026, 10, 30, 16, 5) }
  ])
  harness.stores.orders.set(OTHER_STORE, [{ fastOrderId: 'fast-order-of-other-store', cartId: 'cart-9', bcOrderId: 900, updatedAt: 0 }])
  const { body } = await harness.open()
  t.match(body, /<tr><td><code>fast-order-2<\/code><\/td><td>#118<\/td><td>2026-11-30 17:45<\/td><\/tr>/)
  t.match(body, /<tr><td><code>fast-order-1<\/code><\/td><td>not placed yet \(a cart\)<\/td><td>2026-11-30 16:05<\/td><\/tr>/)
  t.notMatch(body, 'fast-order-of-other-store')
})

t.test('with no Fast orders yet, the page says so', async t => {
  const { open } = await buildHarness(t)
  t.match((await open()).body, '<p>No Fast orders yet.</p>')
})

t.test('when the recent orders cannot be read, the rest of the page is shown', async t => {
  const harness = await buildHarness(t)
  harness.stores.failRecentOrders = true
  const { statusCode, body } = await harness.open()
  t.equal(statusCode, 200)
  t.match(visibleText(body), 'Problem The recent orders could not be read just now')
  t.match(visibleText(body), 'OK BigCommerce API')
})

t.test('an uninstalled store gets a page saying the app is not installed (404)', async t => {
  const { open } = await buildHarness(t, [installedStore(STORE, { state: 'uninstalled' })])
  const { statusCode, body } = await open()
  t.equal(statusCode, 404)
  t.match(body, 'Fast Checkout is not installed on this store')
  t.notMatch(body, '<form')
})
