/**
 * Everything one emulated store remembers: the catalog (with live stock), carts (which are also
 * the checkouts), orders and the counters that number them. Each store is independent, as on
 * BigCommerce, and `reset` rebuilds it from the seed.
 */
import { Catalog } from './catalog.js'
import type { Address, Cart, CouponType, SeedCountry, SeedCoupon, SeedShippingZone, StoreSeed } from './types.js'

export interface OrderLine {
  orderProductId: number
  lineId: string
  productId: number
  variantId: number
  name: string
  sku: string
  type: 'physical' | 'digital'
  quantity: number
  unitCents: number
  extendedCents: number
  discountCents: number
  taxCents: number
  /** `target` as orderProductAppliedDiscounts: a per-total coupon is an order-level discount. */
  coupons: Array<{ id: number, code: string, name: string, amountCents: number, target: 'order' | 'product' }>
  /** Variant options (multiple choice, with a value id) and text modifiers (the text only). */
  options: Array<{ optionId: number, valueId?: number, displayName: string, label: string, type: 'Multiple choice' | 'Text field' }>
  orderAddressId?: number
}

export interface OrderShipping {
  id: number
  address: Address
  methodName: string
  zoneId: number
  zoneName: string
  /** Shipping charged after shipping coupons, before tax. */
  costCents: number
  /** Shipping before coupons. */
  baseCostCents: number
  taxCents: number
  lineIds: string[]
}

export interface OrderCoupon {
  id: number
  couponId: number
  code: string
  /** The money this coupon took off the order. */
  discountCents: number
  type: CouponType
  /** The coupon's own figure: percent for percentage coupons, money otherwise. */
  configured: string
}

export interface Order {
  id: number
  cartId: string
  customerId: number
  channelId: number
  currency: string
  statusId: number
  createdAt: Date
  modifiedAt: Date
  billing: Address
  email: string
  lines: OrderLine[]
  shipping: OrderShipping[]
  coupons: OrderCoupon[]
  subtotalCents: number
  couponDiscountCents: number
  shippingCents: number
  shippingTaxCents: number
  itemsTaxCents: number
  externalOrderId?: string | null
  externalSource?: string | null
  staffNotes: string
  customerMessage: string
  paymentMethod: string
  isDeleted: boolean
  /** Whether this order currently holds stock (taken at creation, returned on cancel). */
  holdsStock: boolean
}

export interface StoreConfig {
  hash: string
  accessToken: string
  /** Scopes the oauth endpoint grants; space-separated. */
  scope?: string
}

export class StoreState {
  readonly config: StoreConfig
  readonly seed: StoreSeed
  catalog!: Catalog
  carts = new Map<string, Cart>()
  /** Ids of carts that were deleted (by DELETE or by removing their last item): editing one is a 500. */
  deletedCarts = new Set<string>()
  orders = new Map<number, Order>()
  nextOrderId = 100
  nextOrderProductId = 1
  nextOrderAddressId = 1
  nextOrderCouponId = 1

  constructor (config: StoreConfig, seed: StoreSeed) {
    this.config = config
    this.seed = seed
    this.reset()
  }

  reset (): void {
    this.catalog = new Catalog(this.seed.products)
    this.carts = new Map()
    this.deletedCarts = new Set()
    this.orders = new Map()
    this.nextOrderId = 100
    this.nextOrderProductId = 1
    this.nextOrderAddressId = 1
    this.nextOrderCouponId = 1
  }

  deleteCart (id: string): void {
    this.carts.delete(id)
    this.deletedCarts.add(id)
  }

  coupon (code: string): SeedCoupon | undefined {
    const wanted = code.trim().toUpperCase()
    return this.seed.coupons.find((coupon) => coupon.code.toUpperCase() === wanted && coupon.enabled !== false)
  }

  country (iso2: string | undefined): SeedCountry | undefined {
    if (iso2 === undefined) return undefined
    return this.seed.countries.find((country) => country.country_iso2 === iso2.toUpperCase())
  }

  /** The first enabled zone that covers the address, like BigCommerce's zone matching. */
  zoneFor (address: Address | undefined): SeedShippingZone | undefined {
    if (address?.country_code === undefined) return undefined
    const country = address.country_code.toUpperCase()
    const state = (address.state_or_province_code ?? '').toUpperCase()
    return this.seed.shipping_zones.find((zone) => zone.enabled !== false && (zone.type === 'global' || zone.locations.some((location) =>
      location.country_iso2 === country && (zone.type !== 'state' || location.state_iso2 === state))))
  }
}
