/**
 * Update segment `convert_cart_to_order`: the checkout timer ran out and the cart becomes a
 * BigCommerce order, exactly once. BigCommerce makes a new order on every POST .../orders, so the
 * conversion moves through recovery points in our database (started -> created -> stamped) and,
 * after any unknown outcome, looks BigCommerce up instead of posting again. Once the order exists,
 * Fast never gets a final error for it: a stamp BigCommerce did not take is made again by the next
 * convert, status update or read of the order.
 */
import { BigCommerceError, isRefusal, isUnknownOutcome } from '../../bigcommerce/client.js'
import { createOrderFromCheckout } from '../../bigcommerce/checkouts.js'
import { getBcOrder, listOrdersByCart, updateBcOrder, type OrderChanges } from '../../bigcommerce/orders.js'
import type { Checkout } from '../../bigcommerce/types.js'
import { failpoint } from '../../failpoints.js'
import { FastError, unprocessable } from '../../fast/errors.js'
import type { ConversionStep, OrderRecord } from '../../storage/storage.js'
import type { OperationContext } from '../context.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import { allSettled } from './all-settled.js'
import { wholeCheckout } from './checkout-answers.js'
import type { SegmentStatus, UpdateState } from './state.js'

/** What the App Marketplace asks apps that create orders to put in `external_source`. */
export const EXTERNAL_SOURCE = 'fast-bigcommerce'
/** The payment method merchants see on the order (order_Put `payment_method`, a free display name). */
export const PAYMENT_METHOD = 'Fast'

const CONVERTED: SegmentStatus = { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_CONVERT_CART_TO_ORDER, status: true, message: 'cart converted to order' }

export async function convertCart (ctx: OperationContext, state: UpdateState): Promise<SegmentStatus> {
  if (await recoverConversion(ctx, state)) return CONVERTED
  const { fastOrderId, cartId } = state.record
  const started = (await ctx.storage.getConversion(ctx.api.storeHash, fastOrderId))?.step
  // The checkout says whether it is an order already (a storefront or another app converted it, or
  // our answer was lost): BigCommerce makes a new order on every POST (createOrder: "You can create
  // as many orders from the same cart as you want"), so it is read before posting, unless this
  // update already holds it whole (UPDATE_AND_CONVERT). It also gives the precise CHECKOUT_INCOMPLETE.
  const checkout = await wholeCheckout(ctx, state)
  if (await adoptCheckoutOrder(ctx, state, started, checkout)) return CONVERTED
  assertConvertible(checkout)
  if (started === undefined && !await ctx.storage.advanceConversion(ctx.api.storeHash, fastOrderId, undefined, { step: 'started' })) {
    throw new FastError(409, 'CONVERSION_IN_PROGRESS', 'This cart is being converted by another request', { retryAfter: 1 })
  }
  const posted = await postOrder(ctx, cartId).catch(async (err: unknown) => {
    // Refused (a 4xx) with no earlier unknown outcome: no order exists, so the cart is a cart again
    // and later calls do not look up orders that cannot exist. The checkout was read in this request
    // already: the refusal stands as BigCommerce gave it.
    if (started === undefined && isRefusal(err)) await ctx.storage.resetConversion(ctx.api.storeHash, fastOrderId, 'started')
    throw err
  })
  failpoint('after-order-created')
  // `started` on entry: an earlier POST's outcome is unknown, and its order may have appeared since
  // the look-up that preceded this POST. Look again and keep one; our order exists either way, so
  // a failed look-up keeps it rather than failing the conversion.
  const orderId = started === 'started' && !posted.lookedUp
    ? await keepOneOrder(ctx, cartId, posted.orderId).catch(orAlert(ctx, cartId, posted.orderId))
    : posted.orderId
  const recorded = await recordCreated(ctx, 'started', state.record, orderId)
  await adopt(ctx, state, recorded.orderId, recorded.stamped)
  return CONVERTED
}

/** A checkout that says it became an order: that order is recorded and adopted (true). */
async function adoptCheckoutOrder (ctx: OperationContext, state: UpdateState, started: ConversionStep | undefined, checkout: Checkout): Promise<boolean> {
  const existing = orderIdOf(checkout)
  if (existing === undefined) return false
  const recorded = await recordCreated(ctx, started, state.record, existing)
  await adopt(ctx, state, recorded.orderId, recorded.stamped)
  return true
}

/**
 * For an update that would change the cart: whether the cart is an order already (recorded, or
 * found by looking BigCommerce up after a conversion whose outcome is unknown). `unknown`: a
 * conversion's outcome is unknown and BigCommerce shows no order yet.
 */
export async function cartBecameOrder (ctx: OperationContext, state: UpdateState): Promise<boolean | 'unknown'> {
  const conversion = await ctx.storage.getConversion(ctx.api.storeHash, state.record.fastOrderId)
  if (state.record.bcOrderId !== null || (conversion !== undefined && conversion.step !== 'started')) return true
  if (conversion === undefined) return false
  // No order read: the change is refused, or a conversion in this update reads the order then.
  return await recoverConversion(ctx, state, false) ? true : 'unknown'
}

