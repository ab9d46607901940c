/**
 * BigCommerce -> Fast: the one place where every Fast order field gets its value. Cart-phase
 * orders come from a cart (create) or a checkout (read, update). Amounts become decimal strings
 * through money.ts; enums are Fast's numbers, as the recorded store answered.
 */
import { currencyDecimals, formatAmount, subtractAmounts, sumAmounts } from '../money.js'
import type {
  Address, AnyCart, AppliedCoupon, Cart, Checkout, Consignment, LineItem, Order, OrderBillingAddress, OrderCoupon, OrderProduct,
  OrderShippingConsignment, ShippingOption
} from '../bigcommerce/types.js'
import type { LineRecord } from '../storage/storage.js'
import type { FastAddress, FastDiscount, FastLine, FastOrder, FastShipmentPlan, FastShippingOption } from './fast-order.js'
import type { EnumNumber } from '../fast/schemas/index.js'
import { DiscountOrigin, DiscountType, ItemFulfillmentModel, OrderStatus, OrderType, ShippingOptionType } from './fast-order.js'

export interface OrderIdentity {
  /** Fast's order id; unknown when Fast reads a storefront cart it did not create. */
  fastOrderId?: string
  /** What we remember of Fast's lines, to give each BigCommerce item back its Fast id. */
  lines: LineRecord[]
}

export function cartToFastOrder (cart: Cart, identity: OrderIdentity): FastOrder {
  const decimals = currencyDecimals(cart.currency?.code ?? 'USD')
  const lines = mapLines(cart, matchFastLineIds(cart, identity.lines), decimals)
  return {
    ...orderHeader(cart, identity),
    bill_to: {},
    lines,
    ...couponsOf(cart.coupons, decimals),
    total_amount: formatAmount(cart.cart_amount, decimals),
    sub_total: formatAmount(cart.base_amount, decimals),
    total_discounts: sumAmounts(lines.map(line => line.line_discount_amount), decimals)
  }
}

export function checkoutToFastOrder (checkout: Checkout, identity: OrderIdentity): FastOrder {
  const { cart } = checkout
  const decimals = currencyDecimals(cart.currency?.code ?? 'USD')
  const fastIds = matchFastLineIds(cart, identity.lines)
  const lines = mapLines(cart, fastIds, decimals)
  const consignments = checkout.consignments ?? []
  const shippingDiscounts = consignments.flatMap(c => (c.coupon_discounts ?? []).map(d => d.amount))
  return {
    ...orderHeader(cart, identity),
    status: OrderStatus.ORDER_STATUS_CART,
    bill_to: checkout.billing_address === undefined ? {} : mapAddress(checkout.billing_address),
    lines,
    ...(consignments.length === 0 ? {} : { shipment_plans: consignments.map(c => mapConsignment(c, cart, fastIds, decimals)) }),
    ...couponsOf(checkout.coupons ?? cart.coupons, decimals),
    total_amount: formatAmount(checkout.grand_total, decimals),
    sub_total: formatAmount(checkout.subtotal_ex_tax ?? cart.base_amount, decimals),
    total_discounts: sumAmounts([...lines.map(line => line.line_discount_amount), ...shippingDiscounts], decimals),
    total_tax: formatAmount(checkout.tax_total, decimals),
    total_shipping: sumAmounts([checkout.shipping_cost_total_ex_tax, checkout.handling_cost_total_ex_tax], decimals)
  }
}

function orderHeader (cart: AnyCart, identity: OrderIdentity): Pick<FastOrder, 'id' | 'external_id' | 'order_type' | 'currency_code'> {
  return {
    ...(identity.fastOrderId === undefined ? {} : { id: { value: identity.fastOrderId } }),
    external_id: cart.id,
    order_type: OrderType.ORDER_TYPE_CART,
    currency_code: cart.currency?.code ?? 'USD'
  }
}

function mapLines (cart: AnyCart, fastIds: Map<string, string>, decimals: number): FastLine[] {
  const physical = cart.line_items.physical_items.map(item => mapLine(item, ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_PHYSICAL, fastIds.get(item.id), cart.coupons, decimals))
  const digital = cart.line_items.digital_items.map(item => mapLine(item, ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_DIGITAL, fastIds.get(item.id), cart.coupons, decimals))
  return [...physical, ...digital]
}

/**
 * Which Fast line each BigCommerce item is: by item id first; BigCommerce may give an item a new
 * id (it re-adds discounted items), so an unmatched item falls back to the same product and variant.
 */
