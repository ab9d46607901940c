/**
 * When a BigCommerce call is repeated (cockatiel's retry policy, spec/guarantees.md §2.2):
 * - a 429, on any method: BigCommerce refused it before doing anything. The wait is the store's
 *   quota (store-quota.ts), which every attempt goes through, so the retry itself waits nothing;
 * - 500, 502, 503, 504 and no answer, on GET, PUT and DELETE, which are idempotent; after a full-
 *   jitter backoff;
 * - a POST only when it certainly never reached BigCommerce (the connection was never made). A POST
 *   that may have been executed is never sent blind again: the operation looks its result up
 *   instead (an order by its cart) or keeps it for Fast's retry (see src/fast/deadline.ts).
 * At most MAX_ATTEMPTS attempts that fail otherwise than by a 429. 429s are sent again for as long
 * as the store's reset fits in the deadline (BigCommerce: wait for the reset, then retry), up to
 * MAX_QUOTA_ATTEMPTS in all; no wait ever ends past the caller's deadline.
 */
import { DelegateBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel'
import type { HttpMethod } from './client.js'
import { BigCommerceError, CallNotMadeError } from './errors.js'

export const MAX_ATTEMPTS = 3
/** A bound for stores whose quota resets every few hundred ms; the deadline is the real limit. */
export const MAX_QUOTA_ATTEMPTS = 10
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

/** Why an attempt is sent again, as metrics name it: a 429, a 5xx, or no answer at all. */
export type RetryReason = '429' | '5xx' | 'no_answer'

/** The reason a failed attempt would be repeated for; undefined for failures never repeated. */
export function retryReasonOf (err: unknown): RetryReason | undefined {
  if (!(err instanceof BigCommerceError) || err instanceof CallNotMadeError) return undefined
  if (err.status === 429) return '429'
  if (err.status === 0) return 'no_answer'
  return err.status >= 500 ? '5xx' : undefined
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
  const attempts = options.maxAttempts ?? MAX_ATTEMPTS
  let failed = 1 // the attempt that made the backoff be asked is the first failure
  return retry(handleWhen(err => isRepeatable(method, err)), {
    maxAttempts: attempts <= 1 ? 0 : MAX_QUOTA_ATTEMPTS - 1,
    backoff: new DelegateBackoff<{ attempt: number, result: { error: unknown } | { value: unknown } }>((context) => {
      const error = 'error' in context.result ? context.result.error : undefined
      const refused = error instanceof BigCommerceError && error.status === 429
      if (!refused && failed++ >= attempts) throw error
      const wait = refused ? 0 : Math.floor(options.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** context.attempt))
      // Giving up now beats a retry that could only end past the deadline: cockatiel rethrows this.
      if (options.now() + wait >= options.deadline) throw error
      return wait
    })
  })
}
