/**
 * Decorates `bigcommerce`: the one client (one undici Pool per origin, each store within its budget
 * of concurrent calls) and shared look-ups.
 */
import fp from 'fastify-plugin'
import type { Dispatcher } from 'undici'
import { createBigCommerceClient, type BigCommerceClient } from '../bigcommerce/client.js'
import { createGeography, type Geography } from '../bigcommerce/geography.js'
import { createFixtureRecording, type FixtureRecording, type FixtureRecordingOptions } from '../bigcommerce/recorder/fixture-recording.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** `recording` while RECORD_FIXTURES writes every exchange as a fixture (development only). */
    bigcommerce: { client: BigCommerceClient, geography: Geography, recording?: FixtureRecording }
  }
}

export interface BigCommercePluginOptions {
  apiUrl: string
  userAgent: string
  timeoutMs?: number
  /** Concurrent calls per store (BIGCOMMERCE_CALLS_PER_STORE). */
  callsPerStore?: number
  /** Sockets to BigCommerce, all stores together (BIGCOMMERCE_CONNECTIONS; 0 = no cap). */
  connections?: number
  /** The per-store circuit breaker (BIGCOMMERCE_BREAKER_FAILURES, BIGCOMMERCE_BREAKER_COOLDOWN_MS). */
  breakerFailures?: number
  breakerCooldownMs?: number
  dispatcher?: Dispatcher
  /** Record every exchange as a fixture (RECORD_FIXTURES). */
  recordFixtures?: FixtureRecordingOptions
}

export default fp<BigCommercePluginOptions>(async (fastify, opts) => {
  const recording = opts.recordFixtures === undefined
    ? undefined
    : createFixtureRecording({ onError: (err) => { fastify.log.error({ err }, 'a BigCommerce exchange could not be written as a fixture') }, ...opts.recordFixtures })
  if (recording !== undefined) fastify.log.warn({ dir: opts.recordFixtures?.dir }, 'recording every BigCommerce exchange as a fixture (RECORD_FIXTURES)')
  const client = createBigCommerceClient({
    apiUrl: opts.apiUrl,
    userAgent: opts.userAgent,
    timeoutMs: opts.timeoutMs,
    // One timeout given (tests of timeouts) bounds every call, POSTs included.
    writeTimeoutMs: opts.timeoutMs,
    callsPerStore: opts.callsPerStore,
    connections: opts.connections,
    breakerFailures: opts.breakerFailures,
    breakerCooldownMs: opts.breakerCooldownMs,
    dispatcher: opts.dispatcher,
    ...(recording === undefined ? {} : { interceptors: [recording.interceptor] }),
    onCall: (event) => {
      fastify.metrics.bigcommerceCall(event)
      fastify.log.debug({ store: event.store, call: event.call, status: event.status, ms: Math.round(event.ms) }, 'bigcommerce call')
    },
    onNotMade: fastify.metrics.bigcommerceNotMade,
    onBreakerChange: fastify.metrics.breakerChange
  })
  fastify.metrics.watchCallsInFlight(client.inFlight)
  fastify.decorate('bigcommerce', { client, geography: createGeography(), ...(recording === undefined ? {} : { recording }) })
  fastify.addHook('onClose', async () => { await client.close() })
}, { name: 'bigcommerce', dependencies: ['metrics'] })
