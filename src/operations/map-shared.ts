/**
 * What the cart mapper (map-cart.ts, v3 carts and checkouts) and the order mapper (map-order.ts,
 * v2 orders) share: who the order is to Fast, and addresses, whose fields BigCommerce names
 * differently in v3 (`address1`, `state_or_province`) and v2 (`street_1`, `state`).
 */
import type { Address, OrderBillingAddress } from '../bigcommerce/types.js'
import type { LineRecord } from '../storage/storage.js'
import type { FastAddress } from './fast-order.js'

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
export function mapOrderAddress (address: OrderBillingAddress): FastAddress {
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
