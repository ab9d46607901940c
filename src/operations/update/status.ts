/**
 * Update segment `status`: Fast reports payment and fraud outcomes on a converted order. BOOKED,
 * PENDING_FULFILLMENT and CANCELED become BigCommerce status ids (12, 11 and 5 by default, per store
 * configurable). Statuses only move forward: a late BOOKED after PENDING_FULFILLMENT changes
 * nothing, CANCELED is final, and a repeated status is a no-op.
 */
import { updateBcOrder } from '../../bigcommerce/orders.js'
import type { OrderStatusIds } from '../../bigcommerce/order-statuses.js'
import { FastError, unprocessable } from '../../fast/errors.js'
import { enumName, type EnumNumber } from '../../fast/schemas/index.js'
import type { OperationContext } from '../context.js'
import { OrderStatus, UpdateOrderSegmentType } from '../fast-order.js'
import { recoverConversion } from './convert.js'
import type { SegmentStatus, UpdateState } from './state.js'

export type FastOrderStatus = EnumNumber<typeof OrderStatus>

/** How far along an order is; a status may only replace one of lower rank. */
const RANK = new Map<number, number>([
  [OrderStatus.ORDER_STATUS_PENDING, 0],
  [OrderStatus.ORDER_STATUS_BOOKED, 1],
  [OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT, 2],
  [OrderStatus.ORDER_STATUS_CANCELED, 3]
])

function bigCommerceStatusId (status: number, ids: OrderStatusIds): number | undefined {
  switch (status) {
    case OrderStatus.ORDER_STATUS_BOOKED: return ids.BOOKED
    case OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT: return ids.PENDING_FULFILLMENT
    case OrderStatus.ORDER_STATUS_CANCELED: return ids.CANCELED
    default: return undefined
  }
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
  const current = (await ctx.storage.getConversion(ctx.api.storeHash, state.record.fastOrderId))?.fastStatus ?? OrderStatus.ORDER_STATUS_PENDING
  const entry = { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_ORDER_STATUS, status: true }
  if ((RANK.get(status) ?? 0) <= (RANK.get(current) ?? 0)) {
    return { ...entry, message: `order status unchanged: already ${enumName(OrderStatus, current) ?? current}` }
  }
  await updateBcOrder(ctx.api, orderId, { status_id: statusId })
  await ctx.storage.setFastStatus(ctx.api.storeHash, state.record.fastOrderId, status)
  return { ...entry, message: `order status updated to ${name}` }
}
