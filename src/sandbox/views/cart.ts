/**
 * Carts as the carts API (`Cart_Full`) and the checkout's `cart` show them. The two differ in
 * small ways the schemas spell out: `taxable` vs `is_taxable`, string vs integer coupon ids,
 * numeric vs named coupon types, and the checkout's comparison prices.
 */
import { v3Amount } from '../money.js'
import type { CheckoutPrice, LinePrice } from '../pricing.js'
import type { StoreState } from '../state.js'
import type { Cart } from '../types.js'
import { couponTypeNumber } from './coupons.js'
import { isoTime } from './time.js'

export type Flavour = 'cart' | 'checkout'

export interface LineOptions {
  physicalOptions: boolean
  digitalOptions: boolean
}

function lineView (state: StoreState, price: LinePrice, flavour: Flavour, withOptions: boolean): Record<string, unknown> {
  const { variant, line } = price
  const product = variant.product
  const view: Record<string, unknown> = {
    id: line.id,
    variant_id: variant.id,
    product_id: product.id,
    sku: variant.sku,
    name: product.name,
    url: `${state.seed.store.secure_url}${product.seed.path}`,
    quantity: line.quantity,
    [flavour === 'cart' ? 'taxable' : 'is_taxable']: true,
    // checkouts.v3.yml "Coupon Applied": coupon money is listed under the id "coupon" and counted in
    // coupon_amount only; discount_amount (0 there) is what other discounts took, and the sandbox has none.
    discounts: price.couponCents > 0 ? [{ id: 'coupon', discounted_amount: v3Amount(price.couponCents) }] : [],
    discount_amount: 0,
    coupon_amount: v3Amount(price.couponCents),
    original_price: v3Amount(price.originalCents),
    list_price: v3Amount(price.unitCents),
    sale_price: v3Amount(price.unitCents),
    extended_list_price: v3Amount(price.extendedCents),
    extended_sale_price: v3Amount(price.extendedCents),
    is_require_shipping: !price.digital,
    is_mutable: true,
    added_by_promotion: false
  }
  if (variant.imageUrl !== undefined) view.image_url = variant.imageUrl
  if (flavour === 'cart') view.coupons = []
  if (flavour === 'checkout') {
    view.comparison_price = v3Amount(price.originalCents)
    view.extended_comparison_price = v3Amount(price.originalCents * line.quantity)
  }
  if (price.digital) view.download_file_urls = []
  if (withOptions) {
    view.options = [
      ...variant.optionValues.map(({ option, value }) => ({ name: option.display_name, nameId: option.id, value: value.label, valueId: value.id })),
      // A text modifier has no value id: its value is the text itself.
      ...line.modifiers.map(({ modifier, value }) => ({ name: modifier.display_name, nameId: modifier.id, value }))
    ]
  }
  return view
}

export function lineItemsView (state: StoreState, price: CheckoutPrice, flavour: Flavour, options: LineOptions): Record<string, unknown> {
  return {
    physical_items: price.lines.filter((line) => !line.digital).map((line) => lineView(state, line, flavour, options.physicalOptions)),
    digital_items: price.lines.filter((line) => line.digital).map((line) => lineView(state, line, flavour, options.digitalOptions)),
    gift_certificates: [],
    custom_items: []
  }
}

export function appliedCouponsView (price: CheckoutPrice, flavour: Flavour): Array<Record<string, unknown>> {
  return price.coupons.map(({ coupon, amountCents }) => ({
    id: flavour === 'cart' ? String(coupon.id) : coupon.id,
    code: coupon.code,
    coupon_type: flavour === 'cart' ? String(couponTypeNumber(coupon.type)) : coupon.type,
    display_name: coupon.name,
    discounted_amount: v3Amount(amountCents)
  }))
}

/**
 * The cart's `discounts`: every line by its id with what came off it, as the checkouts.v3.yml
 * examples show ("Coupon Applied" lists 7 and 6.4 per line, "No Coupon Applied" lists both with 0).
 */
export function cartDiscountsView (price: CheckoutPrice): Array<Record<string, unknown>> {
  return price.lines.map((line) => ({ id: line.line.id, discounted_amount: v3Amount(line.couponCents) }))
}

/** carts.v3.yml `Cart_Full`. */
export function cartView (state: StoreState, cart: Cart, price: CheckoutPrice, options: LineOptions): Record<string, unknown> {
  return {
    id: cart.id,
    customer_id: cart.customerId,
    channel_id: cart.channelId,
    email: cart.email,
    currency: { code: cart.currency },
    tax_included: false,
    base_amount: v3Amount(price.baseCents),
    discount_amount: 0,
    manual_discount_amount: 0,
    cart_amount: v3Amount(price.baseCents - price.itemsCouponCents + price.itemsTaxCents),
    coupons: appliedCouponsView(price, 'cart'),
    discounts: cartDiscountsView(price),
    line_items: lineItemsView(state, price, 'cart', options),
    created_time: isoTime(cart.createdAt),
    updated_time: isoTime(cart.updatedAt),
    locale: cart.locale,
    version: cart.version
  }
}

/** Which option lists an `include` asks for; `prefix` is "" for carts and "cart." for checkouts. */
export function lineOptionsFrom (include: string | undefined, prefix: string): LineOptions {
  const parts = new Set((include ?? '').split(',').map((part) => part.trim()))
  return {
    physicalOptions: parts.has(`${prefix}line_items.physical_items.options`),
    digitalOptions: parts.has(`${prefix}line_items.digital_items.options`)
  }
}
