/**
 * Which of our orders a Fast request names: by Fast's own order id, or by the id we gave Fast as
 * `external_id` — the cart id (a UUID) before conversion, the BigCommerce order number after.
 */
import type { OrderRecord } from '../storage/storage.js'
import type { OperationContext } from './context.js'
import { bigCommerceRefIn } from './input.js'

export async function findOrderRecord (ctx: OperationContext, fastOrderId: string, externalId: string): Promise<OrderRecord | undefined> {
  const storeHash = ctx.api.storeHash
  const byFastId = fastOrderId === '' ? undefined : await ctx.storage.findOrderByFastId(storeHash, fastOrderId)
  if (byFastId !== undefined || externalId === '') return byFastId
  const ref = bigCommerceRefIn(externalId)
  if (ref === undefined) return undefined
  return 'orderId' in ref
    ? await ctx.storage.findOrderByBcOrderId(storeHash, ref.orderId)
    : await ctx.storage.findOrderByCartId(storeHash, ref.cartId)
}
