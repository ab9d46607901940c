/**
 * A converted order read back (map-order.ts): every consignment kind of `orderConsignment_Get`
 * keeps its lines, and an order we did not convert reports the Fast status its BigCommerce status means.
 */
import t from 'tap'
import type { Order, OrderConsignments, OrderProduct } from '../../src/bigcommerce/types.js'
import { DEFAULT_ORDER_STATUS_IDS } from '../../src/bigcommerce/order-statuses.js'
import { ItemFulfillmentModel, OrderStatus, ShippingOptionType } from '../../src/operations/fast-order.js'
import { orderToFastOrder } from '../../src/operations/map-order.js'

function product (id: number, type: OrderProduct['type'], total: string): OrderProduct {
  return { id, order_id: 129, product_id: 100 + id, variant_id: 200 + id, name: `Product ${id}`, type, quantity: 1, price_ex_tax: total, price_inc_tax: total, total_ex_tax: total, total_inc_tax: total, total_tax: '0.0000', applied_discounts: [], discounted_total_inc_tax: total }
}

function order (consignments: OrderConsignments, extra: Partial<Order> = {}): Order {
  return { id: 129, status_id: 0, currency_code: 'USD', default_currency_code: 'USD', subtotal_ex_tax: '40.0000', total_inc_tax: '40.0000', total_tax: '0.0000', discount_amount: '0.0000', coupon_discount: '0.0000', consignments: consignments as Order['consignments'], ...extra }
}

const notOurs = { lines: [] }

t.test('finding 9: the lines of pickup and gift-certificate consignments are kept after conversion', async t => {
  // orderConsignment_Get's own x-examples, with the products `include=consignments.line_items` expands.
  const mapped = orderToFastOrder(order({
    pickups: [{ id: 99, pickup_method_id: 1, pickup_method_display_name: 'Pick Up', location: { id: 1, name: 'Location 1', address_line_1: '123 Main Street', city: 'Austin', state: 'Texas', postal_code: '78726', country_alpha2: 'US' }, line_items: [product(12, 'physical', '10.0000')] }],
    shipping: [{ id: 100, first_name: 'Jane', line_items: [product(13, 'physical', '10.0000')] }],
    downloads: [{ recipient_email: 'recipient@email.com', line_items: [product(14, 'digital', '10.0000')] }],
    email: { gift_certificates: [{ recipient_email: 'recipient@email.com', line_items: [product(15, 'giftcertificate', '10.0000')] }] }
  }), [], notOurs, DEFAULT_ORDER_STATUS_IDS)
  t.same((mapped.lines ?? []).map(line => line.external_id).sort(), ['12', '13', '14', '15'], 'every product of every consignment kind')
  t.equal((mapped.lines ?? []).find(line => line.external_id === '14')?.fulfillment_mode, ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_DIGITAL)
  t.equal((mapped.lines ?? []).find(line => line.external_id === '15')?.fulfillment_mode, ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_DIGITAL, 'a gift certificate is not shipped')
  const pickup = mapped.shipment_plans?.find(plan => plan.external_id === '99')
  t.equal(pickup?.selected_option?.shipment_type, ShippingOptionType.SHIPPING_OPTION_TYPE_IN_STORE_PICKUP, 'the pickup is a plan of its own, picked up in store')
  t.same(pickup?.lines?.map(line => line.external_id), ['12'])
})

t.test('finding 9: an order we did not convert reports the Fast status of its BigCommerce status_id', async t => {
  const expected: Array<[number, number]> = [
    [0, OrderStatus.ORDER_STATUS_PENDING], [1, OrderStatus.ORDER_STATUS_PENDING], [2, OrderStatus.ORDER_STATUS_FULFILLED],
    [3, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT], [4, OrderStatus.ORDER_STATUS_CANCELED], [5, OrderStatus.ORDER_STATUS_CANCELED],
    [6, OrderStatus.ORDER_STATUS_CANCELED], [7, OrderStatus.ORDER_STATUS_PENDING], [8, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT],
    [9, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT], [10, OrderStatus.ORDER_STATUS_COMPLETE], [11, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT],
    [12, OrderStatus.ORDER_STATUS_BOOKED], [13, OrderStatus.ORDER_STATUS_HOLD], [14, OrderStatus.ORDER_STATUS_COMPLETE]
  ]
  for (const [statusId, status] of expected) {
    t.equal(orderToFastOrder(order({}, { status_id: statusId }), [], notOurs, DEFAULT_ORDER_STATUS_IDS).status, status, `status_id ${statusId}`)
  }
})

t.test('finding 9: a store\'s own status ids for BOOKED, PENDING_FULFILLMENT and CANCELED are read as those', async t => {
  const statusIds = { BOOKED: 7, PENDING_FULFILLMENT: 9, CANCELED: 6 }
  t.equal(orderToFastOrder(order({}, { status_id: 7 }), [], notOurs, statusIds).status, OrderStatus.ORDER_STATUS_BOOKED)
  t.equal(orderToFastOrder(order({}, { status_id: 9 }), [], notOurs, statusIds).status, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT)
  t.equal(orderToFastOrder(order({}, { status_id: 6 }), [], notOurs, statusIds).status, OrderStatus.ORDER_STATUS_CANCELED)
  t.equal(orderToFastOrder(order({}, { status_id: 12 }), [], notOurs, statusIds).status, OrderStatus.ORDER_STATUS_HOLD, '12 is no longer BOOKED here: Manual Verification Required is a hold')
})

t.test('finding 1: an order we converted reports the status BigCommerce has now, which the merchant may have changed', async t => {
  const ours = { fastOrderId: 'fast-order-1', lines: [] }
  t.equal(orderToFastOrder(order({}, { status_id: 5 }), [], ours, DEFAULT_ORDER_STATUS_IDS).status, OrderStatus.ORDER_STATUS_CANCELED, 'cancelled by the merchant')
  t.equal(orderToFastOrder(order({}, { status_id: 4 }), [], ours, DEFAULT_ORDER_STATUS_IDS).status, OrderStatus.ORDER_STATUS_CANCELED, 'refunded by the merchant')
  t.equal(orderToFastOrder(order({}, { status_id: 2 }), [], ours, DEFAULT_ORDER_STATUS_IDS).status, OrderStatus.ORDER_STATUS_FULFILLED, 'shipped by the merchant')
})
