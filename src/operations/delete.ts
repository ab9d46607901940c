/**
 * Fast "delete": the shopper gave up, or Fast abandoned the cart. The BigCommerce cart is deleted;
 * one that is already gone counts as deleted, because Fast may ask again after a conversion.
 */
import { BigCommerceError } from '../bigcommerce/client.js'
import { deleteCart } from '../bigcommerce/carts.js'
import { badRequest, FastError } from '../fast/errors.js'
import type { OperationContext } from './context.js'

export interface DeleteOrderSegment {
  order_id?: { value?: string }
  external_order_id?: string
  external_id?: string
}

export async function deleteOrder (ctx: OperationContext, segment: DeleteOrderSegment | undefined): Promise<Record<string, never>> {
  const fastOrderId = segment?.order_id?.value
  const record = fastOrderId === undefined || fastOrderId === '' ? undefined : await ctx.storage.findOrderByFastId(ctx.api.storeHash, fastOrderId)
  if (record?.bcOrderId !== null && record?.bcOrderId !== undefined) {
    throw new FastError(501, 'SEGMENT_NOT_SUPPORTED', 'Deleting a converted order is not supported yet', { metadata: { external_order_id: String(record.bcOrderId) } })
  }
  const cartId = record?.cartId ?? segment?.external_order_id ?? segment?.external_id
  if (cartId === undefined || cartId === '') {
    if ((fastOrderId ?? '') !== '') return {}
    throw badRequest('ORDER_ID_MISSING', 'Delete needs order.order_id or order.external_order_id')
  }
  try {
    await deleteCart(ctx.api, cartId)
  } catch (err) {
    if (!(err instanceof BigCommerceError && err.status === 404)) throw err
  }
  return {}
}