export function matchFastLineIds (cart: AnyCart, known: LineRecord[]): Map<string, string> {
  const items = [...cart.line_items.physical_items, ...cart.line_items.digital_items]
  const result = new Map<string, string>()
  const unused = new Set(known)
  for (const item of items) {
    const line = known.find(l => l.bcItemId === item.id)
    if (line !== undefined) {
      result.set(item.id, line.fastLineId)
      unused.delete(line)
    }
  }
  for (const item of items) {
    if (result.has(item.id)) continue
    const line = [...unused].find(l => l.productId === item.product_id && (l.variantId === null || l.variantId === item.variant_id))
    if (line !== undefined) {
      result.set(item.id, line.fastLineId)
      unused.delete(line)
    }
  }
  return result
}

function mapLine (item: LineItem, fulfillment: EnumNumber<typeof ItemFulfillmentModel>, fastLineId: string | undefined, coupons: AppliedCoupon[] | undefined, decimals: number): FastLine {
  const subtotal = formatAmount(item.extended_list_price, decimals)
  // BigCommerce: discount_amount is "the total value of all discounts applied to this item,
  // coupons and cart-level discounts included"; the line total is what remains of the list price.
  const discount = item.discount_amount === undefined
    ? subtractAmounts(subtotal, item.extended_sale_price ?? subtotal, decimals)
    : formatAmount(item.discount_amount, decimals)
  const total = subtractAmounts(subtotal, discount, decimals)
  return {
    ...(fastLineId === undefined ? {} : { id: { value: fastLineId } }),
    external_id: item.id,
    ...(item.product_id === undefined ? {} : { external_product_id: String(item.product_id) }),
    ...(item.variant_id === undefined ? {} : { external_variant_id: String(item.variant_id) }),
    ...(item.options === undefined || item.options.length === 0
      ? {}
      : { external_options: item.options.map(option => ({ key: option.name ?? String(option.nameId ?? ''), value: option.value ?? String(option.valueId ?? '') })) }),
    quantity: item.quantity,
    unit_price: formatAmount(item.list_price, decimals),
    discounted_unit_price: formatAmount(item.sale_price ?? item.list_price, decimals),
    line_discount_amount: discount,
    subtotal_amount: subtotal,
    total_amount: total,
    discounts: lineDiscounts(item, coupons, decimals),
    name: item.name ?? '',
    ...(item.image_url === undefined || item.image_url === '' ? {} : { image_url: item.image_url }),
    fulfillment_mode: fulfillment
  }
}

/**
 * A line's discounts as BigCommerce lists them: those whose id is an applied coupon's are the
 * shopper's (USER, with the code); the rest are the store's promotions (VENDOR). Coupon savings
 * BigCommerce reports in coupon_amount but not in the list are added as one USER entry.
 */
function lineDiscounts (item: LineItem, coupons: AppliedCoupon[] | undefined, decimals: number): FastDiscount[] {
  const applied = coupons ?? []
  const listed: FastDiscount[] = (item.discounts ?? []).map(discount => {
    const coupon = applied.find(c => c.id !== undefined && String(c.id) === String(discount.id))
    return {
      code: coupon?.code ?? String(discount.id ?? ''),
      origin: coupon === undefined ? DiscountOrigin.DISCOUNT_ORIGIN_VENDOR : DiscountOrigin.DISCOUNT_ORIGIN_USER,
      type: DiscountType.DISCOUNT_TYPE_REGULAR,
      applied: true,
      total_amount: formatAmount(discount.discounted_amount, decimals)
    }
  })
  const listedCoupons = sumAmounts(listed.filter(d => d.origin === DiscountOrigin.DISCOUNT_ORIGIN_USER).map(d => d.total_amount), decimals)
  const unlisted = subtractAmounts(formatAmount(item.coupon_amount, decimals), listedCoupons, decimals)
  if (unlisted === formatAmount(0, decimals) || unlisted.startsWith('-')) return listed
  return [...listed, {
    code: applied.map(coupon => coupon.code).join(','),
    origin: DiscountOrigin.DISCOUNT_ORIGIN_USER,
    type: DiscountType.DISCOUNT_TYPE_REGULAR,
    applied: true,
    total_amount: unlisted
  }]
}

function couponsOf (coupons: AppliedCoupon[] | undefined, decimals: number): Pick<FastOrder, 'coupons'> {
  if (coupons === undefined || coupons.length === 0) return {}
  return {
    coupons: coupons.map(coupon => ({
      code: coupon.code,
      ...(coupon.display_name === undefined ? {} : { description: coupon.display_name }),
      origin: DiscountOrigin.DISCOUNT_ORIGIN_USER,
      type: coupon.coupon_type === 'free_shipping' ? DiscountType.DISCOUNT_TYPE_SHIPPING : DiscountType.DISCOUNT_TYPE_REGULAR,
      applied: true,
      total_amount: formatAmount(coupon.discounted_amount, decimals)
    }))
  }
}

