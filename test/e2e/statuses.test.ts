/** Order statuses after conversion, end to end on the sandbox store. */
import t, { type Test } from 'tap'
import { convertibleCart, CONVERT, expectOk } from '../helpers/checkout-journey.js'
import { buildSandboxBridge, LOOKUP_ATTEMPTS, LOOKUP_FAILURES_ENV } from '../helpers/sandbox-bridge.js'

const status = (name: string) => ({ status: name, convert_cart_to_order: true })

async function bigCommerceStatus (bridge: Awaited<ReturnType<typeof buildSandboxBridge>>, orderId: string): Promise<number> {
  const answer = await bridge.emulator.inject({ method: 'GET', url: `/stores/sandbox/v2/orders/${orderId}`, headers: { 'x-auth-token': 'sandbox-token' } })
  return answer.json().status_id
}

async function convertedOrder (t: Test, options: Parameters<typeof buildSandboxBridge>[1] = {}) {
  const bridge = await buildSandboxBridge(t, options)
  const journey = await convertibleCart(bridge)
  const converted = await expectOk(bridge, 'update', journey.update(CONVERT))
  return { bridge, journey, orderId: converted.order.order.external_id as string }
}

t.test('payment authorised: BOOKED puts the BigCommerce order in Manual Verification Required (12)', async t => {
  const { bridge, journey, orderId } = await convertedOrder(t)
  const { result, calls, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_BOOKED'))))
  t.equal(result.order.order.status, 4, 'the answer carries ORDER_STATUS_BOOKED')
  t.same(result.order.status, [{ updated: 7, status: true, message: 'order status updated to ORDER_STATUS_BOOKED' }])
  t.equal(await bigCommerceStatus(bridge, orderId), 12)
  t.same(byCall, { 'PUT /v2/orders/{id}': 1, 'GET /v2/orders/{id}': 1 })
  t.equal(calls, 2, 'the order read (to decide, and the answer) and the status PUT (bigcommerce.md §1.7: 1–2)')
})

t.test('BOOKED on an order with a coupon answers the coupon, reading it while the status PUT is out', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  await expectOk(bridge, 'update', journey.update({ ...CONVERT, coupon: { code: 'SAVE10' } }))
  const { result, calls, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_BOOKED'))))
  t.equal(result.order.order.status, 4, 'ORDER_STATUS_BOOKED')
  t.match(result.order.order.coupons, [{ code: 'SAVE10', applied: true }], 'the order\'s coupon is in the answer')
  t.same(byCall, { 'GET /v2/orders/{id}': 1, 'PUT /v2/orders/{id}': 1, 'GET /v2/orders/{id}/coupons': 1 }, 'the coupons read once, not again for the answer')
  t.equal(calls, 3)
})

t.test('fraud check passed: PENDING_FULFILLMENT makes it Awaiting Fulfillment (11), safe to export', async t => {
  const { bridge, journey, orderId } = await convertedOrder(t)
  await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_BOOKED')))
  const answer = await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_PENDING_FULFILLMENT')))
  t.equal(answer.order.order.status, 5)
  t.equal(await bigCommerceStatus(bridge, orderId), 11)
})

t.test('auth or fraud rejection: CANCELED cancels it (5), and nothing moves it back', async t => {
  const { bridge, journey, orderId } = await convertedOrder(t)
  await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_CANCELED')))
  t.equal(await bigCommerceStatus(bridge, orderId), 5)
  const { result, calls } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_PENDING_FULFILLMENT'))))
  t.equal(result.order.order.status, 8, 'still ORDER_STATUS_CANCELED')
  t.match(result.order.status[0].message, /unchanged/)
  t.equal(await bigCommerceStatus(bridge, orderId), 5)
  t.equal(calls, 1, 'no PUT: only the order read')
})

t.test('a late BOOKED after PENDING_FULFILLMENT changes nothing, and a repeated status is a no-op', async t => {
  const { bridge, journey, orderId } = await convertedOrder(t)
  await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_PENDING_FULFILLMENT')))
  for (const name of ['ORDER_STATUS_BOOKED', 'ORDER_STATUS_PENDING_FULFILLMENT']) {
    const { result, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update(status(name))))
    t.equal(result.order.order.status, 5, `${name} leaves PENDING_FULFILLMENT`)
    t.notOk(byCall['PUT /v2/orders/{id}'], 'no PUT')
  }
  t.equal(await bigCommerceStatus(bridge, orderId), 11)
})

t.test('status updates carry convert_cart_to_order: true, and are never a second conversion', async t => {
  const { bridge, journey } = await convertedOrder(t)
  const { byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_BOOKED'))))
  t.notOk(byCall['POST /v3/checkouts/{id}/orders'])
})

t.test('Fast may name the order by the BigCommerce order id it was given', async t => {
  const { bridge, orderId } = await convertedOrder(t)
  const answer = await expectOk(bridge, 'update', { request_id: { value: 'r-1' }, type: 'ENTITY_TYPE_ORDER', order: { external_id: orderId, ...status('ORDER_STATUS_BOOKED') } })
  t.equal(answer.order.order.status, 4)
})

t.test('a merchant can map Fast statuses to other BigCommerce statuses', async t => {
  const { bridge, journey, orderId } = await convertedOrder(t, { env: { BIGCOMMERCE_ORDER_STATUS_IDS: 'BOOKED=7' } })
  await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_BOOKED')))
  t.equal(await bigCommerceStatus(bridge, orderId), 7, 'Awaiting Payment, as configured')
})

t.test('a status before the conversion is a 409 to retry, and the same request lands once the cart is converted', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const booked = journey.update(status('ORDER_STATUS_BOOKED'), 'booked-request')
  const early = await bridge.fast('update', booked)
  t.equal(early.statusCode, 409)
  t.equal(early.body.details[0].reason, 'ORDER_NOT_CONVERTED')
  t.equal(early.headers['retry-after'], '1')
  await expectOk(bridge, 'update', journey.update(CONVERT))
  const retried = await expectOk(bridge, 'update', booked)
  t.equal(retried.order.order.status, 4, 'the retry with the same request_id is not a replay of the 409')
})