/**
 * Finishes a conversion begun earlier, without ever posting an order: true when the order exists
 * (it is then ours, and stamped unless BigCommerce refuses the stamp again). An order id in our
 * recovery points is adopted; after an attempt whose outcome is unknown (crash, timeout, dropped
 * connection), BigCommerce is asked for the cart's orders. Status updates call this too, so a
 * BOOKED that overtakes a lost conversion answer still lands. `read`: the order is read for the
 * answer (state.order) too, while the stamp is made.
 */
export async function recoverConversion (ctx: OperationContext, state: UpdateState, read = true): Promise<boolean> {
  const conversion = await ctx.storage.getConversion(ctx.api.storeHash, state.record.fastOrderId)
  const orderId = conversion?.bcOrderId ?? state.record.bcOrderId
  if (orderId !== null) {
    // An order with no recovery points at all has nothing left to re-drive.
    await adopt(ctx, state, orderId, conversion === undefined || conversion.step === 'stamped', read)
    return true
  }
  if (conversion?.step !== 'started') return false
  const found = await keepOneOrder(ctx, state.record.cartId)
  if (found === undefined) return false
  const recorded = await recordCreated(ctx, 'started', state.record, found)
  await adopt(ctx, state, recorded.orderId, recorded.stamped, read)
  return true
}

/** For a read of a converted order: makes the stamp BigCommerce has not taken yet (recovery point `created`). */
export async function stampIfOutstanding (ctx: OperationContext, record: OrderRecord): Promise<void> {
  const conversion = await ctx.storage.getConversion(ctx.api.storeHash, record.fastOrderId)
  if (conversion?.step === 'created' && conversion.bcOrderId !== null) await stampOrder(ctx, record.fastOrderId, conversion.bcOrderId)
}

function orderIdOf (checkout: Checkout): number | undefined {
  const id = Number(checkout.order_id ?? Number.NaN)
  return Number.isSafeInteger(id) && id > 0 ? id : undefined
}

/**
 * POSTs the order. When its answer is lost (no response, or BigCommerce failing mid-way, so the
 * order may exist), the cart's orders are looked up before Fast is answered. Found: that order.
 * Not found: the error stands (a 5xx, never stored), the recovery point stays `started`, and
 * Fast's retry looks again before posting.
 */
async function postOrder (ctx: OperationContext, cartId: string): Promise<{ orderId: number, lookedUp: boolean }> {
  try {
    return { orderId: await createOrderFromCheckout(ctx.api, cartId), lookedUp: false }
  } catch (err) {
    // A refusal made no order; any other failure leaves the outcome unknown.
    if (!isUnknownOutcome(err)) throw err
    const found = await keepOneOrder(ctx, cartId).catch((lookup: unknown) => {
      ctx.log.warn({ err: lookup, store: ctx.api.storeHash, cart_id: cartId }, 'looking up the cart\'s orders after a lost order POST failed')
      return undefined
    })
    if (found === undefined) throw err
    ctx.log.warn({ store: ctx.api.storeHash, cart_id: cartId, order_id: found, status: err.status }, 'the order POST\'s answer was lost; BigCommerce had made the order')
    return { orderId: found, lookedUp: true }
  }
}

/**
 * Moves the recovery point to `created` with the order id (from `expected`), as one compare-and-set,
 * and answers the order now recorded. If another request recorded a different order first (this
 * one's order lease ran out while its POST hung), the order recorded first stays: ours is a
 * duplicate, cancelled.
 */
async function recordCreated (ctx: OperationContext, expected: 'started' | 'created' | 'stamped' | undefined, record: OrderRecord, orderId: number): Promise<{ orderId: number, stamped: boolean }> {
  const { fastOrderId, cartId } = record
  if (expected === undefined) await ctx.storage.advanceConversion(ctx.api.storeHash, fastOrderId, undefined, { step: 'started' })
  if (expected !== 'created' && expected !== 'stamped' &&
    await ctx.storage.advanceConversion(ctx.api.storeHash, fastOrderId, 'started', { step: 'created', bcOrderId: orderId })) {
    return { orderId, stamped: false }
  }
  const conversion = await ctx.storage.getConversion(ctx.api.storeHash, fastOrderId)
  const recorded = conversion?.bcOrderId ?? null
  if (recorded === null || recorded === orderId) return { orderId, stamped: conversion?.step === 'stamped' }
  await cancelDuplicate(ctx, cartId, recorded, orderId)
  return { orderId: recorded, stamped: conversion?.step === 'stamped' }
}

/**
 * Makes the order ours: remembered on the Fast order, then stamped with Fast's id in BigCommerce,
 * while the order is read for the answer when `read` (the stamp changes nothing the answer shows,
 * so the two calls go out together; read once per update). A different order already stored on
 * the Fast order is never replaced (it is the one Fast may have been given); it is answered instead.
 */
