/** GET /health: the process is up and serving. Touches neither the database nor BigCommerce. */
import type { FastifyPluginAsync } from 'fastify'

const health: FastifyPluginAsync = async (fastify) => {
  fastify.get('/health', { logLevel: 'warn' }, async () => ({ status: 'ok' }))
}

export default health
