/**
 * Mutations of one Fast order run one at a time, in this process and across processes sharing
 * the database: a lease row per order, taken before any BigCommerce call and given back after.
 * A waiter polls briefly; past that it answers 409 with Retry-After, which Fast retries.
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { FastError } from '../fast/errors.js'
import type { OperationContext } from './context.js'

const WAIT_MS = 5_000
const POLL_MS = 25

export async function withOrderLease<T> (ctx: OperationContext, fastOrderId: string, work: () => Promise<T>): Promise<T> {
  const name = `order:${fastOrderId}`
  const owner = randomUUID()
  const deadline = Date.now() + WAIT_MS
  while (!await ctx.storage.acquireLease(ctx.api.storeHash, name, owner, ctx.settings.orderLeaseMs)) {
    if (Date.now() >= deadline) throw new FastError(409, 'ORDER_BUSY', 'Another change of this order is in progress; retry shortly', { retryAfter: 1 })
    await sleep(POLL_MS)
  }
  try {
    return await work()
  } finally {
    await ctx.storage.releaseLease(ctx.api.storeHash, name, owner)
  }
}
