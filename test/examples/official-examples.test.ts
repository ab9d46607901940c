/**
 * Every example answer BigCommerce's official documents give for an operation whose answer reaches
 * a mapper goes through that mapper, and the Fast order must keep every line, count each coupon's
 * money once and add up to the cent. The expected figures are taken from the example itself (its
 * coupon list, its line items, its grand total), not from the mapper.
 *
 * Where an example contradicts itself (BigCommerce's examples are sometimes hand-made), it is named
 * in INCONSISTENT with the exact contradiction, and only the check it breaks is skipped for it.
 */
import t from 'tap'
import type { Test } from 'tap'
import type { AnyCart, AppliedCoupon, Cart, Checkout, LineItem, Order, OrderConsignments, OrderCoupon, OrderProduct, ShippingZone } from '../../src/bigcommerce/types.js'
import { DEFAULT_ORDER_STATUS_IDS } from '../../src/bigcommerce/order-statuses.js'
import { formatAmount, subtractAmounts, sumAmounts } from '../../src/money.js'
import type { FastOrder } from '../../src/operations/fast-order.js'
import { DiscountOrigin } from '../../src/operations/fast-order.js'
import { cartToFastOrder, checkoutToFastOrder } from '../../src/operations/map-cart.js'
import { orderToFastOrder } from '../../src/operations/map-order.js'
import { mapShippingZones } from '../../src/operations/map-shipping-zones.js'
import { officialExamples, schemaExamples, type OfficialExample } from './official-examples.js'

type Check = 'reconciles' | 'total_discounts' | 'coupons once'

/** Examples that contradict themselves, and the one check each contradiction makes impossible. */
const INCONSISTENT: Record<string, { checks: Check[], why: string, operations?: string[] }> = {
  // checkouts.v3.yml, in each checkout operation's copy of the example except deleteCheckoutCoupon's,
  // whose copy has no coupon:
  'Available Shipping Options': {
    operations: ['getCheckout', 'addCheckoutBillingAddress', 'updateCheckoutBillingAddress', 'addCheckoutConsignment', 'updateCheckoutConsignment', 'addCheckoutCoupon'],
    checks: ['coupons once', 'total_discounts'],
    why: 'coupon SHOP20 shows discounted_amount 0.9, yet no line has coupon_amount or a "coupon" discount and grand_total 33.23 = subtotal 31.95 + tax 1.28 takes nothing off'
  },
  'example-1': {
    operations: ['getCheckout', 'addCheckoutBillingAddress', 'updateCheckoutBillingAddress', 'addCheckoutConsignment', 'updateCheckoutConsignment', 'addCheckoutCoupon'],
    checks: ['coupons once', 'total_discounts'],
    why: 'a placeholder body: every amount is 0 (lines of quantity 0, grand_total 0), yet the checkout-level coupon SHOPNOW shows discounted_amount 0.9 (the cart\'s own coupon "string" shows 0)'
  },
  // carts.v3.yml deleteCartLineItem:
  'carts.v3.yml deleteCartLineItem 200 "response"': {
    checks: ['reconciles'],
    why: 'the lines left are a physical item of 139.75, a custom item of 5.99 and a gift certificate of 50 (no discounts, tax_included false): 195.74, yet base_amount is 189.75 (the custom item left out) and cart_amount 212.81'
  },
  // orders.v2.oas2.yml getOrder / updateOrder:
  'orders.v2.oas2.yml getOrder 200 "Response"': {
    checks: ['reconciles'],
    why: 'subtotal_ex_tax 62.6793 + subtotal_tax 4.4000 = 67.0793, not subtotal_inc_tax 67.8400; ex-tax: 62.68 + shipping 11.09 + tax 5.31 - discounts 10.00 = 69.08, not total_inc_tax 69.84'
  },
  'orders.v2.oas2.yml updateOrder 200 "Response"': {
    checks: ['reconciles'],
    why: 'the same body as getOrder "Response": subtotal_ex_tax + subtotal_tax is not subtotal_inc_tax, and the ex-tax figures add up to 69.08, not total_inc_tax 69.84'
  },
  // orders.v2.oas2.yml getOrders:
  'orders.v2.oas2.yml getOrders 200 "response" #0': {
    checks: ['reconciles'],
    why: 'total_tax is 0.0000 while subtotal_tax is 25.6300: subtotal_ex_tax 336.32 + shipping 0 + total_tax 0 is not total_inc_tax 361.95'
  }
}

