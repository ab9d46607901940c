/** Reads (seed 003) and delete (seed 004), end to end on the sandbox store. */
import t from 'tap'
import { convertibleCart, CONVERT, createCart, expectOk } from '../helpers/checkout-journey.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'

t.test('Fast reads a cart by its id or by Fast\'s order id, in one BigCommerce call', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  for (const order of [{ is_cart: true, external_order_id: journey.cartId }, { is_cart: true, order_id: { value: journey.orderId } }]) {
    const { result, calls } = await bridge.countCalls(async () => await expectOk(bridge, 'read', { type: 'ENTITY_TYPE_ORDER', order }))
    t.equal(result.order.order.id.value, journey.orderId)
    t.equal(result.order.order.external_id, journey.cartId)
    t.equal(calls, 1)
  }
})

t.test('Fast reads a storefront cart it did not create: the lines, without Fast ids', async t => {
  const bridge = await buildSandboxBridge(t)
  const made = await bridge.emulator.inject({ method: 'POST', url: '/stores/sandbox/v3/carts', headers: { 'x-auth-token': 'sandbox-token' }, payload: { line_items: [{ product_id: 113, variant_id: 82, quantity: 2 }] } })
  const cartId = made.json().data.id
  const answer = await expectOk(bridge, 'read', { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, external_order_id: cartId } })
  t.notOk(answer.order.order.id)
  t.same(answer.order.order.lines.map((l: any) => [l.name, l.external_variant_id, l.quantity]), [['Fast Tee', '82', 2]])
})

t.test('Fast reads a converted order by its BigCommerce order id', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const orderId = (await expectOk(bridge, 'update', journey.update({ ...CONVERT, coupon: { code: 'SAVE10' } }))).order.order.external_id
  const { result, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'read', { type: 'ENTITY_TYPE_ORDER', order: { external_order_id: orderId } }))
  const order = result.order.order
  t.equal(order.order_type, 2)
  t.equal(order.short_order_id, orderId)
  t.equal(order.id.value, journey.orderId, 'Fast\'s id, from our records')
  t.same(order.coupons.map((c: any) => c.code), ['SAVE10'])
  t.equal(order.shipment_plans[0].selected_option.name, 'Free Shipping')
  t.same(byCall, { 'GET /v2/orders/{id}': 1, 'GET /v2/orders/{id}/coupons': 1 }, 'the order with its consignments, plus its coupons')
})

t.test('Fast reads where the store ships', async t => {
  const bridge = await buildSandboxBridge(t)
  const { result, calls } = await bridge.countCalls(async () => await expectOk(bridge, 'read', { type: 'ENTITY_TYPE_SHIPPING_ZONES' }))
  t.same(result.shipping_zones.shipping_zones, [{ country_iso2: 'US' }, { country_iso2: 'GB' }], 'as seed 003 shows')
  t.equal(result.type, 4)
  t.equal(calls, 1)
})

t.test('an unknown order is a 404', async t => {
  const bridge = await buildSandboxBridge(t)
  for (const order of [{ order_id: { value: 'nobody' } }, { external_order_id: '99999' }, { external_order_id: '00000000-0000-4000-8000-000000000000' }]) {
    const answer = await bridge.fast('read', { type: 'ENTITY_TYPE_ORDER', order })
    t.equal(answer.statusCode, 404, JSON.stringify(order))
  }
})

t.test('delete: a cart is deleted, and deleting it again still answers {}', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const { result, calls } = await bridge.countCalls(async () => await expectOk(bridge, 'delete', { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: journey.orderId } } }))
  t.same(result, {})
  t.equal(calls, 1)
  t.same(await expectOk(bridge, 'delete', { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: journey.orderId } } }), {})
  const gone = await bridge.emulator.inject({ method: 'GET', url: `/stores/sandbox/v3/carts/${journey.cartId}`, headers: { 'x-auth-token': 'sandbox-token' } })
  t.equal(gone.statusCode, 404, 'the cart is gone from BigCommerce')
})

t.test('delete after conversion (finding 6): the order is left as it is, with no BigCommerce call', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const orderId = (await expectOk(bridge, 'update', journey.update(CONVERT))).order.order.external_id
  const { result, calls } = await bridge.countCalls(async () => await expectOk(bridge, 'delete', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: journey.orderId } } }))
  t.same(result, {})
  t.equal(calls, 0)
  const order = await bridge.emulator.inject({ method: 'GET', url: `/stores/sandbox/v2/orders/${orderId}`, headers: { 'x-auth-token': 'sandbox-token' } })
  t.equal(order.json().status_id, 0, 'still Incomplete, as the conversion left it')
})

t.test('Fast reads a shopper by their BigCommerce customer id or email', async t => {
  const bridge = await buildSandboxBridge(t)
  for (const user of [{ external_user_id: '1' }, { email: 'John+23roujwn@fast.in' }]) {
    const answer = await expectOk(bridge, 'read', { type: 'ENTITY_TYPE_USER', user })
    t.same(answer.user.user, { external_user_id: '1', email: 'john+23roujwn@fast.in', first_name: 'John', last_name: 'Smith', phone: '+15555555555' })
  }
  const unknown = await bridge.fast('read', { type: 'ENTITY_TYPE_USER', user: { external_user_id: '42' } })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.body.details[0].reason, 'USER_NOT_FOUND')
})
