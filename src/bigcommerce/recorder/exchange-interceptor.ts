/**
 * An undici interceptor that shows every request sent through the dispatcher it is composed on, and
 * the whole answer, to an observer, without changing either. The recorder (./fixture-recording.ts)
 * is composed on the BigCommerce client's Pool with it.
 */
import type { Dispatcher } from 'undici'

export interface OutgoingRequest {
  origin: string
  method: string
  /** As sent: path and query string, percent-encoded. */
  path: string
  headers: Record<string, string>
  /** The body, when it is text (the BigCommerce client sends JSON strings). */
  body: string | undefined
}

export interface ExchangeObserver {
  /** A request is sent; what is returned hears how it ended. */
  sent (request: OutgoingRequest): {
    /** The whole answer arrived (called before the caller sees its end). */
    answered (status: number, body: Buffer): void
    /** No answer: a transport failure, a timeout or an abort. */
    failed (): void
  }
}

export function exchangeInterceptor (observer: ExchangeObserver): Dispatcher.DispatcherComposeInterceptor {
  return dispatch => (opts, handler) => {
    const exchange = observer.sent({
      origin: String(opts.origin ?? ''),
      method: opts.method,
      path: opts.path,
      headers: headersOf(opts.headers),
      body: typeof opts.body === 'string' ? opts.body : Buffer.isBuffer(opts.body) ? opts.body.toString('utf8') : undefined
    })
    let status = 0
    const chunks: Buffer[] = []
    let ended = false
    const end = (answer?: () => void): void => {
      if (ended) return
      ended = true
      if (answer === undefined) exchange.failed()
      else answer()
    }
    try {
      return dispatch(opts, {
        onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
        onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
        onResponseStart (controller, statusCode, headers, statusMessage) {
          // 1xx answers come before the final one.
          if (statusCode >= 200) status = statusCode
          return handler.onResponseStart?.(controller, statusCode, headers, statusMessage)
        },
        onResponseData (controller, chunk) {
          chunks.push(chunk)
          return handler.onResponseData?.(controller, chunk)
        },
        onResponseEnd (controller, trailers) {
          end(() => { exchange.answered(status, Buffer.concat(chunks)) })
          return handler.onResponseEnd?.(controller, trailers)
        },
        onResponseError (controller, err) {
          end()
          return handler.onResponseError?.(controller, err)
        }
      })
    } catch (err) {
      end()
      throw err
    }
  }
}

/** Header names in lower case, from any of the shapes undici accepts. */
function headersOf (headers: Dispatcher.DispatchOptions['headers']): Record<string, string> {
  const result: Record<string, string> = {}
  if (headers == null) return result
  const entries: Array<[string, unknown]> = Array.isArray(headers)
    ? pairs(headers as unknown[])
    : Symbol.iterator in headers
      ? [...(headers as Iterable<[string, unknown]>)]
      : Object.entries(headers)
  for (const [name, value] of entries) {
    if (value !== undefined) result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
  }
  return result
}

function pairs (flat: unknown[]): Array<[string, unknown]> {
  const result: Array<[string, unknown]> = []
  for (let i = 0; i + 1 < flat.length; i += 2) result.push([String(flat[i]), flat[i + 1]])
  return result
}
