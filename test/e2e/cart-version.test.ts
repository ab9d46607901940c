/**
 * Optimistic concurrency with BigCommerce: changes carry the cart version last seen; when the
 * storefront (or another app) changed the cart meanwhile, BigCommerce refuses with 409 and the
 * bridge reads the checkout once and applies the change again.
 */
import t from 'tap'
import { createCart, expectOk, SHOPPER } from '../helpers/checkout-journey.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'

t.test('a change made behind Fast\'s back costs one re-read, and the shopper\'s update still lands', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  // The shopper's storefront tab adds a tee to the same cart: the cart's version moves on.
  const storefront = await bridge.emulator.inject({
    method: 'POST',
    url: `/stores/sandbox/v3/carts/${journey.cartId}/items`,
    headers: { 'x-auth-token': 'sandbox-token' },
    payload: { line_items: [{ product_id: 113, variant_id: 80, quantity: 1 }] }
  })
  t.equal(storefront.statusCode, 201)
  const { result, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update({ bill_to: SHOPPER })))
  t.same(byCall, { 'POST /v3/checkouts/{id}/billing-address': 2, 'GET /v3/checkouts/{id}': 2 }, 'refused once (409), re-read, applied again, then the answer read')
  t.equal(result.order.order.bill_to.email, SHOPPER.email)
  t.equal(result.order.order.lines.length, 2, 'the answer shows the storefront\'s tee too')
  const sent = bridge.exchanges.filter(e => e.method === 'POST' && e.path.endsWith('/billing-address'))
  t.same(sent.map(e => [(e.request as { version?: number }).version, e.status]), [[1, 409], [2, 200]], 'the stale version first, then the fresh one')
  const { byCall: next } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update({ bill_to: { ...SHOPPER, first_name: 'Jane' } })))
  t.same(next, { 'PUT /v3/checkouts/{id}/billing-address/{addressId}': 1, 'GET /v3/checkouts/{id}': 1 }, 'the next change is not refused: the new version was remembered')
})