t.test('a BOOKED that overtakes a conversion whose answer was lost finishes that conversion', async t => {
  const bridge = await buildSandboxBridge(t, { env: LOOKUP_FAILURES_ENV })
  const journey = await convertibleCart(bridge)
  // The order is made, its answer lost, and the bridge's look-up of the cart's orders fails too.
  await bridge.emulator.inject({ method: 'POST', url: '/__sandbox/faults', payload: { faults: [{ type: 'commit_then_drop', times: 1 }, { type: 'server_error', match: 'GET /v2/orders', status: 503, times: LOOKUP_ATTEMPTS }] } })
  const lost = await bridge.fast('update', journey.update(CONVERT))
  t.ok(lost.statusCode >= 500, 'the conversion\'s answer was lost')
  const booked = await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_BOOKED')))
  t.equal(booked.order.order.order_type, 2, 'the order BigCommerce made is adopted')
  t.equal(booked.order.order.status, 4, 'and booked')
  const orders = await bridge.emulator.inject({ method: 'GET', url: `/stores/sandbox/v2/orders?cart_id=${journey.cartId}`, headers: { 'x-auth-token': 'sandbox-token' } })
  t.equal(orders.json().length, 1, 'one order')
})

/** The merchant changes the order in the BigCommerce control panel (a v2 PUT, as the panel's API does). */
async function merchantSets (bridge: Awaited<ReturnType<typeof buildSandboxBridge>>, orderId: string, statusId: number): Promise<void> {
  const answer = await bridge.emulator.inject({ method: 'PUT', url: `/stores/sandbox/v2/orders/${orderId}`, headers: { 'x-auth-token': 'sandbox-token' }, payload: { status_id: statusId } })
  if (answer.statusCode !== 200) throw new Error(`the merchant's PUT answered ${answer.statusCode}`)
}

t.test('finding 1: after Fast\'s BOOKED, a read shows the status the merchant set since (cancelled, shipped)', async t => {
  const { bridge, journey, orderId } = await convertedOrder(t)
  await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_BOOKED')))
  await merchantSets(bridge, orderId, 5)
  t.equal((await expectOk(bridge, 'read', journey.read())).order.order.status, 8, 'the merchant cancelled: ORDER_STATUS_CANCELED, not BOOKED')
  await merchantSets(bridge, orderId, 2)
  t.equal((await expectOk(bridge, 'read', journey.read())).order.order.status, 6, 'the merchant shipped: ORDER_STATUS_FULFILLED')
})

t.test('finding 1: a PENDING_FULFILLMENT after the merchant cancelled leaves the order Cancelled and says so, in 2 calls', async t => {
  const { bridge, journey, orderId } = await convertedOrder(t)
  await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_BOOKED')))
  await merchantSets(bridge, orderId, 5)
  const { result, calls, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_PENDING_FULFILLMENT'))))
  t.equal(await bigCommerceStatus(bridge, orderId), 5, 'not re-opened to Awaiting Fulfillment')
  t.equal(result.order.order.status, 8, 'Fast sees ORDER_STATUS_CANCELED')
  t.match(result.order.status, [{ updated: 7, status: true, message: /unchanged.*Cancelled.*final/ }])
  t.notOk(byCall['PUT /v2/orders/{id}'], 'no PUT')
  t.equal(calls, 1, 'the order read only')
})

t.test('finding 1: no Fast status moves an order the merchant shipped, completed or refunded', async t => {
  for (const final of [2, 10, 4]) {
    const { bridge, journey, orderId } = await convertedOrder(t)
    await merchantSets(bridge, orderId, final)
    for (const name of ['ORDER_STATUS_BOOKED', 'ORDER_STATUS_PENDING_FULFILLMENT', 'ORDER_STATUS_CANCELED']) {
      const answer = await expectOk(bridge, 'update', journey.update(status(name)))
      t.match(answer.order.status[0].message, /unchanged/, `${name} on status ${final}`)
    }
    t.equal(await bigCommerceStatus(bridge, orderId), final, `status ${final} stays`)
  }
})

t.test('finding 1: a merchant who put the order on Awaiting Shipment is not moved back by a late BOOKED, and the answer says PENDING_FULFILLMENT', async t => {
  const { bridge, journey, orderId } = await convertedOrder(t)
  await merchantSets(bridge, orderId, 9)
  const { result, calls } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update(status('ORDER_STATUS_BOOKED'))))
  t.equal(await bigCommerceStatus(bridge, orderId), 9)
  t.equal(result.order.order.status, 5, 'ORDER_STATUS_PENDING_FULFILLMENT')
  t.match(result.order.status[0].message, /unchanged/)
  t.equal(calls, 1, 'the order read only')
})
