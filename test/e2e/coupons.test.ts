/** Coupons end to end on the sandbox store. */
import t from 'tap'
import { convertibleCart, createCart, expectOk } from '../helpers/checkout-journey.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'
import { totalsAddUp } from '../helpers/totals.js'

t.test('a shopper who adds SAVE10 sees the coupon, the line discounts and totals that add up', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge, [{ product: '112', quantity: 1 }, { product: '113', variant: '81', quantity: 1 }])
  const { result, calls } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update({ coupon: { code: 'SAVE10' } })))
  const order = result.order.order
  t.same(order.coupons.map((c: any) => [c.code, c.total_amount, c.applied]), [['SAVE10', '4.50', true]])
  t.same(order.lines.map((l: any) => l.discounts.map((d: any) => [d.code, d.total_amount])), [[['SAVE10', '3.00']], [['SAVE10', '1.50']]])
  t.equal(order.total_discounts, '4.50')
  t.equal(order.total_amount, '40.49')
  t.ok(totalsAddUp(order), 'sub_total − discounts + tax + shipping = total')
  t.same(result.order.status, [{ updated: 1, status: true, message: 'coupon added' }])
  t.equal(calls, 2, 'the coupon call and one checkout read')
})

t.test('a shopper who removes the coupon gets the full price back', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  await expectOk(bridge, 'update', journey.update({ coupon: { code: 'SAVE10' } }))
  const removed = await expectOk(bridge, 'update', journey.update({ coupon: { code: 'SAVE10', remove: true } }))
  t.notOk(removed.order.order.coupons, 'no coupons')
  t.equal(removed.order.order.total_amount, '29.99')
})

t.test('FREESHIP makes the chosen shipping free: the shipping stays listed, the coupon takes it off', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge, 'Express')
  const answer = await expectOk(bridge, 'update', journey.update({ coupon: { code: 'FREESHIP' } }))
  const order = answer.order.order
  // BigCommerce reports shipping "before any discounts"; the free-shipping coupon is a discount.
  t.equal(order.total_shipping, '15.00')
  t.equal(order.total_discounts, '15.00')
  t.same(order.coupons.map((c: any) => [c.code, c.type, c.total_amount]), [['FREESHIP', 3, '15.00']], 'a shipping discount')
  t.equal(order.total_amount, '29.99', 'the shopper pays no shipping')
  t.ok(totalsAddUp(order))
})

t.test('an unknown or expired code is refused and the order stays as it was', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  for (const code of ['NOPE', 'EXPIRED']) {
    const answer = await bridge.fast('update', journey.update({ coupon: { code } }))
    t.equal(answer.statusCode, 422, `${code} is refused`)
    t.equal(answer.body.details[0].reason, 'INVALID_COUPON')
    t.match(answer.body.message, code)
  }
  const read = await expectOk(bridge, 'read', journey.read())
  t.equal(read.order.order.total_amount, '29.99')
})
