/** Orders (orders.v2.oas2.yml): the order a converted cart became, its status and coupons. */
import type { StoreApi } from './store-api.js'
import type { ListedOrder, Order, OrderChanges, OrderCoupon, UpdatedOrder } from './types.js'

export type { OrderChanges } from './types.js'

/** The order with its consignments and their products (per-line tax) in one call. */
export async function getBcOrder (api: StoreApi, orderId: number): Promise<Order> {
  const { body } = await api.call<Order>('GET', '/v2/orders/{orderId}', {
    params: { orderId },
    query: { include: 'consignments.line_items', consignment_structure: 'object' }
  })
  return body
}

/**
 * Orders made from one cart, lowest id first; more than one means a duplicate conversion to clean
 * up. Checkout orders start Incomplete (status 0), and getOrders does not document whether a
 * listing without `status_id` includes those; `status_id` takes one value, not a list: so two
 * listings, made at once and merged.
 */
export async function listOrdersByCart (api: StoreApi, cartId: string): Promise<ListedOrder[]> {
  const [listed, incomplete] = await Promise.all([
    listOrders(api, { cart_id: cartId, sort: 'id:asc' }),
    listOrders(api, { cart_id: cartId, status_id: 0, sort: 'id:asc' })
  ])
  const byId = new Map([...listed, ...incomplete].map(order => [order.id, order]))
  return [...byId.values()].sort((a, b) => a.id - b.id)
}

async function listOrders (api: StoreApi, query: Record<string, string | number>): Promise<ListedOrder[]> {
  // v2 answers 204 with no body when nothing matches.
  const { body } = await api.call<ListedOrder[] | undefined>('GET', '/v2/orders', { query })
  return body ?? []
}

export async function updateBcOrder (api: StoreApi, orderId: number, changes: OrderChanges): Promise<UpdatedOrder> {
  const { body } = await api.call<UpdatedOrder>('PUT', '/v2/orders/{orderId}', { params: { orderId }, body: changes })
  return body
}

export async function listOrderCoupons (api: StoreApi, orderId: number): Promise<OrderCoupon[]> {
  const { body } = await api.call<OrderCoupon[] | undefined>('GET', '/v2/orders/{orderId}/coupons', { params: { orderId } })
  return body ?? []
}
