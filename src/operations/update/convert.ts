/**
 * Update segment `convert_cart_to_order`: the checkout timer ran out and the cart becomes a
 * BigCommerce order, exactly once. BigCommerce makes a new order on every POST .../orders, so the
 * conversion moves through recovery points in our database (started -> created -> stamped) and,
 * after any unknown outcome, looks BigCommerce up instead of posting again.
 */
import { createOrderFromCheckout, getCheckout } from '../../bigcommerce/checkouts.js'
import { listOrdersByCart, updateBcOrder } from '../../bigcommerce/orders.js'
import type { Checkout } from '../../bigcommerce/types.js'
import { failpoint } from '../../failpoints.js'
import { FastError, unprocessable } from '../../fast/errors.js'
import type { OperationContext } from '../context.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import type { SegmentStatus, UpdateState } from './state.js'

/** What the App Marketplace asks apps that create orders to put in `external_source`. */
export const EXTERNAL_SOURCE = 'fast-bigcommerce'

const CONVERTED: SegmentStatus = { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_CONVERT_CART_TO_ORDER, status: true, message: 'cart converted to order' }

export async function convertCart (ctx: OperationContext, state: UpdateState): Promise<SegmentStatus> {
  if (await recoverConversion(ctx, state)) return CONVERTED
  const { fastOrderId, cartId } = state.record
  const checkout = state.complete && state.checkout !== undefined ? state.checkout : await getCheckout(ctx.api, cartId)
  const started = (await ctx.storage.getConversion(ctx.api.storeHash, fastOrderId))?.step
  // The checkout itself may say it became an order (our answer was lost, or a storefront did it).
  const existing = orderIdOf(checkout)
  if (existing !== undefined) {
    await recordCreated(ctx, started, fastOrderId, existing)
    await adopt(ctx, state, existing, false)
    return CONVERTED
  }
  assertConvertible(checkout)
  if (started === undefined && !await ctx.storage.advanceConversion(ctx.api.storeHash, fastOrderId, undefined, { step: 'started' })) {
    throw new FastError(409, 'CONVERSION_IN_PROGRESS', 'This cart is being converted by another request', { retryAfter: 1 })
  }
  const orderId = await createOrderFromCheckout(ctx.api, cartId)
  failpoint('after-order-created')
  await recordCreated(ctx, 'started', fastOrderId, orderId)
  await adopt(ctx, state, orderId, false)
  return CONVERTED
}

/**
 * Finishes a conversion begun earlier, without ever posting an order: true when the order exists
 * (it is then ours and stamped). An order id in our recovery points is adopted; after an attempt
 * whose outcome is unknown (crash, timeout, dropped connection), BigCommerce is asked for the
 * cart's orders. Status updates call this too, so a BOOKED that overtakes a lost conversion
 * answer still lands.
 */
export async function recoverConversion (ctx: OperationContext, state: UpdateState): Promise<boolean> {
  if (state.record.bcOrderId !== null) return true
  const conversion = await ctx.storage.getConversion(ctx.api.storeHash, state.record.fastOrderId)
  if (conversion?.bcOrderId !== null && conversion?.bcOrderId !== undefined) {
    await adopt(ctx, state, conversion.bcOrderId, conversion.step === 'stamped')
    return true
  }
  if (conversion?.step !== 'started') return false
  const found = await keepOneOrder(ctx, state.record.cartId)
  if (found === undefined) return false
  await recordCreated(ctx, 'started', state.record.fastOrderId, found)
  await adopt(ctx, state, found, false)
  return true
}

function orderIdOf (checkout: Checkout): number | undefined {
  const id = Number(checkout.order_id ?? Number.NaN)
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/** Moves the recovery point to `created` with the order id (from `expected`), as one compare-and-set. */
async function recordCreated (ctx: OperationContext, expected: 'started' | 'created' | 'stamped' | undefined, fastOrderId: string, orderId: number): Promise<void> {
  if (expected === 'created' || expected === 'stamped') return
  if (expected === undefined) await ctx.storage.advanceConversion(ctx.api.storeHash, fastOrderId, undefined, { step: 'started' })
  await ctx.storage.advanceConversion(ctx.api.storeHash, fastOrderId, 'started', { step: 'created', bcOrderId: orderId })
}

/** Makes the order ours: remembered on the Fast order, then stamped with Fast's id in BigCommerce. */
async function adopt (ctx: OperationContext, state: UpdateState, orderId: number, stamped: boolean): Promise<void> {
  state.record = { ...state.record, bcOrderId: orderId }
  await ctx.storage.saveOrder(state.record)
  if (!stamped) {
    await updateBcOrder(ctx.api, orderId, { external_order_id: state.record.fastOrderId, external_source: EXTERNAL_SOURCE })
    await ctx.storage.advanceConversion(ctx.api.storeHash, state.record.fastOrderId, 'created', { step: 'stamped', bcOrderId: orderId })
  }
}

/**
 * The orders BigCommerce has for this cart. Should there be more than one (a duplicate despite
 * everything), the first is kept, the others are cancelled, and an alert is logged.
 */
async function keepOneOrder (ctx: OperationContext, cartId: string): Promise<number | undefined> {
  const orders = await listOrdersByCart(ctx.api, cartId)
  const [kept, ...duplicates] = orders.filter(order => order.is_deleted !== true).sort((a, b) => a.id - b.id)
  for (const duplicate of duplicates) {
    ctx.log.error({ alert: 'duplicate-order', store: ctx.api.storeHash, cart_id: cartId, kept: kept.id, cancelled: duplicate.id }, 'duplicate BigCommerce order for one cart: cancelling it')
    await updateBcOrder(ctx.api, duplicate.id, { status_id: 5, staff_notes: `Duplicate of order ${kept.id} (same Fast cart); cancelled by fast-bigcommerce` })
  }
  return kept?.id
}

/** What BigCommerce needs before a checkout can become an order, checked first for precise errors. */
function assertConvertible (checkout: Checkout): void {
  const billing = checkout.billing_address
  if (billing?.email === undefined || billing.email === '') {
    throw unprocessable('CHECKOUT_INCOMPLETE', 'The order needs a billing address with an email before it can be placed', { missing: 'bill_to.email' })
  }
  const physical = checkout.cart.line_items.physical_items
  if (physical.length + checkout.cart.line_items.digital_items.length === 0) {
    throw unprocessable('CHECKOUT_INCOMPLETE', 'The cart is empty', { missing: 'lines' })
  }
  if (physical.length === 0) return
  const consignments = checkout.consignments ?? []
  if (consignments.length === 0) {
    throw unprocessable('CHECKOUT_INCOMPLETE', 'The order needs a shipping address before it can be placed', { missing: 'shipments' })
  }
  const unshipped = physical.filter(item => !consignments.some(c => c.line_item_ids?.includes(item.id)))
  if (unshipped.length > 0) {
    throw unprocessable('CHECKOUT_INCOMPLETE', `Some lines have no shipping address: ${unshipped.map(item => item.name ?? item.id).join(', ')}`, { missing: 'shipments.line_refs' })
  }
  const unchosen = consignments.filter(c => (c.selected_shipping_option === undefined || c.selected_shipping_option === null) && (c.selected_pickup_option === undefined || c.selected_pickup_option === null))
  if (unchosen.length > 0) {
    throw unprocessable('CHECKOUT_INCOMPLETE', 'Every shipment needs a chosen shipping option before the order can be placed', { missing: 'shipping_option', plan_id: unchosen[0].id })
  }
}
