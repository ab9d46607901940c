/**
 * One info line per request, written when its answer has gone: Fastify's own two lines (incoming and
 * completed) cost a logger call each, a request serializer and the redaction pass twice, about a seventh of a
 * cached replay's CPU (issue 11). The line holds what an operator looks for and nothing a caller could use to
 * leak a secret into the log: the path without its query (an install code or signed payload may ride in
 * one), the status, the time taken, the store the Fast token named and the request_id, no header at all.
 */
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** A request_id is a UUID (36 characters) where the schema accepted it; anything longer is not logged. */
const MAX_REQUEST_ID_LENGTH = 64

export interface RequestLine {
  method: string
  url: string
  status: number
  /** Milliseconds from arrival to the last byte handed to the socket. */
  ms: number
  store?: string
  request_id?: string
}

export function requestLine (request: FastifyRequest, reply: FastifyReply): RequestLine {
  const query = request.url.indexOf('?')
  const line: RequestLine = {
    method: request.method,
    url: query === -1 ? request.url : request.url.slice(0, query),
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 10) / 10
  }
  // `store` is decorated only where Fast's authentication is registered, and null until it names one.
  const store = (request as { store?: { hash?: unknown } | null }).store
  if (typeof store?.hash === 'string') line.store = store.hash
  const requestId = (request.body as { request_id?: { value?: unknown } } | null | undefined)?.request_id?.value
  if (typeof requestId === 'string' && requestId.length <= MAX_REQUEST_ID_LENGTH) line.request_id = requestId
  return line
}

export default fp(async (fastify) => {
  // A callback hook, not an async one: no promise per request for a line of logging.
  fastify.addHook('onResponse', (request, reply, done) => {
    request.log.info(requestLine(request, reply), 'request completed')
    done()
  })
}, { name: 'request-log' })
