/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over 16 KiB, a malformed
 * request line, a request that took too long to arrive) are answered in Fast's error body, like
 * every other failure, instead of Node's or Fastify's own. This is Fastify's `clientErrorHandler`:
 * it writes a raw HTTP/1.1 response on the socket, then closes it (the parser cannot go on after
 * such an error). Logged at debug: these are the client's or the network's doing, not ours.
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { FastError } from './errors.js'

function toFastError (code: string | undefined): FastError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return new FastError(431, 'HEADERS_TOO_LARGE', 'The request headers are larger than 16 KiB')
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new FastError(408, 'REQUEST_TIMEOUT', 'The request did not arrive in time')
    default:
      return new FastError(400, 'MALFORMED_HTTP_REQUEST', 'The request is not valid HTTP/1.1')
  }
}

export function clientErrorHandler (this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  // A reset connection, or one already gone: there is nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const fastError = toFastError(err.code)
  this.log.debug({ code: err.code, status: fastError.statusCode }, 'client error before a request could be read')
  if (socket.writable) {
    const body = JSON.stringify(fastError.toBody())
    socket.write(
      `HTTP/1.1 ${fastError.statusCode} ${STATUS_CODES[fastError.statusCode] ?? ''}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body
    )
  }
  // As Node and Fastify do: a short write goes out at once, and the parser cannot read on.
  socket.destroy()
}
