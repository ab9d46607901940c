/**
 * BigCommerce v2 order -> Fast order: the converted order, read with
 * `include=consignments.line_items`. v2 amounts are strings with four decimals; per-line tax
 * exists now. Images come from the cart phase. The cart phase (v3) is map-cart.ts.
 */
import { currencyDecimals, formatAmount, subtractAmounts, sumAmounts } from '../money.js'
import type { OrderStatusIds } from '../bigcommerce/order-statuses.js'
import type { Order, OrderConsignments, OrderCoupon, OrderPickupConsignment, OrderProduct, OrderShippingConsignment } from '../bigcommerce/types.js'
import type { LineRecord } from '../storage/storage.js'
import type { FastDiscount, FastLine, FastOrder, FastShipmentPlan } from './fast-order.js'
import { DiscountOrigin, DiscountType, ItemFulfillmentModel, OrderType, ShippingOptionType } from './fast-order.js'
import { fastStatusOfBcStatus } from './map-order-status.js'
import { couponDiscountType, mapAddress, mapOrderAddress, type OrderIdentity } from './map-shared.js'

/**
 * The currency the order's amounts are in. order_Resp's names mislead: `currency_code` is "the
 * display currency used to present prices to the shopper", which "can be different from the
 * transactional currency"; `default_currency_code` is "the transactional currency the shopper pays
 * in" (the store's own default is `store_default_currency_code`, and `currency_exchange_rate`
 * converts to the display currency, which the amounts are not in). Amounts are what was paid, so
 * the transactional one; `currency_code` only where a store leaves it out.
 */
function transactionalCurrency (order: Order): string {
  for (const code of [order.default_currency_code, order.currency_code]) if (code !== undefined && code !== '') return code
  return 'USD'
}

export function orderToFastOrder (order: Order, coupons: OrderCoupon[], identity: OrderIdentity, statusIds: OrderStatusIds): FastOrder {
  const currency = transactionalCurrency(order)
  const decimals = currencyDecimals(currency)
  const consignments: OrderConsignments = 'shipping' in (order.consignments ?? {}) || 'pickups' in (order.consignments ?? {}) ? order.consignments as OrderConsignments : {}
  const shipping = consignments.shipping ?? []
  const pickups = consignments.pickups ?? []
  // Every kind orderConsignment_Get has: shipped, picked up, downloaded, gift certificates by email.
  const products = [
    ...shipping.flatMap(c => productsOf(c.line_items)),
    ...pickups.flatMap(c => productsOf(c.line_items)),
    ...(consignments.downloads ?? []).flatMap(d => productsOf(d.line_items)),
    ...(consignments.email?.gift_certificates ?? []).flatMap(g => productsOf(g.line_items))
  ]
  const fastIds = matchOrderProducts(products, identity.lines)
  const taxInclusive = order.is_tax_inclusive_pricing === true
  const lines = products.map(product => mapOrderProduct(product, fastIds.get(product.id), identity.lines, taxInclusive, decimals))
  const plans = [
    ...shipping.map(c => mapShippingConsignment(c, fastIds, decimals)),
    ...pickups.map(c => mapPickupConsignment(c, fastIds, decimals))
  ]
  return {
    ...(identity.fastOrderId === undefined ? {} : { id: { value: identity.fastOrderId } }),
    external_id: String(order.id),
    short_order_id: String(order.id),
    order_type: OrderType.ORDER_TYPE_ORDER,
    // BigCommerce's status, not the one Fast set last: the merchant may have moved the order since.
    status: fastStatusOfBcStatus(order.status_id, statusIds),
    currency_code: currency,
    ...(order.customer_id === undefined || order.customer_id === 0 ? {} : { user_id: String(order.customer_id) }),
    bill_to: order.billing_address === undefined ? {} : mapOrderAddress(order.billing_address),
    lines,
    ...(plans.length === 0 ? {} : { shipment_plans: plans }),
    ...(coupons.length === 0 ? {} : { coupons: coupons.map(coupon => mapOrderCoupon(coupon, decimals)) }),
    total_amount: formatAmount(order.total_inc_tax, decimals),
    // In the lines' basis: tax included where the store's prices include it.
    sub_total: formatAmount(taxInclusive ? order.subtotal_inc_tax : order.subtotal_ex_tax, decimals),
    total_discounts: sumAmounts([order.discount_amount, order.coupon_discount], decimals),
    total_tax: formatAmount(order.total_tax, decimals),
    // order_Resp `fees` are in total_inc_tax but Fast's order has no field for them (fast-api.md).
    total_shipping: taxInclusive
      ? sumAmounts([order.shipping_cost_inc_tax, order.handling_cost_inc_tax], decimals)
      : sumAmounts([order.shipping_cost_ex_tax, order.handling_cost_ex_tax], decimals)
  }
}

/** A consignment's products; without the include they are only links (`products_Resource`). */
function productsOf (items: OrderProduct[] | Array<{ url?: string, resource?: string }> | undefined): OrderProduct[] {
  if (!Array.isArray(items)) return []
  return items.filter((item): item is OrderProduct => typeof (item as OrderProduct).id === 'number')
}

/** Order products have ids of their own: Fast lines are found again by product and variant. */
function matchOrderProducts (products: OrderProduct[], known: LineRecord[]): Map<number, string> {
  const result = new Map<number, string>()
  const unused = [...known]
  for (const product of products) {
    const index = unused.findIndex(l => l.productId === product.product_id && (l.variantId === null || l.variantId === product.variant_id))
    if (index === -1) continue
    result.set(product.id, unused[index].fastLineId)
    unused.splice(index, 1)
  }
  return result
}

