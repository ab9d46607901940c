/**
 * The cart phase's money (map-cart.ts), checked against BigCommerce's own example bodies and field
 * descriptions (carts.v3.yml, checkouts.v3.yml), not against our emulator.
 */
import t from 'tap'
import type { Cart, Checkout, CheckoutCart, LineItem } from '../../src/bigcommerce/types.js'
import { sumAmounts, subtractAmounts } from '../../src/money.js'
import { DiscountOrigin, DiscountType, ItemFulfillmentModel } from '../../src/operations/fast-order.js'
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

/**
 * BigCommerce's "Coupon Applied" checkout with a custom item and a gift certificate added, in the
 * shapes checkouts.v3.yml's cart `line_items` declares (its `example-1` has one of each, all zero):
 * the grand total and subtotals grow by what they cost (2 × 10.00 + 25.00).
 */
function checkoutWithEveryKind (): Checkout {
  const checkout = couponAppliedCheckout()
  checkout.cart.line_items.custom_items = [{ id: 'd1f3b5a0-3c3e-4b8a-9d7e-6a3f2c1b0e9d', sku: 'GIFT-WRAP', name: 'Gift wrapping', quantity: 2, list_price: 10, extended_list_price: 20 }]
  checkout.cart.line_items.gift_certificates = [{ id: '8f2c4a6e-1b3d-4e5f-9a7b-0c1d2e3f4a5b', name: '$25 Gift Certificate', theme: 'Birthday', amount: 25, taxable: false, sender: { name: 'Jane Doe', email: 'jane@example.com' }, recipient: { name: 'John Doe', email: 'john@example.com' }, message: 'Happy birthday' }]
  checkout.cart.base_amount = 112
  checkout.subtotal_ex_tax = 112
  checkout.subtotal_inc_tax = 112
  checkout.grand_total = 98.6
  return checkout
}

t.test('finding 2: a custom item and a gift certificate in the cart are Fast lines too, and the lines add up to the grand total', async t => {
  const order = checkoutToFastOrder(checkoutWithEveryKind(), { lines: [] })
  t.equal(order.lines?.length, 4, 'two products, the custom item, the gift certificate')
  t.match(order.lines?.[2], { external_id: 'd1f3b5a0-3c3e-4b8a-9d7e-6a3f2c1b0e9d', name: 'Gift wrapping', quantity: 2, unit_price: '10.00', subtotal_amount: '20.00', line_discount_amount: '0.00', total_amount: '20.00', fulfillment_mode: ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_PHYSICAL })
  t.match(order.lines?.[3], { external_id: '8f2c4a6e-1b3d-4e5f-9a7b-0c1d2e3f4a5b', name: '$25 Gift Certificate', quantity: 1, unit_price: '25.00', subtotal_amount: '25.00', total_amount: '25.00', fulfillment_mode: ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_DIGITAL })
  t.equal(sumAmounts((order.lines ?? []).map(line => line.total_amount)), order.total_amount, 'line totals = grand_total (98.60)')
  t.equal(order.sub_total, sumAmounts((order.lines ?? []).map(line => line.subtotal_amount)), 'sub_total = the lines\' subtotals')
})

t.test('finding 2: carts.v3.yml gives a custom item\'s quantity and list price as strings; they are read as numbers', async t => {
  const cart = cartWith(lineItem({}), { cart_amount: 48.5, base_amount: 48.5 })
  cart.line_items.custom_items = [{ id: 'c-1', sku: 'ENGRAVE', name: 'Engraving', quantity: '3', list_price: '5.50', extended_list_price: 16.5 }] as unknown as TestCart['line_items']['custom_items']
  const order = cartToFastOrder(cart, { lines: [] })
  t.match(order.lines?.[1], { external_id: 'c-1', quantity: 3, unit_price: '5.50', total_amount: '16.50' })
  t.equal(sumAmounts((order.lines ?? []).map(line => line.total_amount)), order.total_amount)
})

/**
 * A tax-inclusive store, built from BigCommerce's "Coupon Applied" checkout: `tax_included` set,
 * the prices read as including 10% tax, the inc-tax fields set consistently with them (shipping
 * 10.00 before tax, 11.00 with it) and the ex-tax fields and tax_total derived from them.
 */
function taxInclusiveCheckout (): Checkout {
  const checkout = couponAppliedCheckout()
  checkout.cart.tax_included = true
  checkout.subtotal_inc_tax = 67
  checkout.subtotal_ex_tax = 60.91
  checkout.shipping_cost_total_inc_tax = 11
  checkout.shipping_cost_total_ex_tax = 10
  checkout.tax_total = 5.87
  checkout.grand_total = 64.6
  return checkout
}

t.test('finding 3: in a tax-inclusive store the cart\'s sub_total and total_shipping include tax like its lines, so sub_total - discounts + shipping = total', async t => {
  const order = checkoutToFastOrder(taxInclusiveCheckout(), { lines: [] })
  t.equal(order.sub_total, '67.00', 'subtotal_inc_tax, the basis of the lines\' 32.00 and 35.00')
  t.equal(order.total_shipping, '11.00', 'shipping_cost_total_inc_tax')
  t.equal(subtractAmounts(sumAmounts([order.sub_total, order.total_shipping]), order.total_discounts ?? '0'), order.total_amount, '67.00 + 11.00 - 13.40 = 64.60')
  t.equal(sumAmounts([...(order.lines ?? []).map(line => line.total_amount), order.total_shipping]), order.total_amount)
})

t.test('finding 3: in a store whose prices exclude tax the cart\'s sub_total and total_shipping stay before tax', async t => {
  const checkout = taxInclusiveCheckout()
  checkout.cart.tax_included = false
  const order = checkoutToFastOrder(checkout, { lines: [] })
  t.equal(order.sub_total, '60.91')
  t.equal(order.total_shipping, '10.00')
})

t.test('finding 4: a cart line\'s discounted_unit_price is after its coupon too, on BigCommerce\'s "Coupon Applied" checkout', async t => {
  const order = checkoutToFastOrder(couponAppliedCheckout(), { lines: [] })
  t.same((order.lines ?? []).map(line => [line.unit_price, line.discounted_unit_price]), [['32.00', '25.60'], ['35.00', '28.00']], 'sale_price 32 and 35 leave the 20% coupon out')
})

t.test('finding 4: a discounted_unit_price that would not multiply back to the line total stays the sale price', async t => {
  // 3 × 10.00 with a 20.00 coupon leaves 10.00, which is no whole number of cents a unit.
  const coupons = [{ id: 1, code: 'TEN', coupon_type: '0', discounted_amount: 20 }]
  const item = lineItem({ quantity: 3, list_price: 10, sale_price: 10, extended_list_price: 30, extended_sale_price: 30, coupon_amount: 20 })
  const order = cartToFastOrder(cartWith(item, { coupons, cart_amount: 10, base_amount: 30 }), { lines: [] })
  t.equal(order.lines?.[0].total_amount, '10.00')
  t.equal(order.lines?.[0].discounted_unit_price, '10.00', 'sale_price, not a rounded 3.33')
  const even = cartToFastOrder(cartWith({ ...item, quantity: 2, extended_list_price: 20, extended_sale_price: 20, coupon_amount: 5 }, { coupons: [{ ...coupons[0], discounted_amount: 5 }], cart_amount: 15, base_amount: 20 }), { lines: [] })
  t.equal(even.lines?.[0].discounted_unit_price, '7.50', '2 × 10.00 less 5.00 is 7.50 a unit')
})