function skipped (example: OfficialExample | { label: string, name: string, operationId: string }, check: Check): string | undefined {
  const entry = INCONSISTENT[example.label] ?? INCONSISTENT[example.name]
  if (entry === undefined || (entry.operations !== undefined && !entry.operations.includes(example.operationId))) return undefined
  return entry.checks.includes(check) ? entry.why : undefined
}

const CHECKOUT_OPERATIONS = ['getCheckout', 'addCheckoutBillingAddress', 'updateCheckoutBillingAddress', 'addCheckoutConsignment', 'updateCheckoutConsignment', 'addCheckoutCoupon', 'deleteCheckoutCoupon']
const CART_OPERATIONS = ['createCart', 'addCartLineItems', 'updateCartLineItem', 'deleteCartLineItem']
const SHIPPING_COUPON = new Set(['3', '4', 'shipping_discount', 'free_shipping'])

function dataOf<T> (example: OfficialExample): T {
  return structuredClone((example.body as { data: T }).data)
}

/** Products with discounts (physical and digital): what the discount checks read. */
function itemsOf (cart: AnyCart): LineItem[] {
  return [...cart.line_items.physical_items, ...cart.line_items.digital_items]
}

/** Every line of every kind line_items documents: physical, digital, custom items, gift certificates. */
function allLinesOf (cart: AnyCart): unknown[] {
  return [...itemsOf(cart), ...(cart.line_items.custom_items ?? []), ...(cart.line_items.gift_certificates ?? [])]
}

/** What the cart's own figures say was taken off: the coupons' totals and the store's listed line discounts. */
function documentedDiscounts (cart: AnyCart, coupons: AppliedCoupon[] | undefined): string {
  const isCoupon = (id: unknown): boolean => String(id) === 'coupon' || (coupons ?? []).some(c => String(c.id) === String(id))
  return sumAmounts([
    ...(coupons ?? []).map(coupon => coupon.discounted_amount),
    ...itemsOf(cart).flatMap(item => (item.discounts ?? []).filter(d => !isCoupon(d.id)).map(d => d.discounted_amount))
  ])
}

/** The coupon money the Fast lines show (their USER entries). */
function couponsOnLines (order: FastOrder): string {
  return sumAmounts((order.lines ?? []).flatMap(line => (line.discounts ?? []).filter(d => d.origin === DiscountOrigin.DISCOUNT_ORIGIN_USER).map(d => d.total_amount)))
}

/** The coupon money the example's coupon list says came off the items (shipping coupons come off shipping). */
function couponsOnItems (coupons: AppliedCoupon[] | undefined): string {
  return sumAmounts((coupons ?? []).filter(coupon => !SHIPPING_COUPON.has(String(coupon.coupon_type))).map(c => c.discounted_amount))
}

function assertCouponsOnce (t: Test, order: FastOrder, coupons: AppliedCoupon[] | undefined): void {
  t.equal(couponsOnLines(order), couponsOnItems(coupons), 'the coupons\' money on the lines is the coupons\' total, once')
  t.notOk((order.lines ?? []).some(line => (line.discounts ?? []).some(d => d.code === 'coupon')), 'no coupon listed again as a store discount coded "coupon"')
  t.same((order.coupons ?? []).map(c => c.total_amount), (coupons ?? []).map(c => formatAmount(c.discounted_amount)), 'each coupon once on the order, with its money')
}

function lineTotals (order: FastOrder): string {
  return sumAmounts((order.lines ?? []).map(line => line.total_amount))
}

