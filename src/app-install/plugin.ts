/**
 * The BigCommerce app: the install callbacks under APP_URL's path, with their own error answers
 * (a page for the control panel, JSON for BigCommerce's servers, never Fast's error body) and a
 * request log that drops the query string, which carries the install code or the signed payload.
 * Registered by app.ts only when the install settings are configured; needs `fastify.stores`
 * (plugins/stores.ts).
 */
import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { Dispatcher } from 'undici'
import { CallbackError, callbackRoutes } from './callbacks.js'
import { messagePage, pageHeaders } from './pages.js'
import settingsPage from './settings/index.js'
import { createSignedPayloadVerifier, InvalidSignedPayload } from './signed-payload.js'
import { createTokenExchange, TokenExchangeError } from './token-exchange.js'

export interface AppInstallOptions {
  clientId: string
  clientSecret: string
  /** The public URL of the app; the callbacks are `${appUrl}/auth`, `/load`, `/uninstall`, `/remove_user`. */
  appUrl: string
  /** BigCommerce's login host (the token exchange). */
  loginUrl: string
  loginDispatcher?: Dispatcher
  userAgent?: string
  /** Epoch milliseconds, for the signed payload's exp/nbf; tests inject a clock. */
  now?: () => number
}

/** The callbacks' paths under APP_URL (an app served at https://host/fast has /fast/auth). */
export function callbackPrefix (appUrl: string): string {
  return new URL(appUrl).pathname.replace(/\/+$/, '')
}

/** Fastify's request log fields, with the path only: the query holds codes and signed payloads. */
export function requestWithoutQuery (request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url.split('?')[0],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort
  }
}

export default fp<AppInstallOptions>(async (fastify, opts) => {
  const verify = createSignedPayloadVerifier({ clientId: opts.clientId, clientSecret: opts.clientSecret, now: opts.now })
  const tokenExchange = createTokenExchange({
    loginUrl: opts.loginUrl,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    redirectUri: `${opts.appUrl.replace(/\/+$/, '')}/auth`,
    dispatcher: opts.loginDispatcher,
    userAgent: opts.userAgent
  })
  fastify.addHook('onClose', async () => { await tokenExchange.close() })
  if (!fastify.hasDecorator('openSettings')) await fastify.register(settingsPage, { clientSecret: opts.clientSecret, appUrl: opts.appUrl, now: opts.now })

  fastify.setErrorHandler((err: FastifyError, request, reply) => answerFailure(err, request, reply))
  await fastify.register(callbackRoutes, {
    prefix: callbackPrefix(opts.appUrl),
    verify,
    tokenExchange,
    // Fastify's type says serializers return strings; pino takes any value.
    logSerializers: { req: requestWithoutQuery as unknown as (value: unknown) => string }
  })
}, { name: 'app-install', encapsulate: true, dependencies: ['stores'] })

function failureOf (err: FastifyError | Error): CallbackError {
  if (err instanceof CallbackError) return err
  if (err instanceof InvalidSignedPayload) {
    return new CallbackError(401, 'INVALID_SIGNED_PAYLOAD', 'This link is not valid', err.message)
  }
  if (err instanceof TokenExchangeError) {
    if (err.kind === 'client_refused') {
      return new CallbackError(502, 'CLIENT_REFUSED', 'This app cannot be installed just now',
        "BigCommerce did not recognise this app's credentials, so nothing was installed. Installing again will not help until they are corrected: please contact the app's developer.")
    }
    if (err.kind === 'refused') {
      return new CallbackError(400, 'CODE_REFUSED', 'BigCommerce did not accept this install',
        'The install code was refused by BigCommerce (it may have been used already or have expired). Nothing was installed. Start the install again from the control panel.')
    }
    return new CallbackError(err.kind === 'unreachable' ? 503 : 502, err.kind === 'unreachable' ? 'LOGIN_UNREACHABLE' : 'LOGIN_INVALID_ANSWER',
      'BigCommerce could not be reached', 'The install could not be completed because BigCommerce did not answer as expected. Nothing was installed. Please try again in a moment.')
  }
  if ((err as FastifyError).validation !== undefined) {
    return new CallbackError(400, 'INVALID_CALLBACK', 'This link is incomplete',
      'The address BigCommerce opened lacks what an install needs. Start the install again from the control panel.')
  }
  return new CallbackError(500, 'INTERNAL', 'Something went wrong', 'The app could not complete this step. Nothing you did caused it; please try again.')
}

async function answerFailure (err: FastifyError, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const failure = failureOf(err)
  const logged = { reason: failure.reason, status: failure.statusCode, ...(err instanceof InvalidSignedPayload ? { check: err.reason } : {}) }
  if (failure.statusCode >= 500) {
    // Our own errors and storage errors only: the token exchange's carry no code, secret or token.
    const title = failure.reason === 'CLIENT_REFUSED' ? 'BigCommerce refused the app\'s credentials: check BIGCOMMERCE_CLIENT_ID and BIGCOMMERCE_CLIENT_SECRET against the Developer Portal' : failure.title
    request.log.error({ ...logged, err: err instanceof TokenExchangeError ? { name: err.name, kind: err.kind, message: err.message } : err }, title)
  } else {
    request.log.info(logged, failure.title)
  }
  reply.code(failure.statusCode)
  if (request.routeOptions.config.callbackAnswer === 'json') {
    return await reply.header('cache-control', 'no-store').send({ error: failure.reason, message: failure.message })
  }
  return await pageHeaders(reply).send(messagePage(failure.title, [failure.message], failure.items))
}
