/**
 * Update segment `status`: Fast reports payment and fraud outcomes on a converted order. BOOKED,
 * PENDING_FULFILLMENT and CANCELED become BigCommerce status ids (12, 11 and 5 by default, per store
 * configurable). Statuses only move forward from where the order is *in BigCommerce now*, since the
 * merchant may have moved it since Fast last did: a late BOOKED after PENDING_FULFILLMENT changes
 * nothing, a repeated status is a no-op, and an order in a final state (the merchant shipped,
 * completed, refunded or cancelled it, or payment was declined) is never moved by Fast.
 *
 * Deciding needs the order's current `status_id`, so the order is read first: v2 `updateOrder` has
 * no condition to send (no If-Match, no expected status), so a PUT alone could move an order the
 * merchant cancelled a moment ago. That read is also the answer, with the PUT's new status (v2
 * `updateOrder` answers the order, order_Resp, but without the consignments' products, which the
 * answer's lines need). So a changing status is two calls, the read and the PUT, one when nothing
 * changes, and one more (made at the same time as the PUT) for an order with coupons.
 */
import { getBcOrder, updateBcOrder } from '../../bigcommerce/orders.js'
import { couponsOf } from '../current-order.js'
import type { OrderStatusIds } from '../../bigcommerce/order-statuses.js'
import type { Order } from '../../bigcommerce/types.js'
import { FastError, unprocessable } from '../../fast/errors.js'
import { enumName, type EnumNumber } from '../../fast/schemas/index.js'
import type { OperationContext } from '../context.js'
import { OrderStatus, UpdateOrderSegmentType } from '../fast-order.js'
import { fastStatusOfBcStatus } from '../map-order-status.js'
import { allSettled } from './all-settled.js'
import { recoverConversion } from './convert.js'
import type { SegmentStatus, UpdateState } from './state.js'

export type FastOrderStatus = EnumNumber<typeof OrderStatus>

/** How far along an order is; a status may only replace one of lower rank. */
const RANK = new Map<number, number>([
  [OrderStatus.ORDER_STATUS_PENDING, 0],
  // Held for verification (12 Manual Verification Required, 13 Disputed) is where BOOKED puts it.
  [OrderStatus.ORDER_STATUS_HOLD, 1],
  [OrderStatus.ORDER_STATUS_BOOKED, 1],
  [OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT, 2],
  [OrderStatus.ORDER_STATUS_FULFILLED, 3],
  [OrderStatus.ORDER_STATUS_COMPLETE, 3],
  [OrderStatus.ORDER_STATUS_CANCELED, 4]
])

/**
 * BigCommerce statuses the sale is over in (orders.v2.oas2.yml order statuses): 2 Shipped,
 * 4 Refunded, 5 Cancelled, 6 Declined, 10 Completed; and the store's own CANCELED id.
 */
const FINAL_STATUS_IDS = new Set([2, 4, 5, 6, 10])

function isFinal (statusId: number | undefined, ids: OrderStatusIds): boolean {
  return statusId !== undefined && (FINAL_STATUS_IDS.has(statusId) || statusId === ids.CANCELED)
}

function bigCommerceStatusId (status: number, ids: OrderStatusIds): number | undefined {
  switch (status) {
    case OrderStatus.ORDER_STATUS_BOOKED: return ids.BOOKED
    case OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT: return ids.PENDING_FULFILLMENT
    case OrderStatus.ORDER_STATUS_CANCELED: return ids.CANCELED
    default: return undefined
  }
}

/** The order's BigCommerce status as a merchant reads it: "Cancelled (status_id 5)". */
function bigCommerceStatusName (order: Order): string {
  return `${order.status ?? 'status'} (status_id ${String(order.status_id)})`
}

export async function updateStatus (ctx: OperationContext, state: UpdateState, status: FastOrderStatus, ids: OrderStatusIds): Promise<SegmentStatus> {
  const name = enumName(OrderStatus, status) ?? String(status)
  const statusId = bigCommerceStatusId(status, ids)
  if (statusId === undefined) throw unprocessable('UNSUPPORTED_STATUS', `Orders can be set to ORDER_STATUS_BOOKED, ORDER_STATUS_PENDING_FULFILLMENT or ORDER_STATUS_CANCELED, not ${name}`, { status: name })
  // Not converted yet, as far as we know: finish a conversion begun earlier if there is one. Else a
  // 409, not stored under the request_id: retried once the conversion has happened, it lands.
  if (!await recoverConversion(ctx, state)) {
    throw new FastError(409, 'ORDER_NOT_CONVERTED', `The cart has not been converted to an order yet, so it cannot be ${name}`, { metadata: { status: name }, retryAfter: 1 })
  }
  const orderId = state.record.bcOrderId as number
  // recoverConversion read the order (with the stamp, when one was outstanding).
  const order = state.order ?? await getBcOrder(ctx.api, orderId)
  state.order = order
  const entry = { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_ORDER_STATUS, status: true }
  if (isFinal(order.status_id, ids)) {
    return { ...entry, message: `order status unchanged: BigCommerce has it as ${bigCommerceStatusName(order)}, a final status` }
  }
  const current = fastStatusOfBcStatus(order.status_id, ids)
  if ((RANK.get(status) ?? 0) <= (RANK.get(current) ?? 0)) {
    return { ...entry, message: `order status unchanged: already ${enumName(OrderStatus, current) ?? current} (BigCommerce: ${bigCommerceStatusName(order)})` }
  }
  // The answer's coupons (no include of the order) are read while the PUT is out: two round trips.
  const [updated, coupons] = await allSettled(updateBcOrder(ctx.api, orderId, { status_id: statusId }), couponsOf(ctx, order))
  state.order = { ...order, status_id: updated.status_id ?? statusId, ...(updated.status === undefined ? {} : { status: updated.status }) }
  state.orderCoupons = coupons
  // What Fast last asked for, kept for the record; reads take the status from BigCommerce.
  await ctx.storage.setFastStatus(ctx.api.storeHash, state.record.fastOrderId, status)
  return { ...entry, message: `order status updated to ${name}` }
}
