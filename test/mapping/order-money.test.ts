/**
 * The converted order's money (map-order.ts), checked against orders.v2.oas2.yml's own examples
 * and field descriptions, not against our emulator.
 */
import t from 'tap'
import type { Order, OrderCoupon, OrderProduct } from '../../src/bigcommerce/types.js'
import { DEFAULT_ORDER_STATUS_IDS } from '../../src/bigcommerce/order-statuses.js'
import { subtractAmounts, sumAmounts } from '../../src/money.js'
import { DiscountType } from '../../src/operations/fast-order.js'
import { orderToFastOrder } from '../../src/operations/map-order.js'
import { officialExamples } from '../examples/official-examples.js'

/** orders.v2.oas2.yml getOrder "Response" (order 218), with `include=consignments.line_items` added. */
function officialOrder (products: OrderProduct[] = []): Order {
  const example = officialExamples('orders.v2.oas2.yml', 'getOrder').find(e => e.name === 'Response')
  if (example === undefined) throw new Error('orders.v2.oas2.yml no longer has the getOrder "Response" example')
  const order = structuredClone(example.body) as Order
  return { ...order, consignments: { pickups: [], shipping: [{ id: 1, first_name: 'Jane', line_items: products }], downloads: [], email: { gift_certificates: [] } } }
}

/** orders.v2.oas2.yml getOrderProducts "response", its first product (id 65): a manual discount of 1.59. */
function officialProduct (): OrderProduct {
  const example = officialExamples('orders.v2.oas2.yml', 'getOrderProducts')[0]
  return structuredClone((example.body as OrderProduct[])[0])
}

const notOurs = { lines: [] }

t.test('finding 2: an order\'s coupon shows the money it took off (`discount`), not its configured value (`amount`)', async t => {
  // orderCoupons_Base: a 10% coupon has amount 10; on a 30.00 order it took off 3.00.
  const coupon: OrderCoupon = { id: 1, coupon_id: 1, code: 'SAVE10', amount: 10, type: 1, discount: 3 }
  const order = orderToFastOrder({ ...officialOrder(), coupon_discount: '3.0000' }, [coupon], notOurs, DEFAULT_ORDER_STATUS_IDS)
  t.match(order.coupons, [{ code: 'SAVE10', type: DiscountType.DISCOUNT_TYPE_REGULAR, total_amount: '3.00' }])
})

t.test('finding 5: a v2 shipping or free-shipping coupon (type 3, 4) is a shipping discount, the others regular', async t => {
  for (const [type, expected] of [[0, 2], [1, 2], [2, 2], [3, 3], [4, 3], [5, 2]]) {
    const order = orderToFastOrder(officialOrder(), [{ code: 'C', amount: 5, type: type as OrderCoupon['type'], discount: 5 }], notOurs, DEFAULT_ORDER_STATUS_IDS)
    t.equal(order.coupons?.[0].type, expected === 3 ? DiscountType.DISCOUNT_TYPE_SHIPPING : DiscountType.DISCOUNT_TYPE_REGULAR, `type ${type}`)
  }
})

t.test('finding 3: an order is reported in the transactional currency its amounts are in (default_currency_code), not the display currency', async t => {
  const order = orderToFastOrder({ ...officialOrder(), currency_code: 'EUR', default_currency_code: 'JPY', total_inc_tax: '1500.0000' }, [], notOurs, DEFAULT_ORDER_STATUS_IDS)
  t.equal(order.currency_code, 'JPY')
  t.equal(order.total_amount, '1500', 'yen have no minor unit')
})

t.test('finding 4: in a store whose prices exclude tax, a converted line\'s total_amount is after its discounts and before tax, as in the cart phase; the tax is tax_amount', async t => {
  const order = orderToFastOrder({ ...officialOrder([officialProduct()]), is_tax_inclusive_pricing: false }, [], notOurs, DEFAULT_ORDER_STATUS_IDS)
  t.match(order.lines, [{ external_id: '65', unit_price: '55.99', subtotal_amount: '55.99', line_discount_amount: '1.59', tax_amount: '9.24', total_amount: '54.40' }])
})

t.test('finding 4: in a store whose prices include tax, a converted line\'s total_amount is after its discounts, tax included, as in the cart phase', async t => {
  const order = orderToFastOrder({ ...officialOrder([officialProduct()]), is_tax_inclusive_pricing: true }, [], notOurs, DEFAULT_ORDER_STATUS_IDS)
  t.match(order.lines, [{ external_id: '65', unit_price: '65.23', subtotal_amount: '65.23', line_discount_amount: '1.59', tax_amount: '9.24', total_amount: '63.64' }])
})

/**
 * A tax-inclusive order built from orders.v2.oas2.yml's getOrder "Response" and the first product
 * of getOrderProducts (price 55.99 before tax, 65.23 with it, a 1.59 discount): the order's figures
 * are set consistently with that one product and 10.00 shipping (11.00 with tax); tax_total is not
 * checked.
 */
function taxInclusiveOrder (): Order {
  return {
    ...officialOrder([officialProduct()]),
    is_tax_inclusive_pricing: true,
    subtotal_ex_tax: '55.9900',
    subtotal_inc_tax: '65.2300',
    shipping_cost_ex_tax: '10.0000',
    shipping_cost_inc_tax: '11.0000',
    handling_cost_ex_tax: '0.0000',
    handling_cost_inc_tax: '0.0000',
    discount_amount: '1.5900',
    coupon_discount: '0.0000',
    total_tax: '10.2400',
    total_inc_tax: '74.6400'
  }
}

t.test('finding 3: in a tax-inclusive store the order\'s sub_total and total_shipping include tax like its lines, so sub_total - discounts + shipping = total', async t => {
  const order = orderToFastOrder(taxInclusiveOrder(), [], notOurs, DEFAULT_ORDER_STATUS_IDS)
  t.equal(order.sub_total, '65.23', 'subtotal_inc_tax, the basis of the line\'s 65.23')
  t.equal(order.total_shipping, '11.00', 'shipping_cost_inc_tax + handling_cost_inc_tax')
  t.equal(subtractAmounts(sumAmounts([order.sub_total, order.total_shipping]), order.total_discounts ?? '0'), order.total_amount, '65.23 + 11.00 - 1.59 = 74.64')
  t.equal(sumAmounts([...(order.lines ?? []).map(line => line.total_amount), order.total_shipping]), order.total_amount)
})
