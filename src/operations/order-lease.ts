/**
 * Mutations of one Fast order run one at a time, in this process and across processes sharing
 * the database: a lease row per order, taken before any BigCommerce call and given back after.
 * A waiter polls briefly; past that it answers 409 with Retry-After, which Fast retries. The holder
 * renews the lease while its work runs.
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { FastError } from '../fast/errors.js'
import type { OperationContext } from './context.js'

const WAIT_MS = 5_000
const POLL_MS = 25
/** Renewed three times per lease, so one slow or failed renewal still leaves the lease held. */
const RENEWALS_PER_LEASE = 3

/** The lease of one Fast order; a route names it from the body so the claim can take it (`leaseWithClaim`). */
export function orderLeaseName (fastOrderId: string): string {
  return `order:${fastOrderId}`
}

export async function withOrderLease<T> (ctx: OperationContext, fastOrderId: string, work: () => Promise<T>): Promise<T> {
  const name = orderLeaseName(fastOrderId)
  // Taken with the request's claim, in one commit: held already, and freed with the answer.
  const held = ctx.heldLease?.name === name ? ctx.heldLease : undefined
  const owner = held?.owner ?? randomUUID()
  const deadline = Date.now() + WAIT_MS
  while (held === undefined && !await ctx.storage.acquireLease(ctx.api.storeHash, name, owner, ctx.settings.orderLeaseMs)) {
    if (Date.now() >= deadline) throw new FastError(409, 'ORDER_BUSY', 'Another change of this order is in progress; retry shortly', { retryAfter: 1 })
    await sleep(POLL_MS)
  }
  // Work may outlast the lease (a conversion's checkout reads and order POST can): renewed by owner
  // while it runs, so no second mutation of this order starts meanwhile.
  const renewal = setInterval(() => {
    ctx.storage.acquireLease(ctx.api.storeHash, name, owner, ctx.settings.orderLeaseMs).then(held => {
      if (!held) ctx.log.warn({ store: ctx.api.storeHash, lease: name }, 'the order lease ran out and another request took it')
    }, (err: unknown) => {
      ctx.log.warn({ err, store: ctx.api.storeHash, lease: name }, 'renewing the order lease failed; trying again at the next beat')
    })
  }, Math.max(1, Math.floor(ctx.settings.orderLeaseMs / RENEWALS_PER_LEASE)))
  renewal.unref()
  try {
    return await work()
  } finally {
    clearInterval(renewal)
    if (held === undefined) await ctx.storage.releaseLease(ctx.api.storeHash, name, owner)
  }
}
