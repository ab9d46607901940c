/**
 * Prices, coupon discounts, shipping costs, taxes and totals of a cart/checkout, derived afresh
 * from the cart and the catalog on every read so nothing can drift. All in integer cents.
 */
import { createHash } from 'node:crypto'
import type { Variant } from './catalog.js'
import { allocate, percentOf, toBasisPoints, toCents } from './money.js'
import type { StoreState } from './state.js'
import type { Cart, CartLine, Consignment, SeedCoupon, SeedShippingMethod, SeedShippingZone } from './types.js'

export interface LinePrice {
  line: CartLine
  variant: Variant
  digital: boolean
  /** Catalog price before any sale price. */
  originalCents: number
  /** The unit price charged: the sale price when there is one. */
  unitCents: number
  extendedCents: number
  couponCents: number
  coupons: Array<{ coupon: SeedCoupon, amountCents: number }>
  taxCents: number
}

export interface ShippingOptionPrice {
  id: string
  method: SeedShippingMethod
  costCents: number
}

export interface ConsignmentPrice {
  consignment: Consignment
  zone?: SeedShippingZone
  options: ShippingOptionPrice[]
  selected?: ShippingOptionPrice
  /** Cost of the selected option before shipping coupons. */
  baseCostCents: number
  discountCents: number
  costCents: number
  taxCents: number
  couponDiscounts: Array<{ code: string, amountCents: number }>
}

export interface CheckoutPrice {
  lines: LinePrice[]
  consignments: ConsignmentPrice[]
  coupons: Array<{ coupon: SeedCoupon, amountCents: number }>
  baseCents: number
  itemsCouponCents: number
  itemsTaxCents: number
  /** Net of shipping coupons. */
  shippingCents: number
  /** Before shipping coupons: what BigCommerce reports as the checkout's shipping cost. */
  shippingBeforeDiscountsCents: number
  shippingTaxCents: number
  taxTotalCents: number
  grandTotalCents: number
  taxes: Array<{ name: string, amountCents: number }>
}

/** Shipping option ids are stable per consignment and method, 32 hex digits like BigCommerce's. */
export function shippingOptionId (consignmentId: string, methodId: number): string {
  return createHash('md5').update(`${consignmentId}:${methodId}`).digest('hex')
}

export function shippingOptions (state: StoreState, consignment: Consignment, lines: CartLine[]): { zone?: SeedShippingZone, options: ShippingOptionPrice[] } {
  const zone = state.zoneFor(consignment.address)
  if (zone === undefined) return { options: [] }
  const units = lines.filter((line) => consignment.lineItemIds.includes(line.id)).reduce((sum, line) => sum + line.quantity, 0)
  const options = zone.methods.filter((method) => method.enabled !== false).map((method) => ({
    id: shippingOptionId(consignment.id, method.id),
    method,
    costCents: method.type === 'freeshipping' ? 0 : method.type === 'peritem' ? toCents(method.rate) * units : toCents(method.rate)
  }))
  return { zone, options }
}

export function priceCheckout (state: StoreState, cart: Cart): CheckoutPrice {
  const lines: LinePrice[] = cart.lines.map((line) => {
    const variant = state.catalog.variant(line.productId, line.variantId)
    if (variant === undefined) throw new Error(`cart ${cart.id} holds unknown variant ${line.variantId}`)
    const unitCents = state.catalog.unitPrice(variant)
    return {
      line,
      variant,
      digital: variant.product.digital,
      originalCents: variant.priceCents,
      unitCents,
      extendedCents: unitCents * line.quantity,
      couponCents: 0,
      coupons: [],
      taxCents: 0
    }
  })

  const consignments: ConsignmentPrice[] = cart.consignments.map((consignment) => {
    const { zone, options } = shippingOptions(state, consignment, cart.lines)
    const selected = options.find((option) => option.method.id === consignment.selectedMethodId)
    const baseCostCents = selected?.costCents ?? 0
    return { consignment, zone, options, selected, baseCostCents, discountCents: 0, costCents: baseCostCents, taxCents: 0, couponDiscounts: [] }
  })

  const coupons: CheckoutPrice['coupons'] = []
  for (const code of cart.couponCodes) {
    const coupon = state.coupon(code)
    if (coupon === undefined) continue
    coupons.push({ coupon, amountCents: applyCoupon(coupon, lines, consignments) })
  }

  const billingZone = state.zoneFor(cart.billingAddress)
  const taxes = new Map<string, number>()
  const addTax = (zone: SeedShippingZone | undefined, cents: number): number => {
    const rate = toBasisPoints(zone?.tax_rate)
    if (zone === undefined || rate === 0) return 0
    const tax = percentOf(cents, rate)
    const name = zone.tax_name ?? 'Tax'
    taxes.set(name, (taxes.get(name) ?? 0) + tax)
    return tax
  }
  for (const price of lines) {
    const zone = consignments.find((candidate) => candidate.consignment.lineItemIds.includes(price.line.id))?.zone ?? billingZone
    price.taxCents = addTax(zone, price.extendedCents - price.couponCents)
  }
  for (const price of consignments) price.taxCents = addTax(price.zone, price.costCents)

  const baseCents = sum(lines.map((price) => price.extendedCents))
  const itemsCouponCents = sum(lines.map((price) => price.couponCents))
  const itemsTaxCents = sum(lines.map((price) => price.taxCents))
  const shippingCents = sum(consignments.map((price) => price.costCents))
  const shippingTaxCents = sum(consignments.map((price) => price.taxCents))
  const taxTotalCents = itemsTaxCents + shippingTaxCents
  return {
    lines,
    consignments,
    coupons,
    baseCents,
    itemsCouponCents,
    itemsTaxCents,
    shippingCents,
    shippingBeforeDiscountsCents: sum(consignments.map((price) => price.baseCostCents)),
    shippingTaxCents,
    taxTotalCents,
    grandTotalCents: baseCents - itemsCouponCents + shippingCents + taxTotalCents,
    taxes: [...taxes].map(([name, amountCents]) => ({ name, amountCents }))
  }
}

/** Applies one coupon on top of earlier ones and returns how much it took off. */
function applyCoupon (coupon: SeedCoupon, lines: LinePrice[], consignments: ConsignmentPrice[]): number {
  const remaining = lines.map((price) => price.extendedCents - price.couponCents)
  let shares: number[] = lines.map(() => 0)
  switch (coupon.type) {
    case 'percentage_discount':
      shares = remaining.map((cents) => percentOf(cents, toBasisPoints(coupon.amount)))
      break
    case 'per_total_discount':
      shares = allocate(Math.min(toCents(coupon.amount), sum(remaining)), remaining)
      break
    case 'per_item_discount':
      shares = lines.map((price, index) => Math.min(toCents(coupon.amount) * price.line.quantity, remaining[index]))
      break
    case 'free_shipping':
    case 'shipping_discount': {
      let total = 0
      for (const price of consignments) {
        const off = coupon.type === 'free_shipping' ? price.costCents : Math.min(toCents(coupon.amount), price.costCents)
        if (price.selected === undefined) continue
        price.discountCents += off
        price.costCents -= off
        price.couponDiscounts.push({ code: coupon.code, amountCents: off })
        total += off
      }
      return total
    }
  }
  lines.forEach((price, index) => {
    const share = shares[index]
    if (share <= 0) return
    price.couponCents += share
    price.coupons.push({ coupon, amountCents: share })
  })
  return sum(shares)
}

function sum (values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}
