/**
 * BigCommerce v3 cart or checkout -> Fast order: the cart phase. Orders come from a cart (create)
 * or a checkout (read, update). Amounts become decimal strings through money.ts; enums are Fast's
 * numbers, as the recorded store answered. The converted order (v2) is map-order.ts.
 */
import { currencyDecimals, divideAmountExactly, formatAmount, multiplyAmount, subtractAmounts, sumAmounts } from '../money.js'
import type { AnyCart, AppliedCoupon, Cart, Checkout, Consignment, LineItem, ShippingOption } from '../bigcommerce/types.js'
import type { LineRecord } from '../storage/storage.js'
import type { FastLine, FastOrder, FastShipmentPlan, FastShippingOption } from './fast-order.js'
import type { EnumNumber } from '../fast/schemas/index.js'
import { ItemFulfillmentModel, OrderStatus, OrderType, ShippingOptionType } from './fast-order.js'
import { lineDiscount, mapAppliedCoupons } from './map-cart-discounts.js'
import { mapAddress, type OrderIdentity } from './map-shared.js'

export function cartToFastOrder (cart: Cart, identity: OrderIdentity): FastOrder {
  const decimals = currencyDecimals(cart.currency?.code ?? 'USD')
  const lines = mapLines(cart, matchFastLineIds(cart, identity.lines), identity.lines, decimals)
  return {
    ...orderHeader(cart, identity),
    bill_to: {},
    lines,
    ...mapAppliedCoupons(cart.coupons, decimals),
    total_amount: formatAmount(cart.cart_amount, decimals),
    // base_amount is "before … taxes": where the lines include tax, their own subtotals are the basis.
    sub_total: cart.tax_included === true ? sumAmounts(lines.map(line => line.subtotal_amount), decimals) : formatAmount(cart.base_amount, decimals),
    total_discounts: sumAmounts(lines.map(line => line.line_discount_amount), decimals)
  }
}

export function checkoutToFastOrder (checkout: Checkout, identity: OrderIdentity): FastOrder {
  const { cart } = checkout
  const decimals = currencyDecimals(cart.currency?.code ?? 'USD')
  const fastIds = matchFastLineIds(cart, identity.lines)
  const lines = mapLines(cart, fastIds, identity.lines, decimals)
  const consignments = checkout.consignments ?? []
  const shippingDiscounts = consignments.flatMap(c => (c.coupon_discounts ?? []).map(d => d.amount))
  // Order totals in the lines' basis: tax included where the store's prices include it.
  const taxIncluded = cart.tax_included === true
  return {
    ...orderHeader(cart, identity),
    status: OrderStatus.ORDER_STATUS_CART,
    bill_to: checkout.billing_address === undefined ? {} : mapAddress(checkout.billing_address),
    lines,
    ...(consignments.length === 0 ? {} : { shipment_plans: consignments.map(c => mapConsignment(c, cart, fastIds, decimals)) }),
    ...mapAppliedCoupons(checkout.coupons ?? cart.coupons, decimals),
    total_amount: formatAmount(checkout.grand_total, decimals),
    sub_total: formatAmount((taxIncluded ? checkout.subtotal_inc_tax : checkout.subtotal_ex_tax) ?? cart.base_amount, decimals),
    total_discounts: sumAmounts([...lines.map(line => line.line_discount_amount), ...shippingDiscounts], decimals),
    total_tax: formatAmount(checkout.tax_total, decimals),
    // Checkout `fees` (checkouts.v3.yml) are in grand_total but Fast's order has no field for them
    // (fast-api.md): a checkout with fees does not add up from the fields Fast sees.
    total_shipping: taxIncluded
      ? sumAmounts([checkout.shipping_cost_total_inc_tax, checkout.handling_cost_total_inc_tax], decimals)
      : sumAmounts([checkout.shipping_cost_total_ex_tax, checkout.handling_cost_total_ex_tax], decimals)
  }
}

/** `cart.currency.code` is the cart's transactional currency (carts.v3.yml), as the v2 order's `default_currency_code` is after conversion. */
function orderHeader (cart: AnyCart, identity: OrderIdentity): Pick<FastOrder, 'id' | 'external_id' | 'order_type' | 'currency_code'> {
  return {
    ...(identity.fastOrderId === undefined ? {} : { id: { value: identity.fastOrderId } }),
    external_id: cart.id,
    order_type: OrderType.ORDER_TYPE_CART,
    currency_code: cart.currency?.code ?? 'USD'
  }
}

/**
 * The consignment endpoints cannot include the lines' options (checkouts.v3.yml), so an item
 * answered without them shows the options we recorded when it was made: an item's options never
 * change while it exists.
 */
function mapLines (cart: AnyCart, fastIds: Map<string, string>, known: LineRecord[], decimals: number): FastLine[] {
  const recorded = new Map(known.map(line => [line.fastLineId, line.options ?? undefined]))
  const map = (item: LineItem, fulfillment: EnumNumber<typeof ItemFulfillmentModel>): FastLine => {
    const fastLineId = fastIds.get(item.id)
    const options = item.options ?? (fastLineId === undefined ? undefined : recorded.get(fastLineId))
    return mapLine({ ...item, options }, fulfillment, fastLineId, cart.coupons, decimals)
  }
  return [
    ...cart.line_items.physical_items.map(item => map(item, ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_PHYSICAL)),
    ...cart.line_items.digital_items.map(item => map(item, ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_DIGITAL)),
    ...(cart.line_items.custom_items ?? []).map(item => mapCustomItem(item, decimals)),
    ...(cart.line_items.gift_certificates ?? []).map(item => mapGiftCertificate(item, decimals))
  ]
}

