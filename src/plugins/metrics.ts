/**
 * GET /metrics: the bridge's Prometheus metrics (src/metrics/bridge-metrics.ts) in the text
 * exposition format, and the count and latency of each of Fast's operations by outcome.
 *
 * With a `port` (METRICS_PORT), /metrics is served only by a second listener on that port, started
 * when the app is ready and closed with it, and the app's own port answers 404 for it: the public
 * port then shows no order or error volumes. Without one (development, tests), the app serves it.
 *
 * Like /health, the scrape is never shed (a monitor that loses its metrics exactly when the machine
 * is busy sees nothing) and is not logged per request at info. Fast's routes get their hooks
 * here, when they are added, so no other route pays for them: register this plugin before them.
 */
import type { Server } from 'node:http'
import fp from 'fastify-plugin'
import type { FastifyRequest, onRequestHookHandler, onResponseHookHandler, onSendHookHandler } from 'fastify'
import { FAST_OPERATIONS, type FastOperation } from '../fast/operations.js'
import { createBridgeMetrics, type BridgeMetrics } from '../metrics/bridge-metrics.js'
import { listenForScrapes } from '../metrics/scrape-listener.js'
import { ANSWER_UNDER_PRESSURE } from './load-shedding.js'

export interface MetricsOptions {
  /** Serve /metrics only on this port (0: any free one), on `host`; unset: on the app's own port. */
  port?: number
  host?: string
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: BridgeMetrics
    /** The listener serving /metrics on its own port, once the app is ready; null when the app serves it. */
    metricsListener: Server | null
  }
  interface FastifyRequest {
    /** The error reason of the answer sent, for its outcome label; null for a success. */
    answeredReason: string | null
  }
}

const OPERATION_OF_ROUTE = new Map<string, FastOperation>(FAST_OPERATIONS.map(operation => [`/fast/v1/${operation}`, operation]))

/** The outcome of a Fast request whose client went away before its answer (Fast's own timeout, usually). */
export const CLIENT_ABORTED = 'CLIENT_ABORTED'

/** The reason of Fast's error body (`details[0].reason`): one of the bridge's constant names. */
const REASON = /"reason":"([A-Z][A-Z0-9_]{0,63})"/

export default fp<MetricsOptions>(async (fastify, options) => {
  const metrics = createBridgeMetrics()
  fastify.decorate('metrics', metrics)
  fastify.decorate('metricsListener', null)
  fastify.decorateRequest('answeredReason', null)
  // A request is counted once: when answered, or when its client goes away first (onResponse never runs then).
  const counted = new WeakSet<FastifyRequest>()

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
    const count = (request: FastifyRequest, outcome: string, elapsedMs: number): void => {
      if (counted.has(request)) return
      counted.add(request)
      metrics.fastRequest(operation, outcome, elapsedMs / 1000)
    }
    const countAnswered: onResponseHookHandler = (request, reply, done) => {
      count(request, request.answeredReason ?? 'ok', reply.elapsedTime)
      done()
    }
    // Fast gives up after its timeout and closes the connection: the response then closes unfinished
    // and onResponse never runs. Fastify's onRequestAbort does not see it either once the body has been
    // read (it fires only for a request closed before its end), so the response's own close is watched.
    const watchForAbort: onRequestHookHandler = (request, reply, done) => {
      reply.raw.once('close', () => {
        if (!reply.raw.writableFinished) count(request, CLIENT_ABORTED, reply.elapsedTime)
      })
      done()
    }
    // First of the route's own hooks, so an abort while they run (authentication) is seen too.
    route.onRequest = [watchForAbort, ...hooksOf(route.onRequest)]
    route.onSend = [...hooksOf(route.onSend), readReason]
    route.onResponse = [...hooksOf(route.onResponse), countAnswered]
  })

  if (options.port !== undefined) {
    const { port, host = '127.0.0.1' } = options
    fastify.addHook('onReady', async () => {
      fastify.metricsListener = await listenForScrapes(metrics.registry, { port, host })
    })
    fastify.addHook('onClose', async () => {
      const listener = fastify.metricsListener
      if (listener === null) return
      const closed = new Promise(resolve => listener.close(resolve))
      listener.closeAllConnections()
      await closed
    })
    return
  }

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