t.test('finding 1 and the examples: every checkout example of every checkout operation we map', async t => {
  let count = 0
  for (const operationId of CHECKOUT_OPERATIONS) {
    for (const example of officialExamples('checkouts.v3.yml', operationId)) {
      const checkout = dataOf<Checkout>(example)
      if (checkout?.cart?.line_items === undefined) continue
      count++
      await t.test(example.label, async t => {
        const order = checkoutToFastOrder(checkout, { lines: [] })
        const { cart } = checkout
        t.equal(order.lines?.length, allLinesOf(cart).length, 'finding 2: every line kept, of all four kinds')
        const coupons = checkout.coupons ?? cart.coupons
        const why = (check: Check): string | undefined => skipped(example, check)
        if (why('coupons once') === undefined) assertCouponsOnce(t, order, coupons)
        else t.not(couponsOnLines(order), couponsOnItems(coupons), `still inconsistent, so the lines are not compared with the coupons: ${why('coupons once') as string}`)
        // Shipping coupons come off the consignments, not the lines.
        const shippingDiscounts = sumAmounts((checkout.consignments ?? []).flatMap(c => (c.coupon_discounts ?? []).map(d => d.amount)))
        const expected = subtractAmounts(sumAmounts([lineTotals(order), order.total_shipping, cart.tax_included === true ? 0 : order.total_tax]), shippingDiscounts)
        if (why('reconciles') === undefined) t.equal(expected, formatAmount(checkout.grand_total), 'line totals + shipping + tax - shipping discounts = grand_total, to the cent')
        else t.not(expected, formatAmount(checkout.grand_total), `still inconsistent, so not reconciled: ${why('reconciles') as string}`)
        t.equal(order.total_amount, formatAmount(checkout.grand_total), 'total_amount is grand_total')
        if (why('total_discounts') === undefined) t.equal(order.total_discounts, documentedDiscounts(cart, coupons), 'total_discounts = the coupons\' totals + the store\'s listed line discounts')
        else t.not(order.total_discounts, documentedDiscounts(cart, coupons), `still inconsistent, so total_discounts is not compared: ${why('total_discounts') as string}`)
      })
    }
  }
  t.ok(count >= CHECKOUT_OPERATIONS.length, `${count} checkout examples`)
  t.ok(officialExamples('checkouts.v3.yml', 'getCheckout').some(e => e.name === 'Coupon Applied'), 'the "Coupon Applied" example (under content, as if a media type) is among them')
})

t.test('every cart example of every cart operation we map', async t => {
  let count = 0
  for (const operationId of CART_OPERATIONS) {
    for (const example of officialExamples('carts.v3.yml', operationId)) {
      const cart = dataOf<Cart>(example)
      if (cart?.line_items === undefined) continue
      count++
      await t.test(example.label, async t => {
        const order = cartToFastOrder(cart, { lines: [] })
        t.equal(order.lines?.length, allLinesOf(cart).length, 'finding 2: every line kept, of all four kinds')
        assertCouponsOnce(t, order, cart.coupons)
        const why = skipped(example, 'reconciles')
        // cart_amount: line items minus cart-level discounts and coupons, tax included where applicable.
        if (why === undefined) t.equal(lineTotals(order), formatAmount(cart.cart_amount), 'line totals = cart_amount, to the cent')
        else t.not(lineTotals(order), formatAmount(cart.cart_amount), `still inconsistent, so not reconciled: ${why}`)
        t.equal(order.total_discounts, documentedDiscounts(cart, cart.coupons))
      })
    }
  }
  t.ok(count >= 1, `${count} cart examples (createCart, addCartLineItems and updateCartLineItem document none)`)
})

/** orders.v2.oas2.yml order examples: getOrder, updateOrder (same answer) and each order of getOrders. */
function orderExamples (): Array<{ label: string, name: string, operationId: string, order: Order }> {
  const single = [...officialExamples('orders.v2.oas2.yml', 'getOrder'), ...officialExamples('orders.v2.oas2.yml', 'updateOrder')]
    .map(e => ({ label: e.label, name: e.name, operationId: e.operationId, order: structuredClone(e.body) as Order }))
  const listed = officialExamples('orders.v2.oas2.yml', 'getOrders')
    .flatMap(e => (e.body as Order[]).map((order, i) => ({ label: `${e.label} #${i}`, name: e.name, operationId: e.operationId, order: structuredClone(order) })))
  return [...single, ...listed]
}

t.test('every v2 order example reconciles, in its transactional currency, with its coupons once', async t => {
  const coupons = officialExamples('orders.v2.oas2.yml', 'getOrderCoupons').flatMap(e => e.body as OrderCoupon[])
  t.ok(coupons.length > 0, 'getOrderCoupons has an example')
  const examples = orderExamples()
  t.ok(examples.length >= 4, `${examples.length} order examples`)
  for (const example of examples) {
    const { label, order } = example
    await t.test(label, async t => {
      // The coupon example belongs to an order whose coupon_discount it is; paired only where it matches.
      const theirs = coupons.filter(c => formatAmount(c.discount) === formatAmount(order.coupon_discount))
      const mapped = orderToFastOrder(order, Number(order.coupon_discount ?? 0) === 0 ? [] : theirs, { lines: [] }, DEFAULT_ORDER_STATUS_IDS)
      t.equal(mapped.currency_code, order.default_currency_code, 'the transactional currency')
      t.equal(mapped.total_amount, formatAmount(order.total_inc_tax))
      t.equal(mapped.total_discounts, sumAmounts([order.discount_amount, order.coupon_discount]), 'total_discounts = discount_amount + coupon_discount')
      t.equal(sumAmounts((mapped.coupons ?? []).map(c => c.total_amount)), formatAmount(order.coupon_discount), 'the coupons\' money is coupon_discount, once')
      // Without consignments the products are links: the order's own figures must add up.
      // Where prices include tax (finding 3), sub_total and total_shipping include it already.
      const expected = subtractAmounts(sumAmounts([mapped.sub_total, mapped.total_shipping, order.is_tax_inclusive_pricing === true ? 0 : mapped.total_tax]), mapped.total_discounts ?? '0')
      const why = skipped(example, 'reconciles')
      if (why === undefined) t.equal(expected, mapped.total_amount, 'sub_total + shipping (+ tax where prices exclude it) - discounts = total_inc_tax, to the cent')
      else t.not(expected, mapped.total_amount, `still inconsistent, so not reconciled: ${why}`)
    })
  }
})

