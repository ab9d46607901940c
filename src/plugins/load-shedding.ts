/**
 * Load shedding (@fastify/under-pressure): while the event loop lags or memory is past its limit,
 * every call is refused at once with 503 OVERLOADED and Retry-After, in Fast's error body, before
 * authentication, the database or BigCommerce do any work. A refused call costs almost nothing, so
 * the calls already accepted can finish; Fast's retry is safe because every operation is idempotent
 * by request_id. A route opts out with `config: { pressureHandler: ANSWER_UNDER_PRESSURE }`.
 */
import fp from 'fastify-plugin'
import underPressure from '@fastify/under-pressure'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { FastError } from '../fast/errors.js'

/** Seconds Fast is told to wait: long enough for a burst to drain, short enough for a waiting shopper. */
export const OVERLOADED_RETRY_AFTER_S = 2

type PressureHandler = (request: FastifyRequest, reply: FastifyReply, type: string, value: number | undefined) => void

declare module 'fastify' {
  interface FastifyContextConfig {
    /** under-pressure's per-route handler, used instead of the one below (see ANSWER_UNDER_PRESSURE). */
    pressureHandler?: PressureHandler
  }
}

/**
 * A route's pressureHandler that sends nothing: under-pressure then lets the request through, so
 * the route answers as usual however loaded the process is.
 */
export const ANSWER_UNDER_PRESSURE: PressureHandler = () => {}

export interface LoadSheddingOptions {
  /** Mean event-loop delay (ms) over a sample above which calls are shed; 0 = off. */
  maxEventLoopDelayMs: number
  /** Heap used (bytes) above which calls are shed; 0 = off. */
  maxHeapUsedBytes: number
  /** Resident set size (bytes) above which calls are shed; 0 = off. */
  maxRssBytes: number
}

export default fp<LoadSheddingOptions>(async (fastify, opts) => {
  // Limits at 0 are under-pressure's "off" too; with all three off it adds no hook at all.
  await fastify.register(underPressure, {
    maxEventLoopDelay: opts.maxEventLoopDelayMs,
    maxHeapUsedBytes: opts.maxHeapUsedBytes,
    maxRssBytes: opts.maxRssBytes,
    retryAfter: OVERLOADED_RETRY_AFTER_S,
    pressureHandler: (request, reply, type, value) => {
      const error = new FastError(503, 'OVERLOADED', 'The bridge is overloaded; retry shortly', {
        retryAfter: OVERLOADED_RETRY_AFTER_S,
        metadata: { pressure: type }
      })
      // One warn line per refused call, no stack: overload is not a bug, and logging must stay cheap.
      request.log.warn({ reason: error.reason, status: 503, pressure: type, value }, error.message)
      // Sent here rather than thrown to the error handler, which would log each one as an error.
      void reply.code(503).header('retry-after', String(OVERLOADED_RETRY_AFTER_S)).send(error.toBody())
    }
  })
}, { name: 'load-shedding' })
