/**
 * GET /health: the process is up and serving. Touches neither the database nor BigCommerce.
 *
 * It is a liveness check and is never shed: Fly.io checks it, and a failing check takes the machine
 * out of service, which for a machine that is merely busy (one machine with SQLite: the only one)
 * would turn shedding some calls into refusing all of them. Fast's calls carry the pressure instead,
 * as 503 OVERLOADED with Retry-After (plugins/load-shedding.ts).
 */
import type { FastifyPluginAsync } from 'fastify'
import { ANSWER_UNDER_PRESSURE } from './plugins/load-shedding.js'

const health: FastifyPluginAsync = async (fastify) => {
  fastify.get('/health', { logLevel: 'warn', config: { pressureHandler: ANSWER_UNDER_PRESSURE } }, async () => ({ status: 'ok' }))
}

export default health