type CustomItem = NonNullable<AnyCart['line_items']['custom_items']>[number]
type GiftCertificate = NonNullable<AnyCart['line_items']['gift_certificates']>[number]

/**
 * carts.v3.yml's `ItemCustomGet` gives quantity and list_price as strings, checkouts.v3.yml's as
 * numbers; a custom item has no product, variant or discounts.
 */
function customQuantity (item: CustomItem): number {
  return Number(item.quantity ?? 0)
}

/**
 * A custom item (a line the merchant or an app priced by hand, no catalog product). Its
 * `list_price` "can include or exclude tax, depending on the store setup": the same basis as the
 * products. It is shipped: neither document says otherwise, and consignments list it.
 */
function mapCustomItem (item: CustomItem, decimals: number): FastLine {
  const quantity = customQuantity(item)
  const unitPrice = formatAmount(item.list_price, decimals)
  const subtotal = item.extended_list_price === undefined ? multiplyAmount(item.list_price, quantity, decimals) : formatAmount(item.extended_list_price, decimals)
  return {
    external_id: item.id ?? '',
    quantity,
    unit_price: unitPrice,
    discounted_unit_price: unitPrice,
    line_discount_amount: formatAmount(0, decimals),
    subtotal_amount: subtotal,
    total_amount: subtotal,
    discounts: [],
    name: item.name ?? item.sku ?? '',
    ...(item.image_url === undefined || item.image_url === '' ? {} : { image_url: item.image_url }),
    fulfillment_mode: ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_PHYSICAL
  }
}

/**
 * A gift certificate: one certificate of `amount` (neither document gives it a quantity), sent to
 * its recipient by email, so digital.
 */
function mapGiftCertificate (item: GiftCertificate, decimals: number): FastLine {
  const amount = formatAmount(item.amount, decimals)
  return {
    external_id: item.id ?? '',
    quantity: 1,
    unit_price: amount,
    discounted_unit_price: amount,
    line_discount_amount: formatAmount(0, decimals),
    subtotal_amount: amount,
    total_amount: amount,
    discounts: [],
    name: item.name ?? `${item.theme ?? ''} gift certificate`.trim(),
    fulfillment_mode: ItemFulfillmentModel.ITEM_FULFILLMENT_MODEL_DIGITAL
  }
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

/**
 * A cart line. Its amounts are in the basis of the store's prices: tax included where
 * `cart.tax_included` says they include it, before tax otherwise; BigCommerce gives no per-line tax
 * before conversion, so `tax_amount` is left out and the tax is in the order's `total_tax`.
 * `total_amount` is the line after all its discounts, the same meaning as after conversion
 * (map-order.ts).
 */
function mapLine (item: LineItem, fulfillment: EnumNumber<typeof ItemFulfillmentModel>, fastLineId: string | undefined, coupons: AppliedCoupon[] | undefined, decimals: number): FastLine {
  const subtotal = formatAmount(item.extended_list_price, decimals)
  const discount = lineDiscount(item, coupons, decimals)
  const total = subtractAmounts(subtotal, discount.amount, decimals)
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
    // After every discount, coupons too (sale_price leaves coupons out), where the unit price
    // multiplies back to the total; else sale_price, rather than a rounded price.
    discounted_unit_price: divideAmountExactly(total, item.quantity ?? 0, decimals) ?? formatAmount(item.sale_price ?? item.list_price, decimals),
    line_discount_amount: discount.amount,
    subtotal_amount: subtotal,
    total_amount: total,
    discounts: discount.discounts,
    name: item.name ?? '',
    ...(item.image_url === undefined || item.image_url === '' ? {} : { image_url: item.image_url }),
    fulfillment_mode: fulfillment
  }
}

function mapConsignment (consignment: Consignment, cart: AnyCart, fastIds: Map<string, string>, decimals: number): FastShipmentPlan {
  const quantities = new Map([
    ...cart.line_items.physical_items.map(item => [item.id, item.quantity] as const),
    ...(cart.line_items.custom_items ?? []).map(item => [item.id ?? '', customQuantity(item)] as const)
  ])
  const zero = formatAmount(0, decimals)
  const selected = consignment.selected_shipping_option ?? undefined
  const pickup = consignment.selected_pickup_option !== undefined && consignment.selected_pickup_option !== null
  return {
    external_id: consignment.id,
    ship_to: consignment.address === undefined ? {} : mapAddress(consignment.address),
    lines: (consignment.line_item_ids ?? []).map(itemId => ({
      ...(fastIds.has(itemId) ? { id: { value: fastIds.get(itemId) as string } } : {}),
      external_id: itemId,
      quantity: quantities.get(itemId) ?? 0
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
