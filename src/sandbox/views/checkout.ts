/** checkouts.v3.yml `Checkout`: the cart plus billing, consignments, coupons, taxes and totals. */
import { v3Amount } from '../money.js'
import type { CheckoutPrice, ConsignmentPrice, ShippingOptionPrice } from '../pricing.js'
import type { StoreState } from '../state.js'
import type { Cart } from '../types.js'
import { addressView } from './address.js'
import { appliedCouponsView, cartDiscountsView, lineItemsView, lineOptionsFrom } from './cart.js'
import { isoTime } from './time.js'

function optionView (option: ShippingOptionPrice): Record<string, unknown> {
  return {
    id: option.id,
    type: option.method.type === 'freeshipping' ? 'shipping_freeshipping' : option.method.type === 'peritem' ? 'shipping_peritem' : 'shipping_flatrate',
    description: option.method.name,
    image_url: '',
    cost: v3Amount(option.costCents),
    transit_time: option.method.transit_time ?? '',
    additional_description: ''
  }
}

function consignmentView (state: StoreState, price: ConsignmentPrice, withOptions: boolean): Record<string, unknown> {
  const { consignment } = price
  const view: Record<string, unknown> = {
    id: consignment.id,
    address: addressView(state, consignment.address, consignment.addressId),
    coupon_discounts: price.couponDiscounts.map((discount) => ({ code: discount.code, amount: v3Amount(discount.amountCents) })),
    discounts: [],
    // Before coupons, like the checkout's shipping_cost_total_*; coupon_discounts says what came off.
    shipping_cost_inc_tax: v3Amount(price.baseCostCents + price.taxCents),
    shipping_cost_ex_tax: v3Amount(price.baseCostCents),
    handling_cost_inc_tax: 0,
    handling_cost_ex_tax: 0,
    line_item_ids: [...consignment.lineItemIds]
  }
  if (withOptions) view.available_shipping_options = price.options.map(optionView)
  if (price.selected !== undefined) view.selected_shipping_option = optionView(price.selected)
  return view
}

export function checkoutView (state: StoreState, cart: Cart, price: CheckoutPrice, include: string | undefined): Record<string, unknown> {
  const withOptions = (include ?? '').split(',').map((part) => part.trim()).includes('consignments.available_shipping_options')
  const view: Record<string, unknown> = {
    id: cart.id,
    cart: {
      id: cart.id,
      customer_id: cart.customerId,
      email: cart.email,
      currency: { code: cart.currency },
      tax_included: false,
      base_amount: v3Amount(price.baseCents),
      channel_id: cart.channelId,
      discount_amount: 0,
      cart_amount_inc_tax: v3Amount(price.baseCents - price.itemsCouponCents + price.itemsTaxCents),
      cart_amount_ex_tax: v3Amount(price.baseCents - price.itemsCouponCents),
      coupons: appliedCouponsView(price, 'checkout'),
      discounts: cartDiscountsView(price),
      line_items: lineItemsView(state, price, 'checkout', lineOptionsFrom(include, 'cart.')),
      created_time: isoTime(cart.createdAt),
      updated_time: isoTime(cart.updatedAt)
    },
    consignments: price.consignments.map((consignment) => consignmentView(state, consignment, withOptions)),
    taxes: price.taxes.map((tax) => ({ name: tax.name, amount: v3Amount(tax.amountCents) })),
    coupons: appliedCouponsView(price, 'checkout'),
    fees: [],
    order_id: cart.orderId === undefined ? null : String(cart.orderId),
    // checkouts.v3.yml: "Shipping cost before any discounts are applied"; the coupons' part is in
    // consignments[].coupon_discounts and already taken off grand_total.
    shipping_cost_total_inc_tax: v3Amount(price.shippingBeforeDiscountsCents + price.shippingTaxCents),
    shipping_cost_total_ex_tax: v3Amount(price.shippingBeforeDiscountsCents),
    handling_cost_total_inc_tax: 0,
    handling_cost_total_ex_tax: 0,
    tax_total: v3Amount(price.taxTotalCents),
    subtotal_inc_tax: v3Amount(price.baseCents + price.itemsTaxCents),
    subtotal_ex_tax: v3Amount(price.baseCents),
    grand_total: v3Amount(price.grandTotalCents),
    created_time: isoTime(cart.createdAt),
    updated_time: isoTime(cart.updatedAt),
    customer_message: '',
    promotions: [],
    version: cart.version
  }
  if (cart.billingAddress !== undefined) view.billing_address = addressView(state, cart.billingAddress, cart.billingAddress.id)
  return view
}
