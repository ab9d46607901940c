/**
 * What a BigCommerce call can fail with. A BigCommerceError names the call (its template, never
 * ids), the status (0 when no answer came) and, kept off the enumerable properties, BigCommerce's
 * own words. A CallNotMadeError is a call the bridge itself held back: nothing reached BigCommerce.
 */
export class BigCommerceError extends Error {
  readonly status: number
  /** `METHOD /v3/path/{template}`: which call failed, without ids or query values. */
  readonly call: string
  /** BigCommerce's short title for the failure (not enumerable: see the constructor). */
  declare readonly title: string
  /** Field errors from a v3 body (`errors`), kept for mapping; never sent to Fast verbatim. */
  declare readonly fieldErrors: Record<string, string>
  /** Milliseconds until BigCommerce's quota window resets, from X-Rate-Limit-Time-Reset-Ms. */
  readonly retryAfterMs: number | undefined
  /** Transport failure code (UND_ERR_*, ECONNRESET, ...) when no HTTP answer came. */
  readonly transportCode: string | undefined

  constructor (call: string, status: number, title: string, options: {
    fieldErrors?: Record<string, string>
    retryAfterMs?: number
    transportCode?: string
    cause?: unknown
  } = {}) {
    super(`BigCommerce ${call} answered ${status === 0 ? options.transportCode ?? 'no response' : status}`, { cause: options.cause })
    this.name = 'BigCommerceError'
    this.call = call
    this.status = status
    // BigCommerce's own words may repeat the shopper's data back (an email, an address): they stay
    // out of the message and off the enumerable properties, so an error logged whole carries only
    // the call, the status and the stack.
    Object.defineProperties(this, {
      title: { value: title, enumerable: false },
      fieldErrors: { value: options.fieldErrors ?? {}, enumerable: false }
    })
    this.retryAfterMs = options.retryAfterMs
    this.transportCode = options.transportCode
  }
}

/** BigCommerce refused the request (a 4xx, 429 included): it changed nothing. */
export function isRefusal (err: unknown): err is BigCommerceError {
  return err instanceof BigCommerceError && err.status >= 400 && err.status < 500
}

/**
 * No answer, a 5xx, or a 2xx whose body could not be read: the change may or may not have been
 * made, so repeating it blindly could make it twice.
 */
export function isUnknownOutcome (err: unknown): err is BigCommerceError {
  if (!(err instanceof BigCommerceError) || err instanceof CallNotMadeError) return false
  return !isRefusal(err)
}

/** Transport code of a read, PUT or DELETE aborted at its caller's deadline (no breaker failure). */
export const CUT_AT_DEADLINE = 'CUT_AT_DEADLINE'

export type NotMadeReason = 'DEADLINE' | 'QUOTA_SPENT' | 'CIRCUIT_OPEN'

/**
 * A call the bridge did not make: the request's deadline had passed, the store's quota is spent
 * until after the deadline, or the store's circuit breaker is open. BigCommerce saw nothing, so the
 * outcome is known (nothing changed); `retryAfterMs` says when trying again can help.
 */
export class CallNotMadeError extends BigCommerceError {
  readonly reason: NotMadeReason
  constructor (call: string, reason: NotMadeReason, retryAfterMs?: number) {
    super(call, 0, `not sent: ${reason}`, { transportCode: reason, retryAfterMs })
    this.name = 'CallNotMadeError'
    this.reason = reason
  }
}
