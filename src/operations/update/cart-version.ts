/**
 * Sends a cart change with the cart version we last saw. A 409 means someone else (the shopper's
 * storefront, another app) changed the cart since: we read the checkout once, take its version,
 * and apply the same change again. A second 409 goes back to Fast as a conflict to retry.
 */
import { isVersionConflict } from '../../bigcommerce/versioned.js'
import type { OperationContext } from '../context.js'
import { readCheckout } from './checkout-answers.js'
import type { UpdateState } from './state.js'

export async function withCartVersion<T extends { version?: number } | undefined> (ctx: OperationContext, state: UpdateState, change: (version: number | undefined) => Promise<T>): Promise<T> {
  let answer: T
  try {
    answer = await change(state.version)
  } catch (err) {
    if (state.version === undefined || !isVersionConflict(err)) throw err
    const fresh = await readCheckout(ctx, state)
    // checkouts.v3.yml declares `version` on the checkout; the checkout's cart has no `version`.
    state.version = fresh.version
    answer = await change(state.version)
  }
  if (answer?.version !== undefined) state.version = answer.version
  return answer
}
