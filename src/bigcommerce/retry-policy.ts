/**
 * When a BigCommerce call is repeated (cockatiel's retry policy, spec/guarantees.md §2.2):
 * - a 429, on any method: BigCommerce refused it before doing anything. The wait is the store's
 *   quota (store-quota.ts), which every attempt goes through, so the retry itself waits nothing;
 * - 500, 502, 503, 504 and no answer, on GET, PUT and DELETE, which are idempotent; after a full-
 *   jitter backoff;
 * - a POST only when it certainly never reached BigCommerce (the connection was never made). A POST
 *   that may have been executed is never sent blind again: the operation looks its result up
 *   instead (an order by its cart) or keeps it for Fast's retry (see src/fast/deadline.ts).
 * At most MAX_ATTEMPTS attempts, and never a wait that would end past the caller's deadline.
 */
import { DelegateBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel'
import type { HttpMethod } from './client.js'
import { BigCommerceError, CallNotMadeError } from './errors.js'

export const MAX_ATTEMPTS = 3
const BACKOFF_BASE_MS = 100
const BACKOFF_CAP_MS = 1_000

const REPEATABLE_STATUS = new Set([500, 502, 503, 504])
const IDEMPOTENT = new Set<HttpMethod>(['GET', 'PUT', 'DELETE'])
/** Transport failures before any byte was sent: the connection itself was never made. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

export function isRepeatable (method: HttpMethod, err: unknown): boolean {
  if (!(err instanceof BigCommerceError) || err instanceof CallNotMadeError) return false
  if (err.status === 429) return true
  if (err.status === 0) return IDEMPOTENT.has(method) || NEVER_SENT.has(err.transportCode ?? '')
  return IDEMPOTENT.has(method) && REPEATABLE_STATUS.has(err.status)
}

export interface RetryOptions {
  /** Epoch ms after which no attempt may start. */
  deadline: number
  now: () => number
  random: () => number
  /** Attempts in all, the first included (default MAX_ATTEMPTS). */
  maxAttempts?: number
}

export function retryPolicy (method: HttpMethod, options: RetryOptions): RetryPolicy {
  return retry(handleWhen(err => isRepeatable(method, err)), {
    maxAttempts: (options.maxAttempts ?? MAX_ATTEMPTS) - 1,
    backoff: new DelegateBackoff<{ attempt: number, result: { error: unknown } | { value: unknown } }>((context) => {
      const error = 'error' in context.result ? context.result.error : undefined
      const wait = error instanceof BigCommerceError && error.status === 429
        ? 0
        : Math.floor(options.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** context.attempt))
      // Giving up now beats a retry that could only end past the deadline: cockatiel rethrows this.
      if (options.now() + wait >= options.deadline) throw error
      return wait
    })
  })
}