t.test('every consignment kind of orderConsignment_Get keeps its products, and each product line adds up to discounted_total_inc_tax', async t => {
  // What `include=consignments.line_items` does to orderConsignment_Get's examples: each product
  // link becomes the product; the products are getOrderProducts's example.
  const products = officialExamples('orders.v2.oas2.yml', 'getOrderProducts').flatMap(e => e.body as OrderProduct[])
  const consignmentExamples = Object.entries(schemaExamples('orders.v2.oas2.yml', 'orderConsignment_Get'))
  t.ok(consignmentExamples.length >= 4, 'shipping, pickup, digital and gift-certificate examples')
  const [order] = orderExamples()
  for (const [name, raw] of consignmentExamples) {
    let next = 0
    const expand = (links: unknown): OrderProduct[] => (Array.isArray(links) ? links : [links]).map(() => ({ ...structuredClone(products[next % products.length]), id: 1000 + next++ }))
    const consignments: OrderConsignments = {
      pickups: (raw.pickups ?? []).map((c: any) => ({ ...c, line_items: expand(c.line_items) })),
      shipping: (raw.shipping ?? []).map((c: any) => ({ ...c, line_items: expand(c.line_items) })),
      downloads: (raw.downloads ?? []).map((c: any) => ({ ...c, line_items: expand(c.line_items) })),
      email: { gift_certificates: (raw.email?.gift_certificates ?? []).map((c: any) => ({ ...c, line_items: expand(c.line_items) })) }
    }
    for (const taxInclusive of [false, true]) {
      await t.test(`${name}, is_tax_inclusive_pricing ${String(taxInclusive)}`, async t => {
        const mapped = orderToFastOrder({ ...order.order, is_tax_inclusive_pricing: taxInclusive, consignments: consignments as Order['consignments'] }, [], { lines: [] }, DEFAULT_ORDER_STATUS_IDS)
        t.equal(mapped.lines?.length, next, 'every product of every consignment kind')
        t.ok(next > 0)
        for (const line of mapped.lines ?? []) {
          const product = products.find(p => String(p.product_id) === line.external_product_id && p.quantity === line.quantity) as OrderProduct
          t.equal(taxInclusive ? line.total_amount : sumAmounts([line.total_amount, line.tax_amount]), formatAmount(product.discounted_total_inc_tax), `line ${line.external_id}: total after discounts${taxInclusive ? '' : ' + tax'} = discounted_total_inc_tax`)
          t.equal(subtractAmounts(line.subtotal_amount ?? '0', line.line_discount_amount ?? '0'), line.total_amount, 'subtotal - discount = total')
        }
      })
    }
  }
})

t.test('every shipping-zones example: each place of each enabled zone is a place Fast may ship to, a disabled zone none', async t => {
  const examples = officialExamples('shipping.v2.yml', 'getShippingZones')
  t.ok(examples.length >= 2, `${examples.length} getShippingZones examples`)
  for (const example of examples) {
    const zones = structuredClone(example.body) as ShippingZone[]
    const mapped = mapShippingZones(zones).map(zone => `${zone.country_iso2}/${zone.subdivision_iso2 ?? ''}`)
    const expected = new Set(zones.filter(zone => zone.enabled !== false).flatMap(zone => (zone.locations ?? [])
      .map(location => `${location.country_iso2 ?? ''}/${zone.type === 'state' ? location.state_iso2 ?? '' : ''}`)))
    t.same(mapped.sort(), [...expected].sort(), example.label)
  }
})
