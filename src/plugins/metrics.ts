/**
 * GET /metrics: the bridge's Prometheus metrics (src/metrics/bridge-metrics.ts) in the text
 * exposition format, and the count and latency of each of Fast's operations by outcome.
 *
 * Like /health, the scrape is never shed (a monitor that loses its metrics exactly when the machine
 * is busy sees nothing) and is not logged per request at info. Fast's routes get their two hooks
 * here, when they are added, so no other route pays for them: register this plugin before them.
 */
import fp from 'fastify-plugin'
import type { onResponseHookHandler, onSendHookHandler } from 'fastify'
import { createBridgeMetrics, FAST_OPERATIONS, type BridgeMetrics, type FastOperation } from '../metrics/bridge-metrics.js'
import { ANSWER_UNDER_PRESSURE } from './load-shedding.js'

declare module 'fastify' {
  interface FastifyInstance {
    metrics: BridgeMetrics
  }
  interface FastifyRequest {
    /** The error reason of the answer sent, for its outcome label; null for a success. */
    answeredReason: string | null
  }
}

const OPERATION_OF_ROUTE = new Map<string, FastOperation>(FAST_OPERATIONS.map(operation => [`/fast/v1/${operation}`, operation]))

/** The reason of Fast's error body (`details[0].reason`): one of the bridge's constant names. */
const REASON = /"reason":"([A-Z][A-Z0-9_]{0,63})"/

export default fp(async (fastify) => {
  const metrics = createBridgeMetrics()
  fastify.decorate('metrics', metrics)
  fastify.decorateRequest('answeredReason', null)

  fastify.addHook('onRoute', (route) => {
    const operation = OPERATION_OF_ROUTE.get(route.url)
    if (operation === undefined) return
    // Error answers only: whether sent by the error handler or replayed from a stored answer (a
    // string, or the replay cache's bytes), the body is what Fast reads, so its reason is the outcome.
    const readReason: onSendHookHandler = (request, reply, payload, done) => {
      if (reply.statusCode >= 400) {
        const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : ''
        request.answeredReason = REASON.exec(body)?.[1] ?? `HTTP_${reply.statusCode}`
      }
      done(null, payload)
    }
    const count: onResponseHookHandler = (request, reply, done) => {
      metrics.fastRequest(operation, request.answeredReason ?? 'ok', reply.elapsedTime / 1000)
      done()
    }
    route.onSend = [...hooksOf(route.onSend), readReason]
    route.onResponse = [...hooksOf(route.onResponse), count]
  })

  fastify.get('/metrics', {
    logLevel: 'warn',
    config: { pressureHandler: ANSWER_UNDER_PRESSURE }
  }, async (_request, reply) => {
    const { registry } = metrics
    void reply.type(registry.contentType)
    return await registry.metrics()
  })
}, { name: 'metrics' })

function hooksOf<T> (hooks: T | T[] | undefined): T[] {
  if (hooks === undefined) return []
  return Array.isArray(hooks) ? hooks : [hooks]
}

