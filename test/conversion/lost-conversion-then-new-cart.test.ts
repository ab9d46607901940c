/**
 * Finding 1, end to end against the sandbox store: a conversion whose answer is lost (the order was
 * made, the look-ups failed) must not let Fast empty the cart and fill a new one that a second
 * convert turns into a second order.
 */
import t from 'tap'
import { CONVERT, convertibleCart, SHOPPER } from '../helpers/checkout-journey.js'
import { buildSandboxBridge, LOOKUP_ATTEMPTS, LOOKUP_FAILURES_ENV } from '../helpers/sandbox-bridge.js'

t.test('finding 1: after a lost conversion, emptying the cart and adding a line is refused, and the store has one order for the Fast order', async t => {
  const bridge = await buildSandboxBridge(t, { env: LOOKUP_FAILURES_ENV })
  const journey = await convertibleCart(bridge)
  // The order POST is committed but its answer dropped, and every look-up of the first request fails.
  await bridge.emulator.inject({ method: 'POST', url: '/__sandbox/faults', payload: { faults: [{ type: 'commit_then_drop', times: 1 }, { type: 'server_error', match: 'GET /v2/orders', status: 503, times: LOOKUP_ATTEMPTS }] } })
  const lost = await bridge.fast('update', journey.update(CONVERT))
  t.ok(lost.statusCode >= 500, `the lost conversion is an error Fast retries (${lost.statusCode})`)

  const removed = await bridge.fast('update', journey.update({ items: [{ item_id: { value: journey.lineId }, quantity: 0 }] }))
  t.equal(removed.statusCode, 422, 'removing the last line is refused')
  t.equal(removed.body?.details?.[0]?.reason, 'ORDER_ALREADY_CONVERTED')
  const added = await bridge.fast('update', journey.update({ items: [{ item_id: { value: 'again' }, quantity: 1, external_product_id: '112' }], bill_to: SHOPPER }))
  t.equal(added.statusCode, 422, 'so is an add')

  const converted = await bridge.fast('update', journey.update(CONVERT))
  t.equal(converted.statusCode, 200, 'Fast\'s retry of the conversion gets the order')
  const list = await bridge.emulator.inject({ method: 'GET', url: '/stores/sandbox/v2/orders', headers: { 'x-auth-token': 'sandbox-token', accept: 'application/json' } })
  const orders = JSON.parse(list.body) as Array<{ id: number }>
  t.same(orders.map(order => String(order.id)), [converted.body?.order?.order?.external_id], 'one order in the store, the one Fast got')
})
