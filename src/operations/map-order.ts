/**
 * BigCommerce v2 order -> Fast order: the converted order, read with
 * `include=consignments.line_items`. v2 amounts are strings with four decimals; per-line tax
 * exists now. Images come from the cart phase. The cart phase (v3) is map-cart.ts.
 */
import { currencyDecimals, formatAmount, subtractAmounts, sumAmounts } from '../money.js'
import type { Order, OrderCoupon, OrderProduct, OrderShippingConsignment } from '../bigcommerce/types.js'
import type { LineRecord } from '../storage/storage.js'
import type { FastDiscount, FastLine, FastOrder, FastShipmentPlan } from './fast-order.js'
import { DiscountOrigin, DiscountType, ItemFulfillmentModel, OrderStatus, OrderType, ShippingOptionType } from './fast-order.js'
import { mapOrderAddress, type OrderIdentity } from './map-shared.js'

export interface ConvertedIdentity extends OrderIdentity {
  /** The Fast status last applied (v1OrderStatus); PENDING right after conversion. */
  fastStatus: number | null
}

export function orderToFastOrder (order: Order, coupons: OrderCoupon[], identity: ConvertedIdentity): FastOrder {
  const decimals = currencyDecimals(order.currency_code ?? 'USD')
  const consignments = 'shipping' in (order.consignments ?? {}) ? order.consignments as { shipping?: OrderShippingConsignment[], downloads?: Array<{ line_items?: OrderProduct[] }> } : {}
  const shipping = consignments.shipping ?? []
  const products = [...shipping.flatMap(c => c.line_items ?? []), ...(consignments.downloads ?? []).flatMap(d => d.line_items ?? [])]
  const fastIds = matchOrderProducts(products, identity.lines)
  const lines = products.map(product => mapOrderProduct(product, fastIds.get(product.id), identity.lines, decimals))
  const status = identity.fastStatus ?? OrderStatus.ORDER_STATUS_PENDING
  return {
    ...(identity.fastOrderId === undefined ? {} : { id: { value: identity.fastOrderId } }),
    external_id: String(order.id),
    short_order_id: String(order.id),
    order_type: OrderType.ORDER_TYPE_ORDER,
    status: status as FastOrder['status'],
    currency_code: order.currency_code ?? 'USD',
    ...(order.customer_id === undefined || order.customer_id === 0 ? {} : { user_id: String(order.customer_id) }),
    bill_to: order.billing_address === undefined ? {} : mapOrderAddress(order.billing_address),
    lines,
    ...(shipping.length === 0 ? {} : { shipment_plans: shipping.map(c => mapShippingConsignment(c, fastIds, decimals)) }),
    ...(coupons.length === 0 ? {} : { coupons: coupons.map(coupon => mapOrderCoupon(coupon, decimals)) }),
    total_amount: formatAmount(order.total_inc_tax, decimals),
    sub_total: formatAmount(order.subtotal_ex_tax, decimals),
    total_discounts: sumAmounts([order.discount_amount, order.coupon_discount], decimals),
    total_tax: formatAmount(order.total_tax, decimals),
    total_shipping: sumAmounts([order.shipping_cost_ex_tax, order.handling_cost_ex_tax], decimals)
  }
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

function mapOrderProduct (product: OrderProduct, fastLineId: string | undefined, known: LineRecord[], decimals: number): FastLine {
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
    unit_price: formatAmount(product.price_ex_tax, decimals),
    line_discount_amount: lineDiscount,
    subtotal_amount: formatAmount(product.total_ex_tax, decimals),
    tax_amount: formatAmount(product.total_tax, decimals),
    // What the shopper pays for the line: BigCommerce's discounted total, tax included.
    total_amount: product.discounted_total_inc_tax === undefined
      ? subtractAmounts(product.total_inc_tax ?? 0, lineDiscount, decimals)
      : formatAmount(product.discounted_total_inc_tax, decimals),
    discounts,
    name: product.name_customer ?? product.name ?? '',
    ...(imageUrl === undefined || imageUrl === null ? {} : { image_url: imageUrl }),
    fulfillment_mode: product.type === 'digital' ? ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_DIGITAL : ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_PHYSICAL
  }
}

function mapShippingConsignment (consignment: OrderShippingConsignment, fastIds: Map<number, string>, decimals: number): FastShipmentPlan {
  return {
    external_id: String(consignment.id ?? ''),
    ship_to: mapOrderAddress(consignment),
    lines: (consignment.line_items ?? []).map(product => ({
      ...(fastIds.has(product.id) ? { id: { value: fastIds.get(product.id) as string } } : {}),
      external_id: String(product.id),
      quantity: product.quantity ?? 0
    })),
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

/** v2 coupon types: 0 per item, 1 percent, 2 per total, 3 shipping, 4 free shipping, 5 promotion. */
function mapOrderCoupon (coupon: OrderCoupon, decimals: number): FastDiscount {
  return {
    code: coupon.code ?? '',
    origin: DiscountOrigin.DISCOUNT_ORIGIN_USER,
    type: coupon.type === 3 || coupon.type === 4 ? DiscountType.DISCOUNT_TYPE_SHIPPING : DiscountType.DISCOUNT_TYPE_REGULAR,
    applied: true,
    total_amount: formatAmount(coupon.amount, decimals)
  }
}

