/**
 * The parts of BigCommerce's shapes the bridge reads, written by hand from the official documents
 * in ../shared/reference/bigcommerce/ (carts.v3.yml `Cart_Full`, checkouts.v3.yml `Checkout`,
 * geography.v2.yml, shipping.v2.yml). Fields we do not read are left out; everything BigCommerce
 * may omit is optional.
 */

export interface V3Envelope<T> {
  data: T
  meta?: Record<string, unknown>
}

export interface AppliedDiscount {
  id?: string | number
  discounted_amount?: number
}

export interface ItemOption {
  name?: string
  nameId?: number
  value?: string
  valueId?: number
}

/** A physical or digital cart line item (carts `ItemPhysicalGet` / `ItemDigitalGet`). */
export interface LineItem {
  id: string
  parent_id?: number | null
  variant_id?: number
  product_id?: number
  sku?: string
  name?: string
  url?: string
  quantity: number
  is_taxable?: boolean
  image_url?: string
  discounts?: AppliedDiscount[]
  coupons?: unknown
  discount_amount?: number
  coupon_amount?: number
  original_price?: number
  list_price?: number
  sale_price?: number
  extended_list_price?: number
  extended_sale_price?: number
  options?: ItemOption[]
  is_require_shipping?: boolean
  added_by_promotion?: boolean
}

export interface LineItems {
  physical_items: LineItem[]
  digital_items: LineItem[]
  gift_certificates?: unknown[]
  custom_items?: unknown[]
}

export interface AppliedCoupon {
  id?: number
  code: string
  coupon_type?: string
  discounted_amount?: number
  display_name?: string
}

export interface Cart {
  id: string
  customer_id?: number
  channel_id?: number
  email?: string
  currency?: { code?: string }
  tax_included?: boolean
  base_amount?: number
  discount_amount?: number
  cart_amount?: number
  cart_amount_inc_tax?: number
  cart_amount_ex_tax?: number
  coupons?: AppliedCoupon[]
  discounts?: AppliedDiscount[]
  line_items: LineItems
  version?: number
}

export interface Address {
  id?: string
  first_name?: string
  last_name?: string
  email?: string
  company?: string
  address1?: string
  address2?: string
  city?: string
  state_or_province?: string
  state_or_province_code?: string
  country?: string
  country_code?: string
  postal_code?: string
  phone?: string
}

export interface ShippingOption {
  id: string
  type?: string
  description?: string
  image_url?: string
  cost?: number
  transit_time?: string
  additional_description?: string
}

export interface Consignment {
  id: string
  address?: Address
  line_item_ids?: string[]
  available_shipping_options?: ShippingOption[]
  selected_shipping_option?: ShippingOption | null
  selected_pickup_option?: unknown
  coupon_discounts?: Array<{ code?: string, amount?: number }>
  discounts?: Array<{ id?: string | number }>
  shipping_cost_inc_tax?: number
  shipping_cost_ex_tax?: number
  handling_cost_inc_tax?: number
  handling_cost_ex_tax?: number
}

export interface Checkout {
  id: string
  cart: Cart
  billing_address?: Address
  consignments?: Consignment[]
  taxes?: Array<{ name?: string, amount?: number }>
  coupons?: AppliedCoupon[]
  order_id?: string | null
  shipping_cost_total_inc_tax?: number
  shipping_cost_total_ex_tax?: number
  handling_cost_total_inc_tax?: number
  handling_cost_total_ex_tax?: number
  tax_total?: number
  subtotal_inc_tax?: number
  subtotal_ex_tax?: number
  grand_total?: number
  version?: number
}

/** geography.v2.yml `country_Full` (the fields we read). */
export interface Country {
  id: number
  country: string
  country_iso2: string
  country_iso3?: string
}

/** geography.v2.yml `state_Full` (the fields we read). */
export interface State {
  id: number
  state: string
  state_abbreviation: string
  country_id: number
}

/** shipping.v2.yml `ShippingZone`. */
export interface ShippingZone {
  id?: number
  name?: string
  type?: 'zip' | 'country' | 'state' | 'global'
  locations?: Array<{ id?: number, zip?: string, country_iso2?: string, state_iso2?: string }>
  enabled?: boolean
}

