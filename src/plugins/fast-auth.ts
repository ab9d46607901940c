/**
 * Authenticates every Fast call before its body is even parsed: a valid RS256 token from Fast
 * whose audience is one of our stores' Fast App IDs. The request then carries that store.
 * `checkFastKeys()` answers the settings page's "can Fast's keys be fetched" with the same key source,
 * so a check shares the JWKS fetch budget (at most one fetch per 30 s) with the calls it describes.
 */
import fp from 'fastify-plugin'
import type { Dispatcher } from 'undici'
import { createFastAuthenticator } from '../fast/auth.js'
import type { JwksKeySource } from '../fast/jwks.js'
import type { StoreAccount, StoreDirectory } from '../stores/store-directory.js'

declare module 'fastify' {
  interface FastifyInstance {
    authenticateFast: (request: FastifyRequest) => Promise<void>
    /**
     * Whether Fast's signing keys can be fetched now (the settings page's connection check): fetches the JWKS
     * unless a fetch ran in the last 30 s, and counts the usable RS256 keys. Never throws.
     */
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
  /** Keys to trust instead of fetching `jwksUrl` (SANDBOX_FAST_TOKENS: the sandbox key, development only). */
  keySource?: JwksKeySource
}

export default fp<FastAuthPluginOptions>(async (fastify, opts) => {
  const authenticator = createFastAuthenticator({
    jwksUrl: opts.jwksUrl,
    issuer: opts.issuer,
    dispatcher: opts.dispatcher,
    keySource: opts.keySource,
    // One line per failed fetch (at most one per 30 s), however many requests the outage refuses:
    // those are logged at info by the error handler.
    jwks: {
      onFetchError: (err) => {
        // JwksFetchError messages are ours ("Fast's JWKS answered HTTP 503"), never the document.
        const why = err instanceof Error ? err.message : 'unknown failure'
        fastify.log.error({ err }, `Fast's JWKS could not be fetched (${why}): calls whose key is not cached are refused (503) until it can`)
      }
    }
  })
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
  fastify.decorate('checkFastKeys', () => authenticator.checkKeys())
  fastify.addHook('onClose', async () => {
    await authenticator.close()
    await opts.keySource?.close()
  })
}, { name: 'fast-auth' })
