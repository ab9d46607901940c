/**
 * The login host's token exchange (POST https://login.bigcommerce.com/oauth2/token), the step that
 * completes an app install (bigcommerce.md §5.2): the app's client id and secret, a code the
 * control panel handed out for this app and store (good once), and a redirect_uri equal to the
 * app's registered callback `${appUrl}/auth`. The answer carries the store's access token in
 * BigCommerce's shape, and the app counts as installed on the store.
 */
import { createHash } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import type { RouteOptions, SandboxApp } from '../context.js'

/**
 * What the sandbox grants unless a store is configured with other scopes: the permissions the
 * bridge needs (its README's table, src/app-install/scopes.ts), written out here because the
 * emulator depends on nothing of the bridge, plus the optional marketing read.
 */
export const DEFAULT_SCOPE = [
  'store_cart', 'store_checkout', 'store_v2_orders', 'store_v2_products_read_only',
  'store_v2_information_read_only', 'store_v2_customers_read_only', 'store_v2_marketing_read_only'
].join(' ')

/** A stable UUID-shaped account id per store hash. */
export function accountUuid (hash: string): string {
  const hex = createHash('md5').update(`account:${hash}`).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** The one auth callback BigCommerce accepts as redirect_uri for this app. */
export function authCallbackOf (app: SandboxApp): string | undefined {
  return app.appUrl === undefined ? undefined : `${app.appUrl.replace(/\/+$/, '')}/auth`
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
    const refuse = async (status: number, error: string, description: string): Promise<unknown> =>
      await reply.code(status).send({ error, error_description: description })
    const app = sandbox.apps.find((candidate) => candidate.clientId === body.client_id)
    if (app === undefined || app.clientSecret !== body.client_secret) return await refuse(401, 'invalid_client', 'Invalid client id or secret.')
    if (body.grant_type !== 'authorization_code' || typeof body.code !== 'string' || body.code === '') {
      return await refuse(400, 'invalid_request', 'grant_type must be authorization_code and code is required.')
    }
    const callback = authCallbackOf(app)
    if (callback === undefined || body.redirect_uri !== callback) {
      return await refuse(400, 'invalid_request', "redirect_uri is not the app's registered auth callback URL.")
    }
    const hash = typeof body.context === 'string' ? body.context.replace(/^stores\//, '') : undefined
    const store = hash === undefined ? undefined : sandbox.stores.get(hash)
    if (store === undefined) return await refuse(400, 'invalid_request', 'Unknown context.')
    if (!sandbox.installs.redeem(body.code, app.clientId, store.config.hash)) {
      return await refuse(400, 'invalid_grant', 'The code is invalid, expired or already used.')
    }
    sandbox.installs.markInstalled(app.clientId, store.config.hash)
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
