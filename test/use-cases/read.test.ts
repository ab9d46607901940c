/**
 * Seed 003 reads: a cart (by its BigCommerce cart id, by Fast's order id, and a storefront cart Fast
 * did not create), an order by its BigCommerce order id, the store's shipping zones, a shopper, and an
 * order nobody knows. Budget (spec/bigcommerce.md §1.7): read cart 1, read order 1–3, zones 1.
 */
import t from 'tap'
import { OrderType } from '../../src/operations/fast-order.js'
import { buildTestApp } from '../helpers/build-app.js'
import { loadFixture } from '../helpers/bigcommerce-fixtures.js'
import { expectedTotal, LINE_1, ORDER_ID, readOrderBody, useCaseReplay } from './flows.js'
import { runScenario } from './scenarios.js'

t.test('Fast reads a cart by its BigCommerce cart id and by its own order id: the same cart, one call each', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'read-cart')
  const cartId = answers.create.body.order.order.external_id
  for (const step of ['by-cart-id', 'by-order-id']) {
    const order = answers[step].body.order.order
    t.equal(answers[step].statusCode, 200)
    t.same(order.id, { value: ORDER_ID }, `${step}: Fast's order id`)
    t.equal(order.external_id, cartId, `${step}: the cart id`)
    t.equal(order.order_type, OrderType.ORDER_TYPE_CART)
    t.match(order.lines, [{ id: { value: LINE_1 }, external_product_id: '112', quantity: 1, total_amount: '29.99' }])
    t.equal(order.total_amount, '29.99')
    t.equal(calls[step], 1, `${step}: GET checkout (budget: 1)`)
  }
  t.same(answers['by-cart-id'].body.order.order, answers['by-order-id'].body.order.order)
})

t.test('Fast reads a storefront cart it did not create: its lines, no Fast ids', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'read-storefront-cart')
  const cartId = (loadFixture('read-storefront-cart', '01-read-checkout').response as { data: { id: string } }).data.id
  const answer = await bridge.fast('read', readOrderBody({ externalOrderId: cartId, isCart: true }))
  t.equal(answer.statusCode, 200)
  const order = answer.body.order.order
  t.equal(order.external_id, cartId)
  t.notOk('id' in order, 'no Fast order id')
  t.same(order.lines.map((l: any) => [l.external_product_id, l.quantity, 'id' in l]), [['113', 1, false], ['112', 1, false]], 'the storefront lines, no Fast line ids')
  t.equal(order.total_amount, '44.99')
  t.equal(order.total_amount, expectedTotal(order))
  t.equal(replay.calls(), 1, 'GET checkout')
})

t.test('Fast reads an order by its BigCommerce order id after conversion', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'read-order')
  const answer = answers.read
  t.equal(answer.statusCode, 200)
  const order = answer.body.order.order
  t.same(order, answers.convert.body.order.order, 'the order as the conversion answered it')
  t.equal(order.order_type, OrderType.ORDER_TYPE_ORDER)
  t.equal(order.external_id, answers.convert.body.order.order.external_id)
  t.same(order.id, { value: ORDER_ID }, 'Fast\'s id, since we converted it')
  t.match(order.lines, [{ id: { value: LINE_1 }, quantity: 1, tax_amount: '0.00', total_amount: '29.99' }])
  t.equal(order.total_amount, expectedTotal(order))
  t.equal(calls.read, 1, 'GET order with consignments (budget: 1–3)')
})

t.test('Fast reads an order that had a coupon: the coupon is read too', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'read-order-with-coupon')
  const order = answers.read.body.order.order
  t.equal(answers.read.statusCode, 200)
  t.match(order.coupons, [{ code: 'SAVE10', applied: true, total_amount: '3.00' }])
  t.match(order.lines, [{ quantity: 2, subtotal_amount: '30.00', line_discount_amount: '3.00', total_amount: '27.00' }])
  t.equal(order.total_amount, '27.00')
  t.equal(order.total_discounts, '3.00')
  t.equal(order.total_amount, expectedTotal(order))
  t.equal(calls.read, 2, 'GET order + GET order coupons (budget: 1–3)')
  t.equal(calls.convert, 5, 'GET checkout, POST orders, then the stamp and the order read together, then the coupons')
})

t.test('Fast reads the shipping zones: the countries the store ships to', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'read-shipping-zones')
  t.equal(answers.zones.statusCode, 200)
  t.same(answers.zones.body.shipping_zones, { shipping_zones: [{ country_iso2: 'US' }, { country_iso2: 'GB' }] }, 'as seed 003')
  t.equal(calls.zones, 1, 'GET shipping zones (budget: 1)')
})

t.test('a state zone gives its subdivision', async t => {
  const bridge = await buildTestApp(t)
  const { answers } = await runScenario(t, bridge, 'read-shipping-zones-state')
  t.same(answers.zones.body.shipping_zones.shipping_zones, [{ country_iso2: 'US' }, { country_iso2: 'GB' }, { country_iso2: 'US', subdivision_iso2: 'CA' }])
})

t.test('Fast reads a shopper by external_user_id', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'read-user')
  const answer = await bridge.fast('read', { type: 'ENTITY_TYPE_USER', user: { external_user_id: '7' } })
  t.equal(answer.statusCode, 200)
  t.same(answer.body.user, { user: { external_user_id: '7', email: 'John+23roujwn@fast.in', first_name: 'John', last_name: 'Smith', phone: '+15555555555' } })
  t.equal(replay.calls(), 1, 'GET customers?id:in=7')
})

t.test('an order nobody knows answers 404', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'read-unknown-order')
  t.equal(answers.read.statusCode, 404)
  t.equal(calls.read, 1, 'GET order (404)')
  const unknownFastId = await bridge.fast('read', readOrderBody({ orderId: '00000000-0000-4000-8000-000000000404' }))
  t.equal(unknownFastId.statusCode, 404, 'an unknown Fast order id: 404 without a call')
})
