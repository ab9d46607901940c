/**
 * The Fast status of a BigCommerce order, ours or not: its v2 `status_id` read as the closest Fast
 * meaning (the merchant may have moved an order after Fast set its status; reads show where it is). The store's
 * configured ids for BOOKED, PENDING_FULFILLMENT and CANCELED come first, since those are the
 * statuses the bridge itself sets; the rest follow orders.v2.oas2.yml's status list
 * (getOrderStatuses) against fast-api.md §3 v1OrderStatus:
 *
 * | id | BigCommerce                   | Fast                | why                                              |
 * |----|-------------------------------|---------------------|--------------------------------------------------|
 * |  0 | Incomplete                    | PENDING             | converted, payment not completed                 |
 * |  1 | Pending                       | PENDING             | checkout started, not completed                  |
 * |  2 | Shipped                       | FULFILLED           | the seller shipped it                            |
 * |  3 | Partially Shipped             | PENDING_FULFILLMENT | paid, part still to ship                         |
 * |  4 | Refunded                      | CANCELED            | the sale was undone; no Fast REFUNDED status     |
 * |  5 | Cancelled                     | CANCELED            |                                                  |
 * |  6 | Declined                      | CANCELED            | payment declined: Fast cancels on such rejection |
 * |  7 | Awaiting Payment              | PENDING             | "converted to an order, pending payment"         |
 * |  8 | Awaiting Pickup               | PENDING_FULFILLMENT | paid, not yet collected                          |
 * |  9 | Awaiting Shipment             | PENDING_FULFILLMENT | paid, packed, not yet shipped                    |
 * | 10 | Completed                     | COMPLETE            | paid and delivered (downloads available)         |
 * | 11 | Awaiting Fulfillment          | PENDING_FULFILLMENT | paid, to be fulfilled                            |
 * | 12 | Manual Verification Required  | HOLD                | "on hold while some aspect needs confirming"     |
 * | 13 | Disputed                      | HOLD                | payment disputed, nothing proceeds meanwhile     |
 * | 14 | Partially Refunded            | COMPLETE            | the order stands, settled with a partial refund  |
 *
 * An id outside the list is PENDING: BigCommerce has not said the order was paid.
 */
import type { OrderStatusIds } from '../bigcommerce/order-statuses.js'
import type { FastOrder } from './fast-order.js'
import { OrderStatus } from './fast-order.js'

type FastStatus = NonNullable<FastOrder['status']>

const BY_STATUS_ID: ReadonlyMap<number, FastStatus> = new Map<number, FastStatus>([
  [0, OrderStatus.ORDER_STATUS_PENDING],
  [1, OrderStatus.ORDER_STATUS_PENDING],
  [2, OrderStatus.ORDER_STATUS_FULFILLED],
  [3, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT],
  [4, OrderStatus.ORDER_STATUS_CANCELED],
  [5, OrderStatus.ORDER_STATUS_CANCELED],
  [6, OrderStatus.ORDER_STATUS_CANCELED],
  [7, OrderStatus.ORDER_STATUS_PENDING],
  [8, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT],
  [9, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT],
  [10, OrderStatus.ORDER_STATUS_COMPLETE],
  [11, OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT],
  [12, OrderStatus.ORDER_STATUS_HOLD],
  [13, OrderStatus.ORDER_STATUS_HOLD],
  [14, OrderStatus.ORDER_STATUS_COMPLETE]
])

export function fastStatusOfBcStatus (statusId: number | undefined, configured: OrderStatusIds): FastStatus {
  if (statusId === configured.BOOKED) return OrderStatus.ORDER_STATUS_BOOKED
  if (statusId === configured.PENDING_FULFILLMENT) return OrderStatus.ORDER_STATUS_PENDING_FULFILLMENT
  if (statusId === configured.CANCELED) return OrderStatus.ORDER_STATUS_CANCELED
  return (statusId === undefined ? undefined : BY_STATUS_ID.get(statusId)) ?? OrderStatus.ORDER_STATUS_PENDING
}