export function mapAddress (address: Address): FastAddress {
  const fields: Array<[keyof FastAddress, string | undefined]> = [
    ['first_name', address.first_name],
    ['last_name', address.last_name],
    ['company', address.company],
    ['email', address.email],
    ['phone', address.phone],
    ['address_1', address.address1],
    ['address_2', address.address2],
    ['city_locality', address.city],
    ['state_province', address.state_or_province],
    ['state_province_code', address.state_or_province_code],
    ['country', address.country],
    ['country_code', address.country_code],
    ['postal_code', address.postal_code]
  ]
  return Object.fromEntries(fields.filter(([, value]) => value !== undefined && value !== '')) as FastAddress
}

function mapConsignment (consignment: Consignment, cart: AnyCart, fastIds: Map<string, string>, decimals: number): FastShipmentPlan {
  const items = new Map(cart.line_items.physical_items.map(item => [item.id, item]))
  const zero = formatAmount(0, decimals)
  const selected = consignment.selected_shipping_option ?? undefined
  const pickup = consignment.selected_pickup_option !== undefined && consignment.selected_pickup_option !== null
  return {
    external_id: consignment.id,
    ship_to: consignment.address === undefined ? {} : mapAddress(consignment.address),
    lines: (consignment.line_item_ids ?? []).map(itemId => ({
      ...(fastIds.has(itemId) ? { id: { value: fastIds.get(itemId) as string } } : {}),
      external_id: itemId,
      quantity: items.get(itemId)?.quantity ?? 0
    })),
    // Before the shopper picks, Fast expects a zero placeholder, as the recorded store sent.
    selected_option: selected === undefined
      ? { shipment_type: pickup ? ShippingOptionType.SHIPPING_OPTION_TYPE_IN_STORE_PICKUP : ShippingOptionType.SHIPPING_OPTION_TYPE_OTHER, cost: zero, tax: zero, total: zero }
      : {
          ...mapShippingOption(selected, decimals),
          // What the shopper pays for this consignment: coupons (free shipping) and tax included.
          cost: formatAmount(consignment.shipping_cost_ex_tax ?? selected.cost, decimals),
          tax: subtractAmounts(consignment.shipping_cost_inc_tax ?? selected.cost ?? 0, consignment.shipping_cost_ex_tax ?? selected.cost ?? 0, decimals),
          total: formatAmount(consignment.shipping_cost_inc_tax ?? selected.cost, decimals)
        },
    available_options: (consignment.available_shipping_options ?? []).map(option => mapShippingOption(option, decimals))
  }
}

function mapShippingOption (option: ShippingOption, decimals: number): FastShippingOption {
  const cost = formatAmount(option.cost, decimals)
  return {
    external_id: option.id,
    name: option.description ?? '',
    shipment_type: ShippingOptionType.SHIPPING_OPTION_TYPE_OTHER,
    cost,
    // BigCommerce quotes options before tax; the tax shows on the consignment once one is chosen.
    tax: formatAmount(0, decimals),
    total: cost,
    ...(option.transit_time === undefined || option.transit_time === '' ? {} : { service_level: option.transit_time })
  }
}

export interface ConvertedIdentity extends OrderIdentity {
  /** The Fast status last applied (v1OrderStatus); PENDING right after conversion. */
  fastStatus: number | null
}

/**
 * A converted order (v2, read with `include=consignments.line_items`) as a Fast order. v2 amounts
 * are strings with four decimals; per-line tax exists now. Images come from the cart phase.
 */
export function orderToFastOrder (order: Order, coupons: OrderCoupon[], identity: ConvertedIdentity): FastOrder {
  const decimals = currencyDecimals(order.currency_code ?? 'USD')
  const consignments = order.consignments ?? {}
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

function mapOrderAddress (address: OrderBillingAddress | OrderShippingConsignment): FastAddress {
  return mapAddress({
    first_name: address.first_name,
    last_name: address.last_name,
    company: address.company,
    email: address.email,
    phone: address.phone,
    address1: address.street_1,
    address2: address.street_2,
    city: address.city,
    state_or_province: address.state,
    country: address.country,
    country_code: address.country_iso2,
    postal_code: address.zip
  })
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

/** A Fast order whose BigCommerce cart is gone because its last item was removed. */
export function emptyCartOrder (cartId: string, identity: OrderIdentity, currencyCode: string | null): FastOrder {
  const decimals = currencyDecimals(currencyCode ?? 'USD')
  const zero = formatAmount(0, decimals)
  return {
    ...(identity.fastOrderId === undefined ? {} : { id: { value: identity.fastOrderId } }),
    external_id: cartId,
    order_type: OrderType.ORDER_TYPE_CART,
    status: OrderStatus.ORDER_STATUS_CART,
    currency_code: currencyCode ?? 'USD',
    bill_to: {},
    lines: [],
    total_amount: zero,
    sub_total: zero,
    total_discounts: zero,
    total_tax: zero,
    total_shipping: zero
  }
}
