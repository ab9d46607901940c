/**
 * The emulator's own controls, outside the BigCommerce API: faults, call counts and reset. No
 * token is checked here; the emulator only listens on loopback.
 */
import type { FastifyPluginAsync } from 'fastify'
import type { RouteOptions } from '../context.js'
import type { FaultConfig } from '../faults.js'

export const knobRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.get('/__sandbox/faults', async () => sandbox.faults.describe())

  fastify.post<{ Body: FaultConfig | null }>('/__sandbox/faults', async (request, reply) => {
    try {
      sandbox.faults.configure(request.body ?? {})
    } catch (err) {
      return await reply.code(400).send({ error: (err as Error).message })
    }
    return sandbox.faults.describe()
  })

  fastify.delete('/__sandbox/faults', async () => {
    sandbox.faults.clear()
    return sandbox.faults.describe()
  })

  fastify.get('/__sandbox/calls', async () => sandbox.calls.snapshot())

  fastify.delete('/__sandbox/calls', async () => {
    sandbox.calls.reset()
    return sandbox.calls.snapshot()
  })

  fastify.post('/__sandbox/reset', async () => {
    sandbox.reset()
    return { reset: true }
  })
}
