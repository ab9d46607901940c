/**
 * The Fast order as BigCommerce has it now, for any answer: a converted order is read from v2
 * orders (one GET, plus its coupons when it has any); a cart from its checkout (one GET, unless
 * the caller already holds a complete one); a known cart BigCommerce deleted reads as empty.
 */
import { BigCommerceError } from '../bigcommerce/client.js'
import { getCheckout } from '../bigcommerce/checkouts.js'
import { getBcOrder, listOrderCoupons } from '../bigcommerce/orders.js'
import type { Checkout, Order, OrderCoupon } from '../bigcommerce/types.js'
import type { LineRecord, OrderRecord } from '../storage/storage.js'
import type { OperationContext } from './context.js'
import type { FastOrder } from './fast-order.js'
import { checkoutToFastOrder, emptyCartOrder } from './map-cart.js'
import { orderToFastOrder } from './map-order.js'

export async function currentOrder (ctx: OperationContext, record: OrderRecord, lines: LineRecord[], checkout?: Checkout, order?: Order, coupons?: OrderCoupon[]): Promise<FastOrder> {
  const identity = { fastOrderId: record.fastOrderId, lines }
  if (record.bcOrderId !== null) return await convertedOrder(ctx, record.bcOrderId, record, order, coupons)
  if (checkout !== undefined) return checkoutToFastOrder(checkout, identity)
  try {
    return checkoutToFastOrder(await getCheckout(ctx.api, record.cartId), identity)
  } catch (err) {
    if (err instanceof BigCommerceError && err.status === 404 && lines.length === 0) return emptyCartOrder(record.cartId, identity, record.currencyCode)
    throw err
  }
}

/**
 * A BigCommerce order, ours (`record`) or not (read by its id alone); `known` when the caller read
 * it already (with getBcOrder's includes) in this request, and `knownCoupons` its coupons if read
 * too. Its status is always BigCommerce's
 * `status_id`, whatever Fast set last: the merchant may have moved it since.
 */
export async function convertedOrder (ctx: OperationContext, orderId: number, record: OrderRecord | undefined, known?: Order, knownCoupons?: OrderCoupon[]): Promise<FastOrder> {
  const order: Order = known ?? await getBcOrder(ctx.api, orderId)
  const coupons = knownCoupons ?? await couponsOf(ctx, order)
  if (record === undefined) return orderToFastOrder(order, coupons, { lines: [] }, ctx.settings.orderStatusIds)
  const lines = await ctx.storage.listLines(ctx.api.storeHash, record.fastOrderId)
  return orderToFastOrder(order, coupons, { fastOrderId: record.fastOrderId, lines }, ctx.settings.orderStatusIds)
}

/** Coupons are no include of the order: one more call, made only when the order has some. */
export async function couponsOf (ctx: OperationContext, order: Order): Promise<OrderCoupon[]> {
  return Number(order.coupon_discount ?? 0) !== 0 ? await listOrderCoupons(ctx.api, order.id) : []
}
