/**
 * The login host's token exchange (POST https://login.bigcommerce.com/oauth2/token), for the
 * app install flow: any code is accepted for a configured client, and the answer carries the
 * store's access token in BigCommerce's shape (bigcommerce.md §5.2).
 */
import { createHash } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import type { RouteOptions } from '../context.js'

export const DEFAULT_SCOPE = [
  'store_cart', 'store_checkout', 'store_v2_orders', 'store_v2_products_read_only',
  'store_v2_information_read_only', 'store_v2_marketing_read_only'
].join(' ')

/** A stable UUID-shaped account id per store hash. */
export function accountUuid (hash: string): string {
  const hex = createHash('md5').update(`account:${hash}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

interface TokenBody {
  client_id?: unknown
  client_secret?: unknown
  code?: unknown
  context?: unknown
  scope?: unknown
  grant_type?: unknown
  redirect_uri?: unknown
}

export const oauthRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.post<{ Body: TokenBody | null }>('/oauth2/token', async (request, reply) => {
    const body = request.body ?? {}
    const app = sandbox.apps.find((candidate) => candidate.clientId === body.client_id)
    if (app === undefined || app.clientSecret !== body.client_secret) {
      return await reply.code(401).send({ error: 'invalid_client', error_description: 'Invalid client id or secret.' })
    }
    if (body.grant_type !== 'authorization_code' || typeof body.code !== 'string' || body.code === '') {
      return await reply.code(400).send({ error: 'invalid_request', error_description: 'grant_type must be authorization_code and code is required.' })
    }
    const first = [...sandbox.stores.values()][0]
    const hash = typeof body.context === 'string' ? body.context.replace(/^stores\//, '') : first?.config.hash
    const store = hash === undefined ? undefined : sandbox.stores.get(hash)
    if (store === undefined) {
      return await reply.code(400).send({ error: 'invalid_request', error_description: `Unknown context ${String(body.context)}.` })
    }
    const user = { id: 1, username: 'sandbox-owner', email: store.seed.store.admin_email }
    return {
      access_token: store.config.accessToken,
      scope: store.config.scope ?? DEFAULT_SCOPE,
      user,
      owner: user,
      context: `stores/${store.config.hash}`,
      account_uuid: accountUuid(store.config.hash)
    }
  })
}
