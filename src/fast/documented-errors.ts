/**
 * Fast's error answers as the API document lists them: every HTTP status the bridge answers a Fast
 * call with, and the reasons (`details[0].reason`) behind each. The body is always the one of
 * ./errors.ts; test/openapi checks that every reason the code raises is listed under its status.
 */

export interface DocumentedErrorStatus {
  status: number
  /** The name of the response in the document's `components.responses`. */
  name: string
  description: string
  reasons: readonly string[]
  /** Sent with `Retry-After` (seconds) for some or all of its reasons. */
  retryAfter: boolean
}

export const DOCUMENTED_ERROR_STATUSES: readonly DocumentedErrorStatus[] = [
  {
    status: 400,
    name: 'BadRequest',
    description: 'The body is not one the bridge can act on (not JSON, not the schema, an id that cannot be ' +
      "BigCommerce's, a field the operation needs is missing); refused before any BigCommerce call. " +
      'A request Node cannot parse as HTTP/1.1 gets MALFORMED_HTTP_REQUEST and its connection is closed.',
    reasons: [
      'INVALID_REQUEST', 'BODY_TOO_DEEP', 'MALFORMED_HTTP_REQUEST', 'UNSUPPORTED_ENTITY_TYPE', 'INVALID_ID', 'ID_MISSING',
      'ORDER_MISSING', 'ORDER_ID_MISSING', 'USER_ID_MISSING', 'NOT_A_CART', 'NO_LINES', 'NOTHING_TO_UPDATE',
      'INVALID_QUANTITY', 'INVALID_PRODUCT', 'INVALID_VARIANT', 'INVALID_OPTION', 'DUPLICATE_ITEM', 'SHIP_TO_MISSING',
      'OPTION_ID_MISSING', 'COUPON_CODE_MISSING', 'INVALID_CONVERT_MODE', 'CONVERT_ONLY_WITH_CHANGES'
    ],
    retryAfter: false
  },
  {
    status: 401,
    name: 'Unauthenticated',
    description: 'No bearer token, or one that is not a valid RS256 JWT from Fast for a store the bridge serves ' +
      '(signature, issuer, audience = Fast App ID, expiry); answered before any other work.',
    reasons: ['UNAUTHENTICATED'],
    retryAfter: false
  },
  {
    status: 404,
    name: 'NotFound',
    description: 'The order, cart or customer is not known to this store, or the path is not one of the four operations.',
    reasons: ['ORDER_NOT_FOUND', 'USER_NOT_FOUND', 'NOT_FOUND_IN_BIGCOMMERCE', 'NO_SUCH_ROUTE'],
    retryAfter: false
  },
  {
    status: 408,
    name: 'RequestTimeout',
    description: 'The request did not arrive in time; the connection is closed.',
    reasons: ['REQUEST_TIMEOUT'],
    retryAfter: false
  },
  {
    status: 409,
    name: 'Conflict',
    description: 'Another request is working on the same request_id or order, or BigCommerce refused a ' +
      'concurrent change: retry after the Retry-After seconds with the same request_id.',
    reasons: ['REQUEST_IN_PROGRESS', 'ORDER_BUSY', 'CONVERSION_IN_PROGRESS', 'ORDER_NOT_CONVERTED', 'CONFLICT'],
    retryAfter: true
  },
  {
    status: 413,
    name: 'BodyTooLarge',
    description: 'The body is over 256 KiB.',
    reasons: ['BODY_TOO_LARGE'],
    retryAfter: false
  },
  {
    status: 415,
    name: 'UnsupportedMediaType',
    description: 'The body is not `application/json`.',
    reasons: ['UNSUPPORTED_MEDIA_TYPE'],
    retryAfter: false
  },
  {
    status: 422,
    name: 'Unprocessable',
    description: 'A well-formed request the store cannot carry out as asked (a product, variant or option it ' +
      'lacks, stock, a coupon, an incomplete checkout, a request_id reused with another body); ' +
      '`details[0].metadata` names the field, line or product.',
    reasons: [
      'ADDRESS_INCOMPLETE', 'CHECKOUT_INCOMPLETE', 'CUSTOMER_AFTER_SHIPPING', 'INVALID_COUPON', 'NOT_PURCHASABLE',
      'OPTIONS_CONTRADICT_VARIANT', 'OPTION_CHOSEN_TWICE', 'OPTION_NOT_FOUND', 'OPTION_VALUE_NOT_FOUND',
      'ORDER_ALREADY_CONVERTED', 'OUT_OF_STOCK', 'PRODUCT_ALREADY_IN_CART', 'PRODUCT_NOT_FOUND', 'QUANTITY_OUT_OF_RANGE',
      'SHIPMENTS_MISSING', 'UNKNOWN_LINE', 'UNKNOWN_SHIPMENT_PLAN', 'UNSUPPORTED_STATUS', 'VARIANT_NOT_FOUND',
      'REJECTED_BY_BIGCOMMERCE', 'REQUEST_ID_REUSED', 'REQUEST_ID_UNUSABLE'
    ],
    retryAfter: false
  },
  {
    status: 431,
    name: 'HeadersTooLarge',
    description: 'The headers are over 16 KiB; the connection is closed.',
    reasons: ['HEADERS_TOO_LARGE'],
    retryAfter: false
  },
  {
    status: 500,
    name: 'Internal',
    description: "An unexpected failure; the details stay in the bridge's log. The request may be retried.",
    reasons: ['INTERNAL'],
    retryAfter: false
  },
  {
    status: 502,
    name: 'BadGateway',
    description: 'BigCommerce failed to answer, or answered a new cart without one of its lines (the cart was discarded).',
    reasons: ['BIGCOMMERCE_ERROR', 'LINE_NOT_IN_CART'],
    retryAfter: true
  },
  {
    status: 503,
    name: 'Unavailable',
    description: "The bridge is overloaded, Fast's signing keys or BigCommerce cannot be reached, the store's " +
      'BigCommerce quota is spent or its circuit breaker open (all with Retry-After); or the merchant must act ' +
      '(STORE_TOKEN_REFUSED, STORE_SCOPE_MISSING: no Retry-After, repeats until they do).',
    reasons: [
      'OVERLOADED', 'JWKS_UNAVAILABLE', 'BIGCOMMERCE_UNAVAILABLE', 'BIGCOMMERCE_CIRCUIT_OPEN', 'BIGCOMMERCE_QUOTA_SPENT',
      'STORE_TOKEN_REFUSED', 'STORE_SCOPE_MISSING'
    ],
    retryAfter: true
  },
  {
    status: 504,
    name: 'Timeout',
    description: "BigCommerce did not answer in time, or the request's deadline passed: retry with the same request_id.",
    reasons: ['BIGCOMMERCE_TIMEOUT', 'DEADLINE_EXCEEDED'],
    retryAfter: true
  }
]
