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
