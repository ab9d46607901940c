/** Converting a cart to an order, end to end on the sandbox store. */
import t from 'tap'
import { convertibleCart, CONVERT, createCart, expectOk, SHOPPER } from '../helpers/checkout-journey.js'
import { buildSandboxBridge, LOOKUP_ATTEMPTS, LOOKUP_FAILURES_ENV } from '../helpers/sandbox-bridge.js'

async function ordersOfCart (bridge: Awaited<ReturnType<typeof buildSandboxBridge>>, cartId: string): Promise<any[]> {
  const answer = await bridge.emulator.inject({ method: 'GET', url: `/stores/sandbox/v2/orders?cart_id=${cartId}`, headers: { 'x-auth-token': 'sandbox-token' } })
  return answer.statusCode === 204 ? [] : answer.json()
}

t.test('the checkout timer ends and the cart becomes one BigCommerce order stamped with Fast\'s id', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const { result, calls, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update(CONVERT)))
  const order = result.order.order
  t.equal(order.order_type, 2, 'ORDER_TYPE_ORDER')
  t.match(order.external_id, /^\d+$/, 'external_id is the BigCommerce order id')
  t.equal(order.id.value, journey.orderId)
  t.equal(order.lines[0].id.value, journey.lineId, 'Fast\'s line ids survive the conversion')
  t.equal(order.lines[0].tax_amount, '0.00', 'lines carry their tax from the order')
  t.match(order.lines[0].image_url, /fast-hoodie/, 'and the image from the cart phase')
  t.same(result.order.status, [{ updated: 6, status: true, message: 'cart converted to order' }])
  const orders = await ordersOfCart(bridge, journey.cartId)
  t.equal(orders.length, 1, 'one BigCommerce order')
  t.equal(orders[0].external_order_id, journey.orderId, 'stamped with Fast\'s order id')
  t.equal(orders[0].external_source, 'fast-bigcommerce')
  t.equal(orders[0].status_id, 0, 'Incomplete until Fast reports payment')
  t.same(byCall, { 'GET /v3/checkouts/{id}': 1, 'POST /v3/checkouts/{id}/orders': 1, 'PUT /v2/orders/{id}': 1, 'GET /v2/orders/{id}': 1 })
  t.equal(calls, 4, 'the guard read (is the cart an order already?), create, then the stamp and the order read together (bigcommerce.md §1.7: 2–4)')
})

t.test('CART_TO_ORDER_CONVERT_ONLY converts the cart as it is', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const answer = await expectOk(bridge, 'update', journey.update({ convert_cart_to_order: true, convert_mode: 'CART_TO_ORDER_CONVERT_ONLY' }))
  t.equal(answer.order.order.order_type, 2)
})

t.test('UPDATE_AND_CONVERT applies the changes of the same request first', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const answer = await expectOk(bridge, 'update', journey.update({ ...CONVERT, coupon: { code: 'SAVE10' } }))
  t.equal(answer.order.order.total_amount, '26.99', 'the coupon is in the order')
  t.same(answer.order.status.map((s: any) => s.updated), [1, 6], 'coupon first, then conversion')
})

t.test('another convert mode, or changes with CONVERT_ONLY, is refused before any BigCommerce call', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  for (const segment of [
    { convert_cart_to_order: true },
    { convert_cart_to_order: true, convert_mode: 'CART_TO_ORDER_CONVERT_UNSPECIFIED' },
    { convert_cart_to_order: true, convert_mode: 'CART_TO_ORDER_CONVERT_ONLY', coupon: { code: 'SAVE10' } }
  ]) {
    const { result, calls } = await bridge.countCalls(async () => await bridge.fast('update', journey.update(segment)))
    t.equal(result.statusCode, 400)
    t.match(result.body.details[0].reason, /INVALID_CONVERT_MODE|CONVERT_ONLY_WITH_CHANGES/)
    t.equal(calls, 0)
  }
})

t.test('an incomplete checkout is not converted, and the error says what is missing', async t => {
  const bridge = await buildSandboxBridge(t)
  const bare = await createCart(bridge)
  const { result: noBilling, byCall } = await bridge.countCalls(async () => await bridge.fast('update', bare.update(CONVERT)))
  t.same(byCall, { 'GET /v3/checkouts/{id}': 1 }, 'the checkout read before posting says what is missing: no order POST')
  t.equal(noBilling.statusCode, 422)
  t.equal(noBilling.body.details[0].reason, 'CHECKOUT_INCOMPLETE')
  t.equal(noBilling.body.details[0].metadata.missing, 'bill_to.email')
  await expectOk(bridge, 'update', bare.update({ bill_to: SHOPPER }))
  const noShipping = await bridge.fast('update', bare.update(CONVERT))
  t.equal(noShipping.body.details[0].metadata.missing, 'shipments')
  await expectOk(bridge, 'update', bare.update({ shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: bare.lineId }, quantity: 1 }] }] }))
  const noOption = await bridge.fast('update', bare.update(CONVERT))
  t.equal(noOption.body.details[0].metadata.missing, 'shipping_option')
  t.same(await ordersOfCart(bridge, bare.cartId), [], 'no order was made')
})

t.test('converting twice makes no second order', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const first = await expectOk(bridge, 'update', journey.update(CONVERT))
  const { result: second, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update(CONVERT)))
  t.equal(second.order.order.external_id, first.order.order.external_id)
  t.notOk(byCall['POST /v3/checkouts/{id}/orders'], 'no POST .../orders')
  t.equal((await ordersOfCart(bridge, journey.cartId)).length, 1)
})

t.test('BigCommerce made the order but the answer was lost: the bridge looks it up and answers it (finding 8)', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  await bridge.emulator.inject({ method: 'POST', url: '/__sandbox/faults', payload: { faults: [{ type: 'commit_then_drop', times: 1 }] } })
  const lost = await expectOk(bridge, 'update', journey.update(CONVERT))
  const orders = await ordersOfCart(bridge, journey.cartId)
  t.equal(orders.length, 1, 'one BigCommerce order')
  t.equal(lost.order.order.external_id, String(orders[0].id), 'the order BigCommerce made')
})

t.test('BigCommerce made the order, the answer was lost and the look-up failed too: the retry adopts it', async t => {
  const bridge = await buildSandboxBridge(t, { env: LOOKUP_FAILURES_ENV })
  const journey = await convertibleCart(bridge)
  await bridge.emulator.inject({ method: 'POST', url: '/__sandbox/faults', payload: { faults: [{ type: 'commit_then_drop', times: 1 }, { type: 'server_error', match: 'GET /v2/orders', status: 503, times: LOOKUP_ATTEMPTS }] } })
  const lost = await bridge.fast('update', journey.update(CONVERT))
  t.ok(lost.statusCode >= 500, `the lost answer is a ${lost.statusCode}, not a success`)
  const retried = await expectOk(bridge, 'update', journey.update(CONVERT))
  const orders = await ordersOfCart(bridge, journey.cartId)
  t.equal(orders.length, 1, 'still one BigCommerce order')
  t.equal(retried.order.order.external_id, String(orders[0].id))
})
