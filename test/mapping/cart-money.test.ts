/**
 * The cart phase's money (map-cart.ts), checked against BigCommerce's own example bodies and field
 * descriptions (carts.v3.yml, checkouts.v3.yml), not against our emulator.
 */
import t from 'tap'
import type { Cart, Checkout, CheckoutCart, LineItem } from '../../src/bigcommerce/types.js'
import { DiscountOrigin, DiscountType } from '../../src/operations/fast-order.js'
import { cartToFastOrder, checkoutToFastOrder } from '../../src/operations/map-cart.js'
import { officialExamples } from '../examples/official-examples.js'

function couponAppliedCheckout (): Checkout {
  const example = officialExamples('checkouts.v3.yml', 'getCheckout').find(e => e.name === 'Coupon Applied')
  if (example === undefined) throw new Error('checkouts.v3.yml no longer has the "Coupon Applied" example')
  return structuredClone((example.body as { data: Checkout }).data)
}

function lineItem (overrides: Partial<LineItem>): LineItem {
  return {
    id: 'b0adf3a7-7a92-44d9-ad46-87235b118e48',
    product_id: 145,
    variant_id: 528,
    name: 'Hotel Towel',
    quantity: 1,
    discounts: [],
    discount_amount: 0,
    coupon_amount: 0,
    list_price: 32,
    sale_price: 32,
    extended_list_price: 32,
    extended_sale_price: 32,
    ...overrides
  }
}

/**
 * A cart both mappers accept. carts.v3.yml and checkouts.v3.yml disagree on coupon shapes (id a
 * string or a number, coupon_type '0'-'5' or a name), and these tests feed the mappers both.
 */
type TestCart = Cart & CheckoutCart

function cartWith (item: LineItem, extra: Record<string, unknown> = {}): TestCart {
  return ({
    id: '267c5d6f-0d27-48ea-b731-e7832a4c5537',
    currency: { code: 'USD' },
    base_amount: 32,
    discount_amount: 0,
    cart_amount: 32,
    coupons: [],
    line_items: { physical_items: [item], digital_items: [] },
    ...extra
  }) as unknown as TestCart
}

t.test('finding 1: on BigCommerce\'s "Coupon Applied" checkout each line shows its coupon money once, and total_discounts is the coupon\'s 13.40', async t => {
  const order = checkoutToFastOrder(couponAppliedCheckout(), { lines: [] })
  t.match(order.lines, [
    { external_id: 'b0adf3a7-7a92-44d9-ad46-87235b118e48', subtotal_amount: '32.00', line_discount_amount: '6.40', total_amount: '25.60' },
    { external_id: '985c79a3-4c94-4104-923a-2e3d4572e72d', subtotal_amount: '35.00', line_discount_amount: '7.00', total_amount: '28.00' }
  ])
  t.equal(order.total_discounts, '13.40')
  t.equal(order.total_amount, '53.60')
  for (const line of order.lines ?? []) {
    t.same(line.discounts, [{ code: 'SHOP20', description: '20% Off', origin: DiscountOrigin.DISCOUNT_ORIGIN_USER, type: DiscountType.DISCOUNT_TYPE_REGULAR, applied: true, total_amount: line.line_discount_amount }],
      `${line.external_id}: the coupon once, under its code, not also as a store discount coded "coupon"`)
  }
})

t.test('finding 1: a store promotion and a coupon on one line are both counted, neither twice, whichever way discount_amount is read', async t => {
  const discounts = [{ id: 2, discounted_amount: 2 }, { id: 'coupon', discounted_amount: 6.4 }]
  const coupons = [{ id: 1, code: 'SHOP20', coupon_type: '1', discounted_amount: 6.4 }]
  // checkouts.v3.yml's example: discount_amount leaves the coupon out; carts.v3.yml's text: it includes it.
  for (const discountAmount of [2, 8.4]) {
    const order = cartToFastOrder(cartWith(lineItem({ discounts, discount_amount: discountAmount, coupon_amount: 6.4 }), { coupons, cart_amount: 23.6 }), { lines: [] })
    const [line] = order.lines ?? []
    t.equal(line.line_discount_amount, '8.40', `discount_amount ${discountAmount}: 2.00 store + 6.40 coupon`)
    t.equal(line.total_amount, '23.60')
    t.same(line.discounts?.map((d: { code?: string, origin?: number, total_amount?: string }) => [d.code, d.origin, d.total_amount]), [['2', DiscountOrigin.DISCOUNT_ORIGIN_VENDOR, '2.00'], ['SHOP20', DiscountOrigin.DISCOUNT_ORIGIN_USER, '6.40']])
    t.equal(order.total_discounts, '8.40')
  }
})

