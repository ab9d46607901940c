/**
 * Optimistic concurrency: cart and checkout changes may carry the cart `version` they expect;
 * BigCommerce refuses a stale one with 409 instead of overwriting someone else's change.
 */
import { BigCommerceError } from './client.js'

export function versioned (version: number | undefined): { version?: number } {
  return version === undefined ? {} : { version }
}

/**
 * BigCommerce answers 409 both for a stale version and for quantity limits ("You can only purchase
 * a maximum of …"); only the documented `CartConflictErrorResponse` title means the version.
 */
export function isVersionConflict (err: unknown): boolean {
  return err instanceof BigCommerceError && err.status === 409 && /possible conflict/i.test(err.title)
}
