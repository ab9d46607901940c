/**
 * The OAuth scopes the bridge needs, as the Developer Portal's app profile must request them. Each
 * entry is one permission; a store grants it by the read-only scope or by the modify scope, which
 * includes reading. The parameters are the ones BigCommerce's documents give (the security scheme
 * of each OpenAPI file in shared/reference/bigcommerce), with one doubt: the checkouts document writes
 * `store_checkouts` while BigCommerce's API-accounts guide writes `store_checkout`; either is taken.
 */

export interface RequiredScope {
  /** The permission as the Developer Portal names it. */
  name: string
  /** Any one of these grants it. */
  anyOf: readonly string[]
  /** What the bridge does with it. */
  usedFor: string
}

export const REQUIRED_SCOPES: readonly RequiredScope[] = [
  { name: 'Carts: modify', anyOf: ['store_cart'], usedFor: 'create carts, add, change and remove items, delete carts' },
  { name: 'Checkouts: modify', anyOf: ['store_checkouts', 'store_checkout'], usedFor: 'billing address, consignments, shipping options, coupons, cart to order' },
  { name: 'Orders: modify', anyOf: ['store_v2_orders'], usedFor: 'read orders, stamp them as Fast orders, move their status' },
  { name: 'Products: read-only', anyOf: ['store_v2_products_read_only', 'store_v2_products'], usedFor: "look up a product's options and variants" },
  { name: 'Information & Settings: read-only', anyOf: ['store_v2_information_read_only', 'store_v2_information'], usedFor: 'shipping zones, countries and states, the store profile' },
  { name: 'Customers: read-only', anyOf: ['store_v2_customers_read_only', 'store_v2_customers'], usedFor: 'find the shopper Fast asks about (a user read)' }
]

/** BigCommerce's `scope` answer (space-separated) as a list. */
export function parseScopes (scope: string): string[] {
  return scope.split(/\s+/).filter(Boolean)
}

/** The required permissions that `granted` lacks, by their Developer Portal names. */
export function missingScopes (granted: readonly string[]): string[] {
  const have = new Set(granted)
  return REQUIRED_SCOPES.filter(scope => !scope.anyOf.some(name => have.has(name))).map(scope => scope.name)
}