t.test('finding 4: in a store whose prices exclude tax, a cart line\'s total_amount is after its discounts and before tax', async t => {
  const item = lineItem({ discounts: [{ id: 2, discounted_amount: 2 }], discount_amount: 2 })
  const order = checkoutToFastOrder({ id: 'c', cart: cartWith(item, { tax_included: false }), tax_total: 2.40, grand_total: 32.40 }, { lines: [] })
  t.same((order.lines ?? []).map(line => [line.total_amount, 'tax_amount' in line]), [['30.00', false]], 'the tax is not known per line before conversion: it is in total_tax')
  t.equal(order.total_tax, '2.40')
})

t.test('finding 4: in a store whose prices include tax, a cart line\'s total_amount is after its discounts, tax included as in its prices', async t => {
  const order = cartToFastOrder(cartWith(lineItem({ list_price: 33, sale_price: 33, extended_list_price: 33, extended_sale_price: 33 }), { tax_included: true, cart_amount: 33 }), { lines: [] })
  t.equal(order.lines?.[0].total_amount, '33.00')
  t.equal(order.total_amount, '33.00')
})

t.test('finding 5: coupon types are carts.v3.yml\'s strings \'0\'-\'5\' (or checkouts.v3.yml\'s names): shipping and free-shipping coupons are shipping discounts', async t => {
  const cases: Array<[string, number]> = [
    ['0', DiscountType.DISCOUNT_TYPE_REGULAR], ['1', DiscountType.DISCOUNT_TYPE_REGULAR], ['2', DiscountType.DISCOUNT_TYPE_REGULAR],
    ['3', DiscountType.DISCOUNT_TYPE_SHIPPING], ['4', DiscountType.DISCOUNT_TYPE_SHIPPING], ['5', DiscountType.DISCOUNT_TYPE_REGULAR],
    ['per_item_discount', DiscountType.DISCOUNT_TYPE_REGULAR], ['percentage_discount', DiscountType.DISCOUNT_TYPE_REGULAR],
    ['shipping_discount', DiscountType.DISCOUNT_TYPE_SHIPPING], ['free_shipping', DiscountType.DISCOUNT_TYPE_SHIPPING], ['promotion', DiscountType.DISCOUNT_TYPE_REGULAR]
  ]
  for (const [couponType, expected] of cases) {
    const order = cartToFastOrder(cartWith(lineItem({}), { coupons: [{ id: 7, code: 'C', coupon_type: couponType, discounted_amount: 5 }] }), { lines: [] })
    t.equal(order.coupons?.[0].type, expected, `coupon_type ${JSON.stringify(couponType)}`)
  }
})

t.test('finding 1: a line that itemises no discounts counts discount_amount and coupon_amount as one discount, never both', async t => {
  const coupons = [{ id: 1, code: 'SHOP20', coupon_type: '1', discounted_amount: 6.4 }]
  // checkouts.v3.yml's reading (coupon outside discount_amount) and carts.v3.yml's (inside it).
  for (const discountAmount of [0, 6.4]) {
    const order = cartToFastOrder(cartWith(lineItem({ discounts: [], discount_amount: discountAmount, coupon_amount: 6.4 }), { coupons, cart_amount: 25.6 }), { lines: [] })
    t.equal(order.lines?.[0].line_discount_amount, '6.40', `discount_amount ${discountAmount}`)
    t.equal(order.lines?.[0].total_amount, '25.60')
    t.same(order.lines?.[0].discounts?.map(d => [d.code, d.total_amount]), [['SHOP20', '6.40']])
  }
})