async function adopt (ctx: OperationContext, state: UpdateState, orderId: number, stamped: boolean, read = true): Promise<void> {
  const stored = (await ctx.storage.findOrderByFastId(ctx.api.storeHash, state.record.fastOrderId))?.bcOrderId ?? null
  if (stored !== null && stored !== orderId) {
    ctx.log.error({ alert: 'duplicate-order', store: ctx.api.storeHash, cart_id: state.record.cartId, kept: stored, other: orderId }, 'the Fast order already has another BigCommerce order; keeping it')
    state.record = { ...state.record, bcOrderId: stored }
    if (read) await readOrder(ctx, state, stored)
    return
  }
  if (stored !== orderId) {
    state.record = { ...state.record, bcOrderId: orderId }
    await ctx.storage.saveOrder(state.record)
  } else if (state.record.bcOrderId !== orderId) {
    state.record = { ...state.record, bcOrderId: orderId }
  }
  await allSettled(read ? readOrder(ctx, state, orderId) : Promise.resolve(), stamped ? Promise.resolve() : stampOrder(ctx, state.record.fastOrderId, orderId))
}

/** The order as the update's answer (state.order), unless this update read it already. */
async function readOrder (ctx: OperationContext, state: UpdateState, orderId: number): Promise<void> {
  if (state.order?.id !== orderId) state.order = await getBcOrder(ctx.api, orderId)
}

function stampOf (fastOrderId: string): OrderChanges {
  return { external_order_id: fastOrderId, external_source: EXTERNAL_SOURCE, payment_method: PAYMENT_METHOD }
}

/**
 * Puts Fast's id, our source and the payment method on the order, then records it. The order exists
 * whatever BigCommerce answers here, so a refusal or failure is logged, not thrown: the recovery
 * point stays `created` and the next convert, status update or read of the order stamps again.
 */
async function stampOrder (ctx: OperationContext, fastOrderId: string, orderId: number): Promise<void> {
  try {
    await updateBcOrder(ctx.api, orderId, stampOf(fastOrderId))
  } catch (err) {
    if (!(err instanceof BigCommerceError)) throw err
    ctx.log.warn({ err, store: ctx.api.storeHash, order_id: orderId, status: err.status }, 'BigCommerce did not take the order\'s stamp; it is made again on the next update or read of the order')
    return
  }
  await ctx.storage.advanceConversion(ctx.api.storeHash, fastOrderId, 'created', { step: 'stamped', bcOrderId: orderId })
}

/**
 * The order to keep among those BigCommerce has for this cart (and `made`, the one just posted,
 * which a listing may not show yet): the lowest id. Any other is a duplicate despite everything:
 * it is cancelled with the store's CANCELED status, and an alert is logged.
 */
async function keepOneOrder (ctx: OperationContext, cartId: string, made: number): Promise<number>
async function keepOneOrder (ctx: OperationContext, cartId: string): Promise<number | undefined>
async function keepOneOrder (ctx: OperationContext, cartId: string, made?: number): Promise<number | undefined> {
  const listed = (await listOrdersByCart(ctx.api, cartId).catch((err: unknown) => {
    ctx.metrics?.duplicateOrderSweep('failed')
    throw err
  })).filter(order => order.is_deleted !== true)
  const ids = [...new Set([...listed.map(order => order.id), ...(made === undefined ? [] : [made])])].sort((a, b) => a - b)
  const [kept, ...duplicates] = ids
  ctx.metrics?.duplicateOrderSweep(ids.length === 0 ? 'none' : duplicates.length === 0 ? 'one' : 'duplicates')
  const cancelled = ctx.settings.orderStatusIds.CANCELED
  for (const duplicate of duplicates) {
    // Cancelled by an earlier look-up already.
    if (listed.find(order => order.id === duplicate)?.status_id === cancelled) continue
    await cancelDuplicate(ctx, cartId, kept, duplicate)
  }
  return kept
}

/** Cancels a second order of one cart with the store's CANCELED status, with an alert for a person. */
async function cancelDuplicate (ctx: OperationContext, cartId: string, kept: number, duplicate: number): Promise<void> {
  ctx.log.error({ alert: 'duplicate-order', store: ctx.api.storeHash, cart_id: cartId, kept, cancelled: duplicate }, 'duplicate BigCommerce order for one cart: cancelling it')
  const cancelled = await updateBcOrder(ctx.api, duplicate, { status_id: ctx.settings.orderStatusIds.CANCELED, staff_notes: `Duplicate of order ${kept} (same Fast cart); cancelled by fast-bigcommerce` })
    .then(() => true, orAlert(ctx, cartId, false))
  if (cancelled) ctx.metrics?.duplicateOrderCancelled()
}

/** For clean-ups after the order exists: a BigCommerce failure is an alert for a person, not an error for Fast. */
function orAlert<T> (ctx: OperationContext, cartId: string, fallback: T): (err: unknown) => T {
  return (err: unknown) => {
    if (!(err instanceof BigCommerceError)) throw err
    ctx.log.error({ alert: 'duplicate-order-check-failed', err, store: ctx.api.storeHash, cart_id: cartId }, 'checking the cart for duplicate orders failed; look at its orders in BigCommerce')
    return fallback
  }
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