/** ordersv2 `orderProducts` (the fields we read). Amounts are strings with four decimals. */
export interface OrderProduct {
  id: number
  order_id?: number
  product_id?: number
  variant_id?: number
  order_address_id?: number
  name?: string
  name_customer?: string
  sku?: string
  type?: 'physical' | 'digital' | 'giftcertificate'
  base_price?: string
  price_ex_tax?: string
  price_inc_tax?: string
  price_tax?: string
  base_total?: string
  total_ex_tax?: string
  total_inc_tax?: string
  total_tax?: string
  quantity?: number
  quantity_shipped?: number
  applied_discounts?: Array<{ id?: string | number, amount?: string | number, name?: string, code?: string | null, target?: string }>
  product_options?: Array<{ display_name?: string, display_value?: string, option_id?: number, value?: string }>
  discounted_total_inc_tax?: string
}

/** ordersv2 `billingAddress_Base`; shipping consignments carry the same address fields. */
export interface OrderBillingAddress {
  first_name?: string
  last_name?: string
  company?: string
  street_1?: string
  street_2?: string
  city?: string
  state?: string
  zip?: string
  country?: string
  country_iso2?: string
  phone?: string
  email?: string
}

/** ordersv2 `shippingConsignment_Get` with `include=consignments.line_items`. */
export interface OrderShippingConsignment extends OrderBillingAddress {
  id?: number
  line_items?: OrderProduct[]
  shipping_method?: string
  cost_ex_tax?: number
  cost_inc_tax?: number
  cost_tax?: number
}

/** ordersv2 `order_Resp` (the fields we read). */
export interface Order {
  id: number
  status_id?: number
  status?: string
  cart_id?: string
  customer_id?: number
  subtotal_ex_tax?: string
  subtotal_inc_tax?: string
  subtotal_tax?: string
  shipping_cost_ex_tax?: string
  shipping_cost_inc_tax?: string
  shipping_cost_tax?: string
  handling_cost_ex_tax?: string
  total_ex_tax?: string
  total_inc_tax?: string
  total_tax?: string
  discount_amount?: string
  coupon_discount?: string
  currency_code?: string
  /** order_Resp: "The currency code of the transactional currency the shopper pays in". */
  default_currency_code?: string
  /** order_RespOnly: whether the order's base prices include tax. */
  is_tax_inclusive_pricing?: boolean
  billing_address?: OrderBillingAddress
  consignments?: { shipping?: OrderShippingConsignment[], pickups?: unknown[], downloads?: Array<{ line_items?: OrderProduct[] }>, email?: unknown } | { url?: string }
  external_order_id?: string | null
  external_source?: string | null
  is_deleted?: boolean
}

/** ordersv2 `orderCoupons_Base`. */
export interface OrderCoupon {
  id?: number
  coupon_id?: number
  code?: string
  amount?: number | string
  type?: number
  discount?: number | string
}

/** catalog `product_Full` with `include=variants` (the fields we read for precise errors). */
export interface CatalogProduct {
  id: number
  name: string
  type?: 'physical' | 'digital'
  inventory_tracking?: 'none' | 'product' | 'variant'
  inventory_level?: number
  order_quantity_minimum?: number
  order_quantity_maximum?: number
  availability?: string
  variants?: Array<{ id: number, sku?: string, inventory_level?: number, purchasing_disabled?: boolean, option_values?: Array<{ label?: string, option_display_name?: string }> }>
}

/** customers.v3 `customer_Full` (the fields we read). */
export interface Customer {
  id: number
  email?: string
  first_name?: string
  last_name?: string
  phone?: string
}

/** ordersv2 `pickupConsignment_Get` with `include=consignments.line_items` (the fields we read). */
export interface OrderPickupConsignment {
  id?: number
  pickup_method_id?: number
  pickup_method_display_name?: string
  /** `pickupConsignmentLocation_Get` */
  location?: { id?: number, name?: string, address_line_1?: string, address_line_2?: string, city?: string, state?: string, postal_code?: string, country_alpha2?: string, email?: string, phone?: string }
  line_items?: OrderProduct[] | Array<{ url?: string, resource?: string }>
}

/** ordersv2 `orderConsignment_Get`: every kind of consignment, each with its products when included. */
export interface OrderConsignments {
  pickups?: OrderPickupConsignment[]
  shipping?: OrderShippingConsignment[]
  /** `digitalConsignment_Get` */
  downloads?: Array<{ recipient_email?: string, line_items?: OrderProduct[] | Array<{ url?: string, resource?: string }> }>
  /** `giftCertificateConsignment_Get` under `email` */
  email?: { gift_certificates?: Array<{ recipient_email?: string, line_items?: OrderProduct[] | Array<{ url?: string, resource?: string }> }> }
}
