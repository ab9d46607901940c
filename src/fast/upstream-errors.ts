/**
 * BigCommerce failures as Fast errors: the status says whose problem it is, the message says what
 * happened, and nothing of BigCommerce's raw body reaches Fast beyond its short title. A refused
 * token (401) or a missing scope (403) is a 503 naming what the merchant must do: neither is
 * Fast's fault nor passes by itself.
 */
import { BigCommerceError, CallNotMadeError, CUT_AT_DEADLINE } from '../bigcommerce/errors.js'
import { FastError } from './errors.js'

const MAX_TITLE = 200

/** Reasons of the answers that say what the merchant must do in the control panel (logged as warnings). */
export const MERCHANT_MUST_ACT: ReadonlySet<string> = new Set(['STORE_TOKEN_REFUSED', 'STORE_SCOPE_MISSING'])

export function fromBigCommerce (err: BigCommerceError): FastError {
  const metadata = { call: err.call, upstream_status: String(err.status) }
  const title = err.title.slice(0, MAX_TITLE)
  if (err instanceof CallNotMadeError) return notMade(err)
  switch (true) {
    case err.status === 0 && err.transportCode === 'UND_ERR_TIMEOUT':
    case err.status === 0 && err.transportCode === 'UND_ERR_HEADERS_TIMEOUT':
    case err.status === 0 && err.transportCode === 'UND_ERR_BODY_TIMEOUT':
    case err.status === 0 && err.transportCode === CUT_AT_DEADLINE:
      return new FastError(504, 'BIGCOMMERCE_TIMEOUT', 'BigCommerce did not answer in time', { metadata, retryAfter: 1, cause: err })
    case err.status === 0:
      return new FastError(503, 'BIGCOMMERCE_UNAVAILABLE', 'BigCommerce could not be reached', { metadata, retryAfter: 1, cause: err })
    case err.status === 404:
      return new FastError(404, 'NOT_FOUND_IN_BIGCOMMERCE', 'The cart or order does not exist in BigCommerce (deleted, expired or never created)', { metadata, cause: err })
    case err.status === 409:
      return new FastError(409, 'CONFLICT', `BigCommerce refused a concurrent change: ${title}`, { metadata, retryAfter: 1, cause: err })
    case err.status === 429:
      // Still refused after the retries the deadline allowed: the store's quota, not Fast, decides.
      return quotaSpent(err.retryAfterMs, { metadata, cause: err })
    case err.status === 401:
      return storeTokenRefused({ metadata, cause: err })
    case err.status === 403:
      return new FastError(503, 'STORE_SCOPE_MISSING',
        "BigCommerce refused a call for lack of an API scope; the merchant must re-install the app so that it is granted every scope the bridge needs", { metadata, cause: err })
    case err.status >= 400 && err.status < 500:
      return new FastError(422, 'REJECTED_BY_BIGCOMMERCE', `BigCommerce refused the change: ${title}`, { metadata, cause: err })
    default:
      return new FastError(502, 'BIGCOMMERCE_ERROR', 'BigCommerce failed to answer', { metadata, retryAfter: 1, cause: err })
  }
}

/** A call the bridge held back: BigCommerce saw nothing of this request. */
function notMade (err: CallNotMadeError): FastError {
  const metadata = { call: err.call }
  switch (err.reason) {
    case 'QUOTA_SPENT':
      return quotaSpent(err.retryAfterMs, { metadata, cause: err })
    case 'CIRCUIT_OPEN':
      return new FastError(503, 'BIGCOMMERCE_CIRCUIT_OPEN', "BigCommerce has been failing for this store; its calls are paused for a moment", {
        metadata, retryAfter: seconds(err.retryAfterMs), cause: err
      })
    case 'DEADLINE':
      return deadlineExceeded({ metadata, cause: err })
  }
}

function quotaSpent (retryAfterMs: number | undefined, options: { metadata: Record<string, string>, cause: unknown }): FastError {
  return new FastError(503, 'BIGCOMMERCE_QUOTA_SPENT', "The store's BigCommerce API quota is spent until after this request's deadline; retry after the Retry-After seconds", {
    ...options, retryAfter: seconds(retryAfterMs)
  })
}

/** The request's deadline passed (src/fast/deadline.ts): answered now, retried by Fast. */
export function deadlineExceeded (options: { metadata?: Record<string, string>, cause?: unknown } = {}): FastError {
  return new FastError(504, 'DEADLINE_EXCEEDED', 'The request could not be completed within its deadline; retry it with the same request_id', { ...options, retryAfter: 1 })
}

/** Whole seconds, rounded up, at least 1 (Retry-After has no fractions; 0 would invite a storm). */
function seconds (ms: number | undefined): number {
  return Math.max(1, Math.ceil((ms ?? 1000) / 1000))
}

/**
 * The store's access token was refused (401): revoked, scopes changed, or the app uninstalled
 * elsewhere. 503, not 401/403, because Fast's own credentials are fine and Fast must not read it
 * as theirs; not 502, because BigCommerce did answer, clearly. It lasts until the merchant acts, so
 * no Retry-After: a repeat is answered the same way without calling BigCommerce.
 */
export function storeTokenRefused (options: { metadata?: Record<string, string>, cause?: unknown } = {}): FastError {
  return new FastError(503, 'STORE_TOKEN_REFUSED',
    "BigCommerce refused this store's access token; the merchant must open the app in the BigCommerce control panel to re-authorise it", options)
}

export function isBigCommerceError (err: unknown): err is BigCommerceError {
  return err instanceof BigCommerceError
}
