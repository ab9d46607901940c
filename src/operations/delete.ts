/**
 * Fast "delete": the shopper gave up, or Fast abandoned the cart. A cart is deleted in BigCommerce;
 * a converted order is cancelled (status Cancelled, kept for the merchant's records) rather than
 * archived. Something already gone counts as deleted: Fast may ask again after a conversion.
 */
import { BigCommerceError } from '../bigcommerce/client.js'
import { deleteCart } from '../bigcommerce/carts.js'
import { updateBcOrder } from '../bigcommerce/orders.js'
import { badRequest } from '../fast/errors.js'
import type { DeleteOrderSegment } from '../fast/schemas/index.js'
import type { OperationContext } from './context.js'
import { OrderStatus } from './fast-order.js'
import { withOrderLease } from './order-lease.js'
import { findOrderRecord, isOrderNumber } from './order-record.js'

export async function deleteFastOrder (ctx: OperationContext, segment: DeleteOrderSegment | undefined): Promise<Record<string, never>> {
  const storeHash = ctx.api.storeHash
  const fastOrderId = segment?.order_id?.value ?? ''
  const externalId = segment?.external_order_id ?? segment?.external_id ?? ''
  if (fastOrderId === '' && externalId === '') throw badRequest('ORDER_ID_MISSING', 'Delete needs order.order_id or order.external_order_id')
  const record = await findOrderRecord(ctx, fastOrderId, externalId)
  if (record === undefined) {
    // A storefront cart Fast took over ("to avoid duplicate orders"), or one already forgotten.
    if (externalId !== '' && !isOrderNumber(externalId)) await ignoringGone(async () => { await deleteCart(ctx.api, externalId) })
    return {}
  }
  await withOrderLease(ctx, record.fastOrderId, async () => {
    const fresh = await ctx.storage.findOrderByFastId(storeHash, record.fastOrderId) ?? record
    if (fresh.bcOrderId === null) {
      await ignoringGone(async () => { await deleteCart(ctx.api, fresh.cartId) })
      return
    }
    const conversion = await ctx.storage.getConversion(storeHash, fresh.fastOrderId)
    if (conversion?.fastStatus === OrderStatus.ORDER_STATUS_CANCELED) return
    await ignoringGone(async () => { await updateBcOrder(ctx.api, fresh.bcOrderId as number, { status_id: ctx.settings.orderStatusIds.CANCELED }) })
    await ctx.storage.setFastStatus(storeHash, fresh.fastOrderId, OrderStatus.ORDER_STATUS_CANCELED)
  })
  return {}
}

async function ignoringGone (work: () => Promise<void>): Promise<void> {
  try {
    await work()
  } catch (err) {
    if (!(err instanceof BigCommerceError && err.status === 404)) throw err
  }
}
