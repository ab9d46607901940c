/**
 * v2 orders (orders.v2.oas2.yml `order_Resp`, `orderProducts`, `orderCoupons_Base`). Amounts are
 * strings with four decimals; the consignment object's costs are numbers, as its schema says.
 */
import { toBasisPoints, v2Amount, v3Amount } from '../money.js'
import { ORDER_STATUSES } from '../orders.js'
import type { Order, OrderLine, OrderShipping, StoreState } from '../state.js'
import type { Address } from '../types.js'
import { couponTypeNumber } from './coupons.js'
import { rfc2822 } from './time.js'

const ZERO = v2Amount(0)

function resource (base: string, path: string): { url: string, resource: string } {
  return { url: `${base}${path}`, resource: path }
}

export function orderProductView (order: Order, line: OrderLine): Record<string, unknown> {
  const unitTax = line.quantity === 0 ? 0 : Math.round(line.taxCents / line.quantity)
  return {
    id: line.orderProductId,
    order_id: order.id,
    product_id: line.productId,
    variant_id: line.variantId,
    order_pickup_method_id: 0,
    order_address_id: line.orderAddressId ?? 0,
    name: line.name,
    name_customer: line.name,
    name_merchant: line.name,
    sku: line.sku,
    upc: '',
    type: line.type,
    base_price: v2Amount(line.unitCents),
    price_ex_tax: v2Amount(line.unitCents),
    price_inc_tax: v2Amount(line.unitCents + unitTax),
    price_tax: v2Amount(unitTax),
    base_total: v2Amount(line.extendedCents),
    total_ex_tax: v2Amount(line.extendedCents),
    total_inc_tax: v2Amount(line.extendedCents + line.taxCents),
    total_tax: v2Amount(line.taxCents),
    quantity: line.quantity,
    base_cost_price: ZERO,
    cost_price_inc_tax: ZERO,
    cost_price_ex_tax: ZERO,
    cost_price_tax: ZERO,
    weight: 0,
    width: ZERO,
    height: ZERO,
    depth: ZERO,
    is_refunded: false,
    quantity_refunded: 0,
    refund_amount: ZERO,
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: '',
    base_wrapping_cost: ZERO,
    wrapping_cost_ex_tax: ZERO,
    wrapping_cost_inc_tax: ZERO,
    wrapping_cost_tax: ZERO,
    wrapping_message: '',
    quantity_shipped: 0,
    fixed_shipping_cost: ZERO,
    ebay_item_id: '',
    ebay_transaction_id: '',
    is_bundled_product: false,
    bin_picking_number: '',
    brand: '',
    applied_discounts: line.coupons.map((coupon) => ({ id: String(coupon.id), amount: v2Amount(coupon.amountCents), name: coupon.name, code: coupon.code, target: coupon.target })),
    product_options: line.options.map((option, index) => ({
      id: line.orderProductId * 100 + index,
      option_id: option.optionId,
      order_product_id: line.orderProductId,
      product_option_id: option.optionId,
      display_name: option.displayName,
      display_value: option.label,
      value: option.valueId === undefined ? option.label : String(option.valueId),
      type: option.type,
      name: option.displayName,
      display_style: 'Rectangle',
      display_name_customer: option.displayName,
      display_name_merchant: option.displayName,
      display_value_customer: option.label,
      display_value_merchant: option.label
    })),
    configurable_fields: [],
    discounted_total_inc_tax: v2Amount(line.extendedCents - line.discountCents + line.taxCents)
  }
}

function v2Address (state: StoreState, address: Address): Record<string, unknown> {
  return {
    first_name: address.first_name ?? '',
    last_name: address.last_name ?? '',
    company: address.company ?? '',
    street_1: address.address1 ?? '',
    street_2: address.address2 ?? '',
    city: address.city ?? '',
    state: address.state_or_province ?? '',
    zip: address.postal_code ?? '',
    country: state.country(address.country_code)?.country ?? '',
    country_iso2: address.country_code ?? '',
    phone: address.phone ?? '',
    email: address.email ?? '',
    form_fields: []
  }
}

/**
 * orders.v2 shipping address fields, shared by /shipping_addresses (money as strings) and the
 * consignments include (money as numbers): the two schemas disagree, and each is followed.
 */
export function shippingAddressView (state: StoreState, base: string, order: Order, shipping: OrderShipping, money: 'string' | 'number'): Record<string, unknown> {
  const lines = order.lines.filter((line) => shipping.lineIds.includes(line.lineId))
  const amount = money === 'string' ? v2Amount : v3Amount
  return {
    id: shipping.id,
    ...v2Address(state, shipping.address),
    items_total: lines.reduce((sum, line) => sum + line.quantity, 0),
    items_shipped: 0,
    shipping_method: shipping.methodName,
    base_cost: amount(shipping.costCents),
    cost_ex_tax: amount(shipping.costCents),
    cost_inc_tax: amount(shipping.costCents + shipping.taxCents),
    cost_tax: amount(shipping.taxCents),
    cost_tax_class_id: 2,
    base_handling_cost: amount(0),
    handling_cost_ex_tax: amount(0),
    handling_cost_inc_tax: amount(0),
    handling_cost_tax: amount(0),
    handling_cost_tax_class_id: 2,
    shipping_zone_id: shipping.zoneId,
    shipping_zone_name: shipping.zoneName,
    shipping_quotes: resource(base, `/orders/${order.id}/consignments/shipping/${shipping.id}/shipping_quotes`)
  }
}

