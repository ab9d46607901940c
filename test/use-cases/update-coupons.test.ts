/**
 * Seed 002 coupon use cases: add SAVE10 (10 % off two Fast Tees M at 15.00), remove it, and codes
 * BigCommerce refuses (unknown, expired). Budget (spec/bigcommerce.md §1.7): "update coupon: 2".
 */
import t from 'tap'
import { DiscountOrigin, DiscountType, UpdateOrderSegmentType } from '../../src/operations/fast-order.js'
import { buildTestApp } from '../helpers/build-app.js'
import { loadFixture } from '../helpers/bigcommerce-fixtures.js'
import { sumAmounts } from '../../src/money.js'
import { couponBody, createBody, expectedTotal, LINE_1, reasonOf, useCaseReplay } from './flows.js'
import { runScenario } from './scenarios.js'

const COUPON = UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_COUPON

t.test('a shopper adds coupon SAVE10: the order lists the coupon, the line discount, and totals that add up', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'update-add-coupon')
  const answer = answers.coupon
  t.equal(answer.statusCode, 200)
  const order = answer.body.order.order
  t.same(order.coupons, [{ code: 'SAVE10', description: '10% off your order', origin: DiscountOrigin.DISCOUNT_ORIGIN_USER, type: DiscountType.DISCOUNT_TYPE_REGULAR, applied: true, total_amount: '3.00' }])
  const [line] = order.lines
  t.equal(line.id.value, LINE_1)
  t.equal(line.subtotal_amount, '30.00')
  t.equal(line.line_discount_amount, '3.00')
  t.equal(line.total_amount, '27.00')
  t.ok(line.discounts.some((d: any) => d.code === 'SAVE10' && d.origin === DiscountOrigin.DISCOUNT_ORIGIN_USER && d.total_amount === '3.00'), 'the line names the coupon')
  t.equal(order.sub_total, '30.00')
  t.equal(order.total_discounts, '3.00')
  t.equal(order.total_amount, '27.00')
  t.equal(order.total_amount, expectedTotal(order), 'total_amount = sub_total − total_discounts + total_tax + total_shipping')
  t.same(answer.body.order.status, [{ updated: COUPON, status: true, message: 'coupon added' }])
  t.equal(calls.coupon, 2, 'POST checkout coupon + GET checkout (budget: 2)')
})

t.test('a line\'s discounts add up to its line_discount_amount (the coupon is listed once)', async t => {
  const bridge = await buildTestApp(t)
  const { answers } = await runScenario(t, bridge, 'update-add-coupon')
  const [line] = answers.coupon.body.order.order.lines
  t.equal(sumAmounts(line.discounts.map((d: any) => d.total_amount)), line.line_discount_amount)
})

t.test('a shopper removes the coupon: no coupons, no discount, the full price again', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'update-remove-coupon')
  const order = answers.remove.body.order.order
  t.equal(answers.remove.statusCode, 200)
  t.notOk(order.coupons?.length, 'no coupon left')
  t.equal(order.lines[0].line_discount_amount, '0.00')
  t.same(order.lines[0].discounts, [])
  t.equal(order.total_discounts, '0.00')
  t.equal(order.total_amount, '30.00')
  t.equal(order.total_amount, expectedTotal(order))
  t.same(answers.remove.body.order.status, [{ updated: COUPON, status: true, message: 'coupon removed' }])
  t.equal(calls.remove, 2, 'DELETE checkout coupon + GET checkout (budget: 2)')
})

t.test('an unknown or expired code is refused with INVALID_COUPON and the order does not change', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls, replay } = await runScenario(t, bridge, 'update-invalid-coupon')
  for (const [step, code] of [['unknown', 'NOSUCHCODE'], ['expired', 'EXPIRED']] as const) {
    t.equal(answers[step].statusCode, 422, `${code}: 422`)
    t.equal(reasonOf(answers[step]), 'INVALID_COUPON', `${code}: INVALID_COUPON`)
    t.match(answers[step].body.details[0].metadata, { code })
    t.equal(calls[step], 1, `${code}: one refused POST, no other call`)
  }
  const after = answers.read.body.order.order
  t.notOk(after.coupons?.length, 'no coupon')
  t.equal(after.total_amount, '30.00', 'the price is as before')
  t.equal(after.lines[0].quantity, 2)
  replay.assertDone()
})

t.test('finding 18: removing a coupon sends the cart version BigCommerce last answered, so a storefront change in between is not overwritten', async t => {
  // deleteCheckoutCoupon takes `version` in its body (DeleteCouponCodeRequest); the exchange only
  // matches a DELETE that carries the version the coupon add answered.
  t.same(loadFixture('update-remove-coupon', '04-remove-coupon-save10').body, { version: 2 })
  const bridge = await buildTestApp(t)
  const { answers, replay } = await runScenario(t, bridge, 'update-remove-coupon')
  t.equal(answers.remove.statusCode, 200)
  t.notOk(answers.remove.body.order.order.coupons?.length, 'the coupon is gone')
  replay.assertDone()
})

t.test('finding 18: when the storefront changed the cart meanwhile, removing the coupon re-reads the checkout once and removes it with the fresh version', async t => {
  const bridge = await buildTestApp(t)
  // 04 answers the stale version 2 with BigCommerce's 409 CartConflictErrorResponse; 06 matches only {version: 3}.
  const replay = useCaseReplay(t, 'update-remove-coupon-conflict')
  await bridge.fast('create', createBody([{ id: LINE_1, product: '113', variant: '81', quantity: 2 }]))
  await bridge.fast('update', couponBody('SAVE10'))
  const before = replay.calls()
  const removed = await bridge.fast('update', couponBody('SAVE10', true))
  t.equal(removed.statusCode, 200, 'the shopper\'s removal lands')
  t.notOk(removed.body.order.order.coupons?.length, 'no coupon left')
  t.equal(replay.calls() - before, 4, 'refused DELETE, checkout read, DELETE with the fresh version, the answer\'s read')
})
