/**
 * Which BigCommerce order status (v2 `status_id`) each Fast status becomes. The defaults are
 * 12 Manual Verification Required, 11 Awaiting Fulfillment and 5 Cancelled (orders.v2.oas2.yml
 * order statuses); a store may map them to its own.
 */
export interface OrderStatusIds {
  BOOKED: number
  PENDING_FULFILLMENT: number
  CANCELED: number
}

export const DEFAULT_ORDER_STATUS_IDS: OrderStatusIds = { BOOKED: 12, PENDING_FULFILLMENT: 11, CANCELED: 5 }

/** BigCommerce's order statuses by v2 `status_id` (orders.v2.oas2.yml order statuses); the ids are fixed, merchants may relabel them. */
export const ORDER_STATUS_NAMES: Readonly<Record<number, string>> = {
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
