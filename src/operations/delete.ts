/**
 * Fast "delete": the shopper gave up, or Fast abandoned the cart, or (fast-api.md §2.6) the clean-up
 * Fast sends after every successful conversion. A cart is deleted in BigCommerce. A converted
 * order is left exactly as it is: cancelling is Fast's `status: ORDER_STATUS_CANCELED`, never a
 * delete. So is a cart whose conversion began with an outcome we do not know yet: it may have
 * become an order, and a cart left behind costs nothing (BigCommerce expires it), while deleting
 * one that became an order does. Something already gone counts as deleted.
 */
import { BigCommerceError } from '../bigcommerce/client.js'
import { deleteCart } from '../bigcommerce/carts.js'
import { badRequest } from '../fast/errors.js'
import type { DeleteOrderSegment } from '../fast/schemas/index.js'
import type { OperationContext } from './context.js'
import { bigCommerceRefOf } from './input.js'
import { withOrderLease } from './order-lease.js'
import { findOrderRecord } from './order-record.js'

export async function deleteFastOrder (ctx: OperationContext, segment: DeleteOrderSegment | undefined): Promise<Record<string, never>> {
  const storeHash = ctx.api.storeHash
  const fastOrderId = segment?.order_id?.value ?? ''
  const externalId = segment?.external_order_id ?? segment?.external_id ?? ''
  if (fastOrderId === '' && externalId === '') throw badRequest('ORDER_ID_MISSING', 'Delete needs order.order_id or order.external_order_id')
  const record = await findOrderRecord(ctx, fastOrderId, externalId)
  if (record === undefined) {
    // A storefront cart Fast took over ("to avoid duplicate orders"), or one already forgotten.
    if (externalId === '') return {}
    const ref = bigCommerceRefOf(externalId, segment?.external_order_id !== undefined ? 'order.external_order_id' : 'order.external_id')
    // An order number: an order is never deleted (cancelling is Fast's status update).
    if ('cartId' in ref) await ignoringGone(async () => { await deleteCart(ctx.api, ref.cartId) })
    return {}
  }
  // Under the order's lease: a delete racing a conversion waits for it, then sees its order.
  await withOrderLease(ctx, record.fastOrderId, async () => {
    const fresh = await ctx.storage.findOrderByFastId(storeHash, record.fastOrderId) ?? record
    const conversion = await ctx.storage.getConversion(storeHash, fresh.fastOrderId)
    if (fresh.bcOrderId !== null || conversion !== undefined) {
      ctx.log.info({ store: storeHash, fast_order_id: fresh.fastOrderId, order_id: fresh.bcOrderId ?? conversion?.bcOrderId ?? null, step: conversion?.step ?? null }, 'delete of a converted (or converting) order: left as it is')
      return
    }
    await ignoringGone(async () => { await deleteCart(ctx.api, fresh.cartId) })
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
