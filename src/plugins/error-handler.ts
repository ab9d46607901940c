/**
 * Every failure leaves as Fast's error body `{code, message, details}` with a fitting status:
 * ours as they are, BigCommerce's mapped, Fastify's (bad JSON, schema, size) as 4xx, and anything
 * unexpected as a 500 whose details stay in our logs.
 */
import fp from 'fastify-plugin'
import type { FastifyError } from 'fastify'
import { FastError } from '../fast/errors.js'
import { JWKS_UNAVAILABLE } from '../fast/jwks.js'
import { fromBigCommerce, isBigCommerceError, MERCHANT_MUST_ACT } from '../fast/upstream-errors.js'

function toFastError (err: FastifyError | Error): FastError {
  if (err instanceof FastError) return err
  if (isBigCommerceError(err)) return fromBigCommerce(err)
  const fastifyError = err as FastifyError
  if (fastifyError.validation !== undefined) {
    return new FastError(400, 'INVALID_REQUEST', `Invalid request: ${fastifyError.message}`)
  }
  const status = fastifyError.statusCode ?? 500
  if (status === 413) return new FastError(413, 'BODY_TOO_LARGE', 'The request body is too large')
  if (status === 415) return new FastError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The request body must be application/json')
  if (status >= 400 && status < 500) return new FastError(status === 404 ? 404 : 400, 'INVALID_REQUEST', fastifyError.message)
  return new FastError(500, 'INTERNAL', 'Internal error; the request may be retried', { cause: err })
}

export default fp(async (fastify) => {
  fastify.setErrorHandler((err, request, reply) => {
    const fastError = toFastError(err as Error)
    const logged = { reason: fastError.reason, status: fastError.statusCode, ...fastError.metadata }
    if (MERCHANT_MUST_ACT.has(fastError.reason)) {
      // Not our failure, and it repeats on every call until the merchant acts: no stack, no alarm.
      request.log.warn(logged, fastError.message)
    } else if (fastError.reason === JWKS_UNAVAILABLE) {
      // Fast's outage, logged once per failed JWKS fetch where it happens (plugins/fast-auth.ts).
      request.log.info(logged, fastError.message)
    } else if (fastError.statusCode >= 500) {
      request.log.error({ ...logged, err: fastError.cause ?? err }, fastError.message)
    } else {
      request.log.info(logged, fastError.message)
    }
    if (fastError.retryAfter !== undefined) void reply.header('retry-after', String(fastError.retryAfter))
    return reply.code(fastError.statusCode).send(fastError.toBody())
  })
  fastify.setNotFoundHandler((request, reply) => {
    const body = new FastError(404, 'NO_SUCH_ROUTE', `No route ${request.method} ${request.url.split('?')[0]}`).toBody()
    return reply.code(404).send(body)
  })
}, { name: 'error-handler' })
