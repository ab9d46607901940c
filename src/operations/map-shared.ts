/**
 * What the cart mapper (map-cart.ts, v3 carts and checkouts) and the order mapper (map-order.ts,
 * v2 orders) share: who the order is to Fast, and addresses, whose fields BigCommerce names
 * differently in v3 (`address1`, `state_or_province`) and v2 (`street_1`, `state`), and coupon kinds.
 */
import type { Address, OrderBillingAddress, OrderShippingConsignment } from '../bigcommerce/types.js'
import type { LineRecord } from '../storage/storage.js'
import type { FastAddress, FastDiscount } from './fast-order.js'
import { DiscountType } from './fast-order.js'

export interface OrderIdentity {
  /** Fast's order id; unknown when Fast reads a storefront cart it did not create. */
  fastOrderId?: string
  /** What we remember of Fast's lines, to give each BigCommerce item back its Fast id. */
  lines: LineRecord[]
}

/** A v3 address (checkouts `Address Response`) as Fast's address; empty fields are left out. */
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

/** A v2 address (orders `billingAddress_Base`, `shippingConsignment_Base`) as Fast's address. */
export function mapOrderAddress (address: OrderBillingAddress | OrderShippingConsignment): FastAddress {
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

/**
 * Which coupons discount shipping. BigCommerce names a coupon's kind three ways: carts.v3.yml
 * `AppliedCoupon.coupon_type` is the string enum '0'-'5', checkouts.v3.yml's examples give the
 * names ('percentage_discount'), and v2 `orderCoupons_Base.type` is the integer 0-5; all three
 * agree that 3 is shipping_discount (an amount off shipping) and 4 free_shipping.
 */
const SHIPPING_COUPON_TYPES = new Set(['3', '4', 'shipping_discount', 'free_shipping'])

export function isShippingCoupon (couponType: string | number | undefined): boolean {
  return couponType !== undefined && SHIPPING_COUPON_TYPES.has(String(couponType))
}

export function couponDiscountType (couponType: string | number | undefined): FastDiscount['type'] {
  return isShippingCoupon(couponType) ? DiscountType.DISCOUNT_TYPE_SHIPPING : DiscountType.DISCOUNT_TYPE_REGULAR
}
