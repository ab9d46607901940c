/**
 * Authenticates every Fast call before its body is even parsed: a valid RS256 token from Fast
 * whose audience is one of our stores' Fast App IDs. The request then carries that store.
 */
import fp from 'fastify-plugin'
import type { Dispatcher } from 'undici'
import { createFastAuthenticator } from '../fast/auth.js'
import type { StoreAccount, StoreDirectory } from '../stores/store-directory.js'

declare module 'fastify' {
  interface FastifyInstance {
    authenticateFast: (request: FastifyRequest) => Promise<void>
    /** Whether Fast's signing keys can be fetched now (the settings page's connection check). */
    checkFastKeys: () => Promise<{ ok: true, keys: number } | { ok: false, reason: string }>
  }
  interface FastifyRequest {
    store: StoreAccount
  }
}

export interface FastAuthPluginOptions {
  jwksUrl: string
  issuer: string
  stores: StoreDirectory
  dispatcher?: Dispatcher
}

export default fp<FastAuthPluginOptions>(async (fastify, opts) => {
  const authenticator = createFastAuthenticator({ jwksUrl: opts.jwksUrl, issuer: opts.issuer, dispatcher: opts.dispatcher })
  fastify.decorateRequest('store', null as unknown as StoreAccount)
  fastify.decorate('authenticateFast', async (request) => {
    let store: StoreAccount | undefined
    await authenticator.authenticate(request.headers.authorization, {
      isKnownAudience: async (appId) => {
        store = await opts.stores.findByFastAppId(appId)
        return store !== undefined
      }
    })
    request.store = store as StoreAccount
  })
  // TODO(issue 9, helper "jose"): a real check through the key source (fetch, count usable keys).
  fastify.decorate('checkFastKeys', async () => ({ ok: false as const, reason: 'not checked yet' }))
  fastify.addHook('onClose', async () => { await authenticator.close() })
}, { name: 'fast-auth' })
