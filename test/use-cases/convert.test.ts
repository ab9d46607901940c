/**
 * Seed 002 "Convert a Cart to an Order": the checkout timer ran out. The bridge GETs the checkout
 * (a cart a storefront already converted is adopted, never posted again), POSTs
 * /v3/checkouts/{id}/orders, then at once PUTs /v2/orders/{id} with external_order_id and
 * external_source and GETs the order with its consignments. Budget (spec/bigcommerce.md §1.7):
 * "convert: 2–4"; 4 calls in 3 round trips.
 */
import t, { type Test } from 'tap'
import { OrderStatus, OrderType, UpdateOrderSegmentType } from '../../src/operations/fast-order.js'
import { buildTestApp } from '../helpers/build-app.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES_DIR, type FixtureDefinition } from '../helpers/bigcommerce-fixtures.js'
import { convertBody, createBody, LINE_1, ORDER_ID, reasonOf, useCaseReplay } from './flows.js'
import { runScenario } from './scenarios.js'

const CONVERTED = [{ updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_CONVERT_CART_TO_ORDER, status: true, message: 'cart converted to order' }]

async function assertConverted (t: Test, scenario: string): Promise<void> {
  const bridge = await buildTestApp(t)
  const { answers, calls, replay } = await runScenario(t, bridge, scenario)
  const answer = answers.convert
  t.equal(answer.statusCode, 200)
  const order = answer.body.order.order
  const stamp = JSON.parse(readFileSync(join(FIXTURES_DIR, scenario, '08-stamp-order.json'), 'utf8')) as FixtureDefinition
  const bcOrderId = String((stamp.response as { id: number }).id)
  t.equal(order.order_type, OrderType.ORDER_TYPE_ORDER, 'an ORDER now')
  t.equal(order.external_id, bcOrderId, 'external_id is the BigCommerce order id')
  t.equal(order.short_order_id, bcOrderId)
  t.equal(order.status, OrderStatus.ORDER_STATUS_PENDING)
  t.same(order.id, { value: ORDER_ID })
  t.equal(order.lines.length, 1)
  t.match(order.lines[0], { id: { value: LINE_1 }, external_product_id: '112', quantity: 1, unit_price: '29.99', tax_amount: '0.00', total_amount: '29.99' }, 'per-line tax_amount is there')
  t.equal(order.total_amount, '29.99')
  t.equal(order.shipment_plans.length, 1)
  t.same(answer.body.order.status, CONVERTED)
  t.match(stamp.body, { external_order_id: ORDER_ID, external_source: 'fast-bigcommerce' }, 'the order is stamped with Fast\'s id')
  t.equal(calls.convert, 4, 'GET checkout (is the cart an order already?), POST orders, then PUT stamp and GET order together')
  replay.assertDone()
}

t.test('the checkout timer runs out: UPDATE_AND_CONVERT makes the cart a BigCommerce order', async t => {
  await assertConverted(t, 'convert-update-and-convert')
})

t.test('CONVERT_ONLY converts the cart the same way', async t => {
  await assertConverted(t, 'convert-only')
})

t.test('finding 9: the converted order names Fast as its payment method, so the merchant sees how it was paid', async t => {
  const bridge = await buildTestApp(t)
  const { answers, replay } = await runScenario(t, bridge, 'convert-only')
  t.equal(answers.convert.statusCode, 200)
  const stamp = JSON.parse(readFileSync(join(FIXTURES_DIR, 'convert-only', '08-stamp-order.json'), 'utf8')) as FixtureDefinition
  t.same(stamp.body, { external_order_id: ORDER_ID, external_source: 'fast-bigcommerce', payment_method: 'Fast' }, 'the stamp PUT (nock matches the body exactly)')
  replay.assertDone()
})

t.test('finding 18: the bodiless order POST declares Content-Type: application/json, which createOrder requires', async t => {
  const bridge = await buildTestApp(t)
  const { answers, replay } = await runScenario(t, bridge, 'convert-only')
  t.equal(answers.convert.statusCode, 200)
  const create = JSON.parse(readFileSync(join(FIXTURES_DIR, 'convert-only', '07-create-order.json'), 'utf8')) as FixtureDefinition
  t.equal(create.body, undefined, 'no body')
  t.equal(create.reqheaders?.['content-type'], 'application/json', 'nock answers the POST only with this header')
  replay.assertDone()
})

t.test('a second convert request answers the order without a second POST', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'convert-twice')
  t.equal(answers.again.statusCode, 200)
  t.same(answers.again.body.order.order, answers.convert.body.order.order, 'the same order')
  t.same(answers.again.body.order.status, CONVERTED)
  t.equal(calls.again, 1, 'only GET order: no POST, no stamp')
})

t.test('an invalid convert_mode is refused with 400 before any BigCommerce call', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'convert-incomplete-no-billing', ['01-create-cart'])
  await bridge.fast('create', createBody([{ id: LINE_1, product: '112', quantity: 1 }]))
  const before = replay.calls()
  for (const mode of ['CART_TO_ORDER_CONVERT_UNSPECIFIED', 'NOT_A_MODE']) {
    const answer = await bridge.fast('update', convertBody(mode))
    t.equal(answer.statusCode, 400, `${mode}: 400`)
  }
  t.equal(replay.calls() - before, 0, 'no BigCommerce call')
})

t.test('converting a checkout without a billing email is refused with CHECKOUT_INCOMPLETE, and no order is made', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'convert-incomplete-no-billing')
  t.equal(answers.convert.statusCode, 422)
  t.equal(reasonOf(answers.convert), 'CHECKOUT_INCOMPLETE')
  t.match(answers.convert.body.details[0].metadata, { missing: 'bill_to.email' })
  t.equal(calls.convert, 1, 'the checkout read says what is missing: no order POST')
})

t.test('converting a checkout without a chosen shipping option is refused with CHECKOUT_INCOMPLETE', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'convert-incomplete-no-shipping-option')
  t.equal(answers.convert.statusCode, 422)
  t.equal(reasonOf(answers.convert), 'CHECKOUT_INCOMPLETE')
  t.match(answers.convert.body.details[0].metadata, { missing: 'shipping_option' })
  t.equal(calls.convert, 1, 'the checkout read says what is missing: no order POST')
})
