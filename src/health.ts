/**
 * GET /health: the process is up and serving. Touches neither the database nor BigCommerce, so a
 * broken dependency never makes it fail. It is the liveness check; whether to route requests here
 * is /ready's (plugins/readiness.ts), which Fly.io's check polls.
 *
 * Like /ready it is never shed: a check failing because the machine is merely busy (one machine with
 * SQLite: the only one) would turn shedding some calls into refusing all of them. Fast's calls carry
 * the pressure instead, as 503 OVERLOADED with Retry-After (plugins/load-shedding.ts).
 */
import type { FastifyPluginAsync } from 'fastify'
import { ANSWER_UNDER_PRESSURE } from './plugins/load-shedding.js'

const health: FastifyPluginAsync = async (fastify) => {
  fastify.get('/health', { logLevel: 'warn', config: { pressureHandler: ANSWER_UNDER_PRESSURE } }, async () => ({ status: 'ok' }))
}

export default health
