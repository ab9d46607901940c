/**
 * Order creation from a checkout and order status changes. Every POST .../orders makes a new order
 * at status 0 (Incomplete), as BigCommerce documents; stock is taken when the order is created
 * and given back when it is cancelled.
 */
import { invalid, SandboxError } from './errors.js'
import { priceCheckout } from './pricing.js'
import type { Order, OrderLine, OrderShipping, StoreState } from './state.js'
import type { Cart } from './types.js'

export const ORDER_STATUSES: Record<number, string> = {
  0: 'Incomplete',
  1: 'Pending',
  2: 'Shipped',
  3: 'Partially Shipped',
  4: 'Refunded',
  5: 'Cancelled',
  6: 'Declined',
  7: 'Awaiting Payment',
  8: 'Awaiting Pickup',
  9: 'Awaiting Shipment',
  10: 'Completed',
  11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required',
  13: 'Disputed',
  14: 'Partially Refunded'
}

const CANCELLED = 5

export function createOrder (state: StoreState, cart: Cart): Order {
  const price = priceCheckout(state, cart)
  if (cart.billingAddress === undefined || (cart.billingAddress.email ?? '') === '') {
    throw invalid('A billing address with an email is required to create an order.')
  }
  if (cart.shippingAddressStale === true) throw invalid('A shipping address for this order is incomplete.')
  for (const line of price.lines) {
    if (line.digital) continue
    const consignment = price.consignments.find((candidate) => candidate.consignment.lineItemIds.includes(line.line.id))
    if (consignment === undefined) throw invalid('A shipping address for this order is incomplete.')
  }
  for (const consignment of price.consignments) {
    if (consignment.selected === undefined) throw invalid('A shipping option must be selected for every consignment before creating an order.')
  }
  for (const line of price.lines) {
    const available = state.catalog.available(line.variant)
    const wanted = price.lines.filter((other) => other.variant === line.variant).reduce((sum, other) => sum + other.line.quantity, 0)
    if (available !== undefined && available < wanted) throw outOfStock(line.variant.product.name, available)
  }

  const id = state.nextOrderId++
  const shipping: OrderShipping[] = price.consignments.map((consignment) => ({
    id: state.nextOrderAddressId++,
    address: consignment.consignment.address,
    methodName: consignment.selected?.method.name ?? '',
    zoneId: consignment.zone?.id ?? 0,
    zoneName: consignment.zone?.name ?? '',
    costCents: consignment.costCents,
    baseCostCents: consignment.baseCostCents,
    taxCents: consignment.taxCents,
    lineIds: [...consignment.consignment.lineItemIds]
  }))
  const lines: OrderLine[] = price.lines.map((line) => ({
    orderProductId: state.nextOrderProductId++,
    lineId: line.line.id,
    productId: line.variant.product.id,
    variantId: line.variant.id,
    name: line.variant.product.name,
    sku: line.variant.sku,
    type: line.digital ? 'digital' : 'physical',
    quantity: line.line.quantity,
    unitCents: line.unitCents,
    extendedCents: line.extendedCents,
    discountCents: line.couponCents,
    taxCents: line.taxCents,
    coupons: line.coupons.map((applied) => ({
      id: applied.coupon.id,
      code: applied.coupon.code,
      name: applied.coupon.name,
      amountCents: applied.amountCents,
      target: applied.coupon.type === 'per_total_discount' ? 'order' as const : 'product' as const
    })),
    options: [
      ...line.variant.optionValues.map(({ option, value }) => ({ optionId: option.id, valueId: value.id, displayName: option.display_name, label: value.label, type: 'Multiple choice' as const })),
      ...line.line.modifiers.map(({ modifier, value }) => ({ optionId: modifier.id, displayName: modifier.display_name, label: value, type: 'Text field' as const }))
    ],
    orderAddressId: shipping.find((address) => address.lineIds.includes(line.line.id))?.id
  }))
  const now = new Date()
  const order: Order = {
    id,
    cartId: cart.id,
    customerId: cart.customerId,
    channelId: cart.channelId,
    currency: cart.currency,
    statusId: 0,
    createdAt: now,
    modifiedAt: now,
    billing: cart.billingAddress,
    email: cart.billingAddress.email ?? cart.email,
    lines,
    shipping,
    coupons: price.coupons.map(({ coupon, amountCents }) => ({
      id: state.nextOrderCouponId++,
      couponId: coupon.id,
      code: coupon.code,
      discountCents: amountCents,
      type: coupon.type,
      configured: coupon.amount
    })),
    subtotalCents: price.baseCents,
    couponDiscountCents: price.itemsCouponCents,
    shippingCents: price.shippingCents,
    shippingTaxCents: price.shippingTaxCents,
    itemsTaxCents: price.itemsTaxCents,
    externalOrderId: undefined,
    externalSource: null,
    staffNotes: '',
    customerMessage: '',
    paymentMethod: '',
    isDeleted: false,
    holdsStock: true
  }
  for (const line of price.lines) state.catalog.adjust(line.variant, -line.line.quantity)
  state.orders.set(id, order)
  cart.orderId = id
  return order
}

export function setOrderStatus (state: StoreState, order: Order, statusId: number): void {
  if (!Number.isInteger(statusId) || ORDER_STATUSES[statusId] === undefined) {
    throw new SandboxError(400, `The field 'status_id' is invalid: ${String(statusId)} is not an order status.`)
  }
  if (statusId === CANCELLED && order.holdsStock) moveStock(state, order, +1)
  if (statusId !== CANCELLED && order.statusId === CANCELLED && !order.holdsStock) moveStock(state, order, -1)
  order.statusId = statusId
}

function moveStock (state: StoreState, order: Order, sign: 1 | -1): void {
  for (const line of order.lines) {
    const variant = state.catalog.variant(line.productId, line.variantId)
    if (variant !== undefined) state.catalog.adjust(variant, sign * line.quantity)
  }
  order.holdsStock = sign < 0
}

export function outOfStock (name: string, available: number): SandboxError {
  return invalid(`We don't have enough ${name} in stock. Only ${Math.max(available, 0)} left.`)
}
