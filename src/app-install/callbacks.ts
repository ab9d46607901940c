/**
 * BigCommerce's four app callbacks (bigcommerce.md §5.1):
 *
 * - GET /auth: the control panel installs (or re-authorises) the app. The code becomes a token at
 *   the login host, the GRANTED scopes are checked, the store is saved, the settings page opens.
 * - GET /load: the merchant opens the app; the signed payload names the store and the user.
 * - GET /uninstall: BigCommerce, server to server; the store's token and shopper data go.
 * - GET /remove_user: a user lost access; we keep no per-user data, so there is nothing to do.
 *
 * Nothing changes before the signed payload or the code has been verified. Failures are
 * CallbackError (a status and a page) or the errors of signed-payload.ts and token-exchange.ts;
 * plugin.ts turns each into a page (browser callbacks) or a JSON body (server callbacks).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { missingScopes } from './scopes.js'
import type { SignedPayloadVerifier } from './signed-payload.js'
import type { TokenExchange } from './token-exchange.js'

export class CallbackError extends Error {
  readonly statusCode: number
  readonly title: string
  readonly reason: string
  /** Items the page lists (e.g. the missing permissions). */
  readonly items: string[]
  constructor (statusCode: number, reason: string, title: string, message: string, items: string[] = []) {
    super(message)
    this.name = 'CallbackError'
    this.statusCode = statusCode
    this.reason = reason
    this.title = title
    this.items = items
  }
}

/** How a route's failures are answered: a page in the control panel's iframe, or JSON for BigCommerce's servers. */
export type CallbackAnswer = 'html' | 'json'
declare module 'fastify' {
  interface FastifyContextConfig {
    callbackAnswer?: CallbackAnswer
  }
}

export interface CallbackOptions {
  verify: SignedPayloadVerifier
  tokenExchange: TokenExchange
}

const AuthQuery = Type.Object({
  code: Type.String({ minLength: 1, maxLength: 1024 }),
  scope: Type.String({ maxLength: 4096 }),
  context: Type.String({ pattern: '^stores/[a-z0-9]{1,32}$' }),
  account_uuid: Type.Optional(Type.String({ maxLength: 64 }))
})

/** Missing or malformed payloads are the verifier's to refuse (one 401 for every bad payload). */
const SignedQuery = Type.Object({
  signed_payload_jwt: Type.Optional(Type.String())
})

export const callbackRoutes: FastifyPluginAsyncTypebox<CallbackOptions> = async (fastify, { verify, tokenExchange }) => {
  fastify.get('/auth', { schema: { querystring: AuthQuery }, config: { callbackAnswer: 'html' } }, async (request, reply) => {
    const { code, scope, context } = request.query
    const grant = await tokenExchange.exchange({ code, scope, context })
    const missing = missingScopes(grant.scopes)
    if (missing.length > 0) {
      throw new CallbackError(403, 'MISSING_SCOPES', 'Some permissions are missing',
        'BigCommerce granted this app fewer permissions than Fast Checkout needs, so nothing was installed. ' +
        "Ask the app's developer to request these in the Developer Portal, then install the app again:", missing)
    }
    await fastify.stores.install({ storeHash: grant.storeHash, accessToken: grant.accessToken, scopes: grant.scopes })
    request.log.info({ store: grant.storeHash, scopes: grant.scopes }, 'app installed')
    return await fastify.openSettings(reply, sessionOf(grant.storeHash, grant.user))
  })

  fastify.get('/load', { schema: { querystring: SignedQuery }, config: { callbackAnswer: 'html' } }, async (request, reply) => {
    const payload = await verify(request.query.signed_payload_jwt)
    // openSettings answers a store that is not installed (never, or no more) with its own 404 page.
    return await fastify.openSettings(reply, sessionOf(payload.storeHash, payload.user))
  })

  fastify.get('/uninstall', { schema: { querystring: SignedQuery }, config: { callbackAnswer: 'json' } }, async (request) => {
    const payload = await verify(request.query.signed_payload_jwt)
    // A storage failure propagates as a 5xx, so BigCommerce may call again.
    await fastify.stores.uninstall(payload.storeHash)
    request.log.info({ store: payload.storeHash }, 'app uninstalled')
    return { uninstalled: payload.storeHash }
  })

  fastify.get('/remove_user', { schema: { querystring: SignedQuery }, config: { callbackAnswer: 'json' } }, async (request) => {
    const payload = await verify(request.query.signed_payload_jwt)
    request.log.info({ store: payload.storeHash }, 'user removed; no per-user data is kept')
    return { removed: true, note: 'Fast Checkout keeps no per-user data: settings belong to the store.' }
  })
}

function sessionOf (storeHash: string, user: { id: number, email?: string }): { storeHash: string, userId: number, userEmail?: string } {
  return user.email === undefined ? { storeHash, userId: user.id } : { storeHash, userId: user.id, userEmail: user.email }
}