/** `include=consignments` (links to line items) or `consignments.line_items` (the items themselves). */
function consignmentsObject (state: StoreState, base: string, order: Order, withLines: boolean): Record<string, unknown> {
  const linesOf = (lines: OrderLine[]): unknown[] => withLines
    ? lines.map((line) => orderProductView(order, line))
    : lines.map((line) => resource(base, `/orders/${order.id}/products/${line.orderProductId}`))
  const digital = order.lines.filter((line) => line.type === 'digital')
  return {
    pickups: [],
    shipping: order.shipping.map((shipping) => ({
      ...shippingAddressView(state, base, order, shipping, 'number'),
      line_items: linesOf(order.lines.filter((line) => shipping.lineIds.includes(line.lineId)))
    })),
    downloads: digital.length === 0 ? [] : [{ recipient_email: order.email, line_items: linesOf(digital) }],
    email: { gift_certificates: [] }
  }
}

export interface OrderViewOptions {
  /** `https://host/stores/{hash}/v2`, for the resource links. */
  base: string
  include?: string
}

export function orderView (state: StoreState, order: Order, options: OrderViewOptions): Record<string, unknown> {
  const { base } = options
  const includes = new Set((options.include ?? '').split(',').map((part) => part.trim()))
  const taxCents = order.itemsTaxCents + order.shippingTaxCents
  const totalExTax = order.subtotalCents - order.couponDiscountCents + order.shippingCents
  const currency = order.currency
  const view: Record<string, unknown> = {
    id: order.id,
    customer_id: order.customerId,
    date_created: rfc2822(order.createdAt),
    date_modified: rfc2822(order.modifiedAt),
    date_shipped: '',
    status_id: order.statusId,
    status: ORDER_STATUSES[order.statusId],
    subtotal_ex_tax: v2Amount(order.subtotalCents),
    subtotal_inc_tax: v2Amount(order.subtotalCents + order.itemsTaxCents),
    subtotal_tax: v2Amount(order.itemsTaxCents),
    base_shipping_cost: v2Amount(order.shippingCents),
    shipping_cost_ex_tax: v2Amount(order.shippingCents),
    shipping_cost_inc_tax: v2Amount(order.shippingCents + order.shippingTaxCents),
    shipping_cost_tax: v2Amount(order.shippingTaxCents),
    shipping_cost_tax_class_id: 2,
    base_handling_cost: ZERO,
    handling_cost_ex_tax: ZERO,
    handling_cost_inc_tax: ZERO,
    handling_cost_tax: ZERO,
    handling_cost_tax_class_id: 2,
    base_wrapping_cost: ZERO,
    wrapping_cost_ex_tax: ZERO,
    wrapping_cost_inc_tax: ZERO,
    wrapping_cost_tax: ZERO,
    wrapping_cost_tax_class_id: 3,
    total_ex_tax: v2Amount(totalExTax),
    total_inc_tax: v2Amount(totalExTax + taxCents),
    total_tax: v2Amount(taxCents),
    items_total: order.lines.reduce((sum, line) => sum + line.quantity, 0),
    items_shipped: 0,
    payment_method: order.paymentMethod,
    payment_provider_id: '',
    payment_status: '',
    refunded_amount: ZERO,
    order_is_digital: order.lines.every((line) => line.type === 'digital'),
    store_credit_amount: ZERO,
    gift_certificate_amount: ZERO,
    ip_address: '',
    ip_address_v6: '',
    geoip_country: '',
    geoip_country_iso2: '',
    currency_id: 1,
    currency_code: currency,
    currency_exchange_rate: '1.0000000000',
    default_currency_id: 1,
    default_currency_code: currency,
    store_default_currency_code: state.seed.store.currency,
    store_default_to_transactional_exchange_rate: '1.0000000000',
    staff_notes: order.staffNotes,
    customer_message: order.customerMessage,
    discount_amount: ZERO,
    coupon_discount: v2Amount(order.couponDiscountCents),
    shipping_address_count: order.shipping.length,
    is_deleted: order.isDeleted,
    ebay_order_id: '0',
    cart_id: order.cartId,
    billing_address: v2Address(state, order.billing),
    is_email_opt_in: false,
    order_source: 'checkout_api',
    channel_id: order.channelId,
    external_source: order.externalSource ?? '',
    external_order_id: order.externalOrderId ?? '',
    tax_provider_id: 'BasicTaxProvider',
    customer_locale: 'en',
    products: resource(base, `/orders/${order.id}/products`),
    shipping_addresses: resource(base, `/orders/${order.id}/shipping_addresses`),
    coupons: resource(base, `/orders/${order.id}/coupons`),
    consignments: includes.has('consignments') || includes.has('consignments.line_items')
      ? consignmentsObject(state, base, order, includes.has('consignments.line_items'))
      : resource(base, `/orders/${order.id}/consignments`),
    fees: includes.has('fees') ? [] : resource(base, `/orders/${order.id}/fees`)
  }
  return view
}

export function orderCouponView (order: Order, coupon: Order['coupons'][number]): Record<string, unknown> {
  return {
    id: coupon.id,
    coupon_id: coupon.couponId,
    order_id: order.id,
    code: coupon.code,
    // orderCoupons_Base: `amount` is the coupon's configured figure ("5% will return as 5", $3 as 3)
    // and `discount` the money it took off the order (the example lists amount 5, discount 5).
    amount: v3Amount(toBasisPoints(coupon.configured)),
    type: couponTypeNumber(coupon.type),
    discount: v3Amount(coupon.discountCents)
  }
}
