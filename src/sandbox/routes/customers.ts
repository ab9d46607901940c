/** customers.v3.yml: the store's customers, filtered by `id:in` or `email:in` as BigCommerce does. */
import type { FastifyPluginAsync } from 'fastify'
import { storeOf, type RouteOptions } from '../context.js'

const list = (value: unknown): string[] => typeof value === 'string' && value !== '' ? value.split(',') : []

export const customerRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.get('/v3/customers', async (request) => {
    const query = request.query as Record<string, unknown>
    const ids = list(query['id:in'])
    const emails = list(query['email:in']).map(email => email.toLowerCase())
    const data = (storeOf(sandbox, request).seed.customers ?? [])
      .filter(customer => ids.length === 0 || ids.includes(String(customer.id)))
      .filter(customer => emails.length === 0 || emails.includes(customer.email.toLowerCase()))
    return { data, meta: { pagination: { total: data.length, count: data.length, per_page: 50, current_page: 1, total_pages: 1 } } }
  })
}
