/**
 * The seeded store (fixtures/sandbox/store.json) and the emulator's per-store state. Amounts in the
 * seed are decimal strings so that nothing is ever read through a binary float; in state they are
 * integer minor units (cents).
 */

export type CouponType = 'per_item_discount' | 'percentage_discount' | 'per_total_discount' | 'shipping_discount' | 'free_shipping'

export interface SeedStoreInfo {
  name: string
  domain: string
  secure_url: string
  first_name: string
  last_name: string
  admin_email: string
  order_email: string
  country: string
  country_code: string
  address: string
  phone: string
  currency: string
  currency_symbol: string
  decimal_places: number
  timezone: string
  plan_name: string
  plan_level: string
}

export interface SeedOption {
  id: number
  display_name: string
  values: Array<{ id: number, label: string }>
}

/**
 * A modifier (catalog `productModifier`): a choice that does not pick a variant. Only text fields
 * so far; a required one must be given in `option_selections` or the add is refused.
 */
export interface SeedModifier {
  id: number
  display_name: string
  type: 'text'
  required: boolean
}

export interface SeedVariant {
  id: number
  sku: string
  option_values?: Array<{ option_id: number, id: number }>
  /** Overrides the product price. */
  price?: string
  sale_price?: string
  /** Used when the product tracks inventory by variant. */
  inventory_level?: number
  image_url?: string
  purchasing_disabled?: boolean
}

export interface SeedProduct {
  id: number
  name: string
  type: 'physical' | 'digital'
  sku: string
  price: string
  sale_price?: string
  weight?: number
  /** Storefront path, e.g. "/fast-hoodie/". */
  path: string
  image_url?: string
  image_id?: number
  inventory_tracking: 'none' | 'product' | 'variant'
  inventory_level?: number
  order_quantity_minimum?: number
  order_quantity_maximum?: number
  availability?: 'available' | 'disabled' | 'preorder'
  options?: SeedOption[]
  modifiers?: SeedModifier[]
  variants: SeedVariant[]
}

export interface SeedCoupon {
  id: number
  code: string
  name: string
  type: CouponType
  /** Percent for percentage_discount ("10" = 10 %), money for the others. */
  amount: string
  /** ISO-8601; past = expired. */
  expires?: string | null
  enabled?: boolean
}

export interface SeedShippingMethod {
  id: number
  name: string
  type: 'perorder' | 'peritem' | 'freeshipping'
  rate: string
  transit_time?: string
  enabled?: boolean
}

export interface SeedShippingZone {
  id: number
  name: string
  type: 'country' | 'state' | 'global'
  locations: Array<{ id: number, country_iso2?: string, state_iso2?: string }>
  /** Flat tax rate in percent applied to items and shipping sent to this zone ("8.25"). */
  tax_rate?: string
  tax_name?: string
  enabled?: boolean
  methods: SeedShippingMethod[]
}

export interface SeedCountry {
  id: number
  country: string
  country_iso2: string
  country_iso3: string
  states: Array<{ id: number, state: string, state_abbreviation: string }>
}

export interface StoreSeed {
  store: SeedStoreInfo
  products: SeedProduct[]
  coupons: SeedCoupon[]
  shipping_zones: SeedShippingZone[]
  countries: SeedCountry[]
  /** customers.v3.yml `customer_Full` as served; optional so older seeds still load. */
  customers?: Array<Record<string, unknown> & { id: number, email: string }>
}

/** An address as checkouts.v3.yml `AddressProperties` carries it. */
export interface Address {
  first_name?: string
  last_name?: string
  email?: string
  company?: string
  address1?: string
  address2?: string
  city?: string
  state_or_province?: string
  state_or_province_code?: string
  country_code?: string
  postal_code?: string
  phone?: string
  custom_fields?: Array<{ field_id?: string, field_value?: string }>
}

export interface CartLine {
  id: string
  productId: number
  variantId: number
  quantity: number
  /** Modifier values chosen in `option_selections` (text as sent), in the product's modifier order. */
  modifiers: Array<{ modifier: SeedModifier, value: string }>
}

export interface Consignment {
  id: string
  addressId: string
  address: Address
  lineItemIds: string[]
  /** Id of the selected shipping method of the consignment's zone. */
  selectedMethodId?: number
}

export interface Cart {
  id: string
  customerId: number
  channelId: number
  email: string
  currency: string
  locale: string
  lines: CartLine[]
  couponCodes: string[]
  billingAddress?: Address & { id: string }
  consignments: Consignment[]
  version: number
  createdAt: Date
  updatedAt: Date
  /** The newest order created from this checkout. */
  orderId?: number
  /**
   * Set when `customer_id` changes while consignments exist: BigCommerce then refuses the order with
   * "A shipping address for this order is incomplete" (bigcommerce.md §3.3) until a shipping address
   * is given again.
   */
  shippingAddressStale?: boolean
}