/**
 * An order product. Its amounts mean what they meant in the cart phase (map-cart.ts): in the basis
 * of the store's prices (`is_tax_inclusive_pricing`: tax included, or before tax), `total_amount`
 * the line after all its discounts; `tax_amount` is the line's tax, now known, which is inside
 * `total_amount` only where the prices include tax. (orderProducts: `total_tax` is computed on the
 * discounted price, so before-tax total + tax_amount = `discounted_total_inc_tax` either way.)
 */
function mapOrderProduct (product: OrderProduct, fastLineId: string | undefined, known: LineRecord[], taxInclusive: boolean, decimals: number): FastLine {
  const discounts = (product.applied_discounts ?? []).map(discount => ({
    code: discount.code ?? String(discount.id ?? ''),
    ...(discount.name === undefined ? {} : { description: discount.name }),
    origin: discount.code === undefined || discount.code === null ? DiscountOrigin.DISCOUNT_ORIGIN_VENDOR : DiscountOrigin.DISCOUNT_ORIGIN_USER,
    type: DiscountType.DISCOUNT_TYPE_REGULAR,
    applied: true,
    total_amount: formatAmount(discount.amount, decimals)
  }))
  const imageUrl = known.find(l => l.fastLineId === fastLineId)?.imageUrl
  const lineDiscount = sumAmounts(discounts.map(d => d.total_amount), decimals)
  const subtotal = formatAmount(taxInclusive ? product.total_inc_tax : product.total_ex_tax, decimals)
  return {
    ...(fastLineId === undefined ? {} : { id: { value: fastLineId } }),
    external_id: String(product.id),
    ...(product.product_id === undefined ? {} : { external_product_id: String(product.product_id) }),
    ...(product.variant_id === undefined ? {} : { external_variant_id: String(product.variant_id) }),
    ...(product.product_options === undefined || product.product_options.length === 0
      ? {}
      : { external_options: product.product_options.map(option => ({ key: option.display_name ?? String(option.option_id ?? ''), value: option.display_value ?? option.value ?? '' })) }),
    quantity: product.quantity ?? 0,
    quantity_fulfilled: product.quantity_shipped ?? 0,
    unit_price: formatAmount(taxInclusive ? product.price_inc_tax : product.price_ex_tax, decimals),
    line_discount_amount: lineDiscount,
    subtotal_amount: subtotal,
    tax_amount: formatAmount(product.total_tax, decimals),
    total_amount: subtractAmounts(subtotal, lineDiscount, decimals),
    discounts,
    name: product.name_customer ?? product.name ?? '',
    ...(imageUrl === undefined || imageUrl === null ? {} : { image_url: imageUrl }),
    // Downloads and gift certificates (sent by email) are not shipped.
    fulfillment_mode: product.type === undefined || product.type === 'physical' ? ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_PHYSICAL : ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_DIGITAL
  }
}

function planLines (products: OrderProduct[], fastIds: Map<number, string>): FastShipmentPlan['lines'] {
  return products.map(product => ({
    ...(fastIds.has(product.id) ? { id: { value: fastIds.get(product.id) as string } } : {}),
    external_id: String(product.id),
    quantity: product.quantity ?? 0
  }))
}

function mapShippingConsignment (consignment: OrderShippingConsignment, fastIds: Map<number, string>, decimals: number): FastShipmentPlan {
  return {
    external_id: String(consignment.id ?? ''),
    ship_to: mapOrderAddress(consignment),
    lines: planLines(productsOf(consignment.line_items), fastIds),
    selected_option: {
      name: consignment.shipping_method ?? '',
      shipment_type: ShippingOptionType.SHIPPING_OPTION_TYPE_OTHER,
      cost: formatAmount(consignment.cost_ex_tax, decimals),
      tax: formatAmount(consignment.cost_tax, decimals),
      total: formatAmount(consignment.cost_inc_tax, decimals)
    },
    available_options: []
  }
}

/** A pickup: the shopper collects at the store's location, which is the plan's address. */
function mapPickupConsignment (consignment: OrderPickupConsignment, fastIds: Map<number, string>, decimals: number): FastShipmentPlan {
  const location = consignment.location ?? {}
  const zero = formatAmount(0, decimals)
  return {
    external_id: String(consignment.id ?? ''),
    ship_to: mapAddress({
      company: location.name,
      email: location.email,
      phone: location.phone,
      address1: location.address_line_1,
      address2: location.address_line_2,
      city: location.city,
      state_or_province: location.state,
      country_code: location.country_alpha2,
      postal_code: location.postal_code
    }),
    lines: planLines(productsOf(consignment.line_items), fastIds),
    selected_option: {
      name: consignment.pickup_method_display_name ?? '',
      shipment_type: ShippingOptionType.SHIPPING_OPTION_TYPE_IN_STORE_PICKUP,
      cost: zero,
      tax: zero,
      total: zero
    },
    available_options: []
  }
}

/**
 * orderCoupons_Base: `amount` is the coupon's configured value ("5% returns as 5"), `discount`
 * "the amount off the order the discount is worth": the money taken off is `discount`.
 */
function mapOrderCoupon (coupon: OrderCoupon, decimals: number): FastDiscount {
  return {
    code: coupon.code ?? '',
    origin: DiscountOrigin.DISCOUNT_ORIGIN_USER,
    type: couponDiscountType(coupon.type),
    applied: true,
    total_amount: formatAmount(coupon.discount, decimals)
  }
}
