/**
 * One error type for everything the bridge answers when it cannot answer with an order.
 * The body is Fast's `rpcStatus`: `{code, message, details}`. `code` is the gRPC canonical code
 * that goes with the HTTP status (Fast's API is grpc-gateway, whose clients read both), and
 * `details` holds one `google.rpc.ErrorInfo` whose `reason` is our stable, documented error name.
 */

export const ERROR_DOMAIN = 'fast-bigcommerce'

const GRPC_CODE_BY_HTTP_STATUS: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  408: 4, // DEADLINE_EXCEEDED (the request itself took too long to arrive)
  409: 10, // ABORTED
  413: 3, // INVALID_ARGUMENT
  415: 3, // INVALID_ARGUMENT
  422: 9, // FAILED_PRECONDITION
  429: 8, // RESOURCE_EXHAUSTED
  431: 3, // INVALID_ARGUMENT (headers too large)
  500: 13, // INTERNAL
  502: 14, // UNAVAILABLE
  503: 14, // UNAVAILABLE
  504: 4 // DEADLINE_EXCEEDED
}

export function grpcCodeFor (statusCode: number): number {
  return GRPC_CODE_BY_HTTP_STATUS[statusCode] ?? 2 // UNKNOWN
}

export interface ErrorInfo {
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo'
  reason: string
  domain: string
  metadata: Record<string, string>
}

export interface FastErrorBody {
  code: number
  message: string
  details: ErrorInfo[]
}

export class FastError extends Error {
  readonly statusCode: number
  readonly reason: string
  readonly metadata: Record<string, string>
  /** Seconds, sent as `Retry-After` with 409, 429 and 503. */
  readonly retryAfter: number | undefined

  constructor (statusCode: number, reason: string, message: string, options: {
    metadata?: Record<string, string>
    retryAfter?: number
    cause?: unknown
  } = {}) {
    super(message, { cause: options.cause })
    this.name = 'FastError'
    this.statusCode = statusCode
    this.reason = reason
    this.metadata = options.metadata ?? {}
    this.retryAfter = options.retryAfter
  }

  toBody (): FastErrorBody {
    return {
      code: grpcCodeFor(this.statusCode),
      message: this.message,
      details: [{
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: this.reason,
        domain: ERROR_DOMAIN,
        metadata: this.metadata
      }]
    }
  }
}

export const badRequest = (reason: string, message: string, metadata?: Record<string, string>): FastError =>
  new FastError(400, reason, message, { metadata })

export const unauthorized = (message: string): FastError =>
  new FastError(401, 'UNAUTHENTICATED', message)

export const notFound = (reason: string, message: string, metadata?: Record<string, string>): FastError =>
  new FastError(404, reason, message, { metadata })

export const unprocessable = (reason: string, message: string, metadata?: Record<string, string>): FastError =>
  new FastError(422, reason, message, { metadata })
