/**
 * BigCommerce failures as Fast errors: the status says whose problem it is, the message says what
 * happened, and nothing of BigCommerce's raw body reaches Fast beyond its short title.
 */
import { BigCommerceError } from '../bigcommerce/client.js'
import { FastError } from './errors.js'

const MAX_TITLE = 200

export function fromBigCommerce (err: BigCommerceError): FastError {
  const metadata = { call: err.call, upstream_status: String(err.status) }
  const title = err.title.slice(0, MAX_TITLE)
  switch (true) {
    case err.status === 0 && err.transportCode === 'UND_ERR_TIMEOUT':
    case err.status === 0 && err.transportCode === 'UND_ERR_HEADERS_TIMEOUT':
    case err.status === 0 && err.transportCode === 'UND_ERR_BODY_TIMEOUT':
      return new FastError(504, 'BIGCOMMERCE_TIMEOUT', 'BigCommerce did not answer in time', { metadata, retryAfter: 1, cause: err })
    case err.status === 0:
      return new FastError(503, 'BIGCOMMERCE_UNAVAILABLE', 'BigCommerce could not be reached', { metadata, retryAfter: 1, cause: err })
    case err.status === 404:
      return new FastError(404, 'NOT_FOUND_IN_BIGCOMMERCE', 'The cart or order does not exist in BigCommerce (deleted, expired or never created)', { metadata, cause: err })
    case err.status === 409:
      return new FastError(409, 'CONFLICT', `BigCommerce refused a concurrent change: ${title}`, { metadata, retryAfter: 1, cause: err })
    case err.status === 429:
      return new FastError(429, 'RATE_LIMITED', "The store's BigCommerce API quota is used up; retry later", {
        metadata, retryAfter: Math.max(1, Math.ceil((err.retryAfterMs ?? 1000) / 1000)), cause: err
      })
    case err.status === 401 || err.status === 403:
      return new FastError(502, 'BIGCOMMERCE_CREDENTIALS_REFUSED', "BigCommerce refused the store's credentials", { metadata, cause: err })
    case err.status >= 400 && err.status < 500:
      return new FastError(422, 'REJECTED_BY_BIGCOMMERCE', `BigCommerce refused the change: ${title}`, { metadata, cause: err })
    default:
      return new FastError(502, 'BIGCOMMERCE_ERROR', 'BigCommerce failed to answer', { metadata, retryAfter: 1, cause: err })
  }
}

export function isBigCommerceError (err: unknown): err is BigCommerceError {
  return err instanceof BigCommerceError
}
