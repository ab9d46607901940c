/**
 * The sandbox store: a stateful, in-memory BigCommerce for exactly the endpoints the bridge uses,
 * served like the real API under /stores/{hash}/v2|v3 with X-Auth-Token checks, plus the login
 * host's POST /oauth2/token, a control-panel stand-in that installs, opens and uninstalls an app
 * (/__sandbox/control-panel) and the /__sandbox/* knobs. Returns a Fastify instance that is not
 * listening yet, so tests can inject() and main.ts can listen().
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import { CallCounter, templateOf } from './calls.js'
import type { Sandbox, SandboxApp } from './context.js'
import { SandboxError, sendError } from './errors.js'
import { Faults } from './faults.js'
import { SandboxInstalls } from './installs.js'
import { cartRoutes } from './routes/carts.js'
import { controlPanelRoutes } from './routes/control-panel.js'
import { catalogRoutes } from './routes/catalog.js'
import { checkoutRoutes } from './routes/checkouts.js'
import { customerRoutes } from './routes/customers.js'
import { geographyRoutes } from './routes/geography.js'
import { knobRoutes } from './routes/knobs.js'
import { oauthRoutes } from './routes/oauth.js'
import { orderRoutes } from './routes/orders.js'
import { shippingRoutes } from './routes/shipping.js'
import { storeRoutes } from './routes/store.js'
import { loadSeed } from './seed.js'
import { StoreState, type StoreConfig } from './state.js'
import type { StoreSeed } from './types.js'

export type { Sandbox, SandboxApp } from './context.js'
export type { FaultConfig, FaultRule, FaultType, QuotaConfig } from './faults.js'
export type { StoreConfig } from './state.js'
export type { StoreSeed } from './types.js'

export const DEFAULT_STORE: StoreConfig = { hash: 'sandbox', accessToken: 'sandbox-token' }
export const DEFAULT_APP: SandboxApp = { clientId: 'sandbox-client', clientSecret: 'sandbox-secret' }

export interface BuildSandboxOptions {
  /** Stores to emulate; default one store `sandbox` with token `sandbox-token`. */
  stores?: StoreConfig[]
  /** Catalog, coupons, zones and countries every store starts from; default fixtures/sandbox/store.json. */
  seed?: StoreSeed
  /** Apps the sandbox knows (client id, secret, app URL); default sandbox-client / sandbox-secret, no URL yet. */
  apps?: SandboxApp[]
  logger?: FastifyServerOptions['logger']
}

export type SandboxServer = FastifyInstance & { sandbox: Sandbox }

export function buildSandbox (options: BuildSandboxOptions = {}): SandboxServer {
  const seed = options.seed ?? loadSeed()
  const stores = new Map((options.stores ?? [DEFAULT_STORE]).map((config) => [config.hash, new StoreState(config, structuredClone(seed))]))
  const sandbox: Sandbox = {
    stores,
    calls: new CallCounter(),
    faults: new Faults(),
    apps: options.apps ?? [{ ...DEFAULT_APP }],
    installs: new SandboxInstalls(),
    reset () {
      for (const store of stores.values()) store.reset()
      this.calls.reset()
      this.faults.clear()
    }
  }

  const app = Fastify({ logger: options.logger ?? false })
  app.decorate('sandbox', sandbox)

  // BigCommerce takes a POST with a JSON content type and no body (e.g. POST .../orders); so do we.
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined)
    try {
      done(null, JSON.parse(body as string))
    } catch {
      done(new SandboxError(400, 'The request body is not valid JSON.'), undefined)
    }
  })
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })

  app.setErrorHandler((err: FastifyError | SandboxError, request, reply) => {
    if (err instanceof SandboxError) return sendError(request, reply, err.status, err.title, err.detail, err.fieldErrors)
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500
    if (status === 500) request.log.error({ err }, 'sandbox handler failed')
    return sendError(request, reply, status, status === 500 ? 'Internal Server Error' : err.message)
  })
  app.setNotFoundHandler((request, reply) => sendError(request, reply, 404, 'Not Found', 'The requested resource was not found.'))

  const dropAfterSend = new WeakSet<FastifyRequest>()

  app.register(async (scope) => {
    scope.addHook('onRequest', async (request, reply) => {
      const hash = (request.params as { hash: string }).hash
      const call = `${request.method} ${templateOf(request.routeOptions.url ?? request.url)}`
      sandbox.calls.record(hash, call)
      if (await sandbox.faults.before(hash, call, request, reply)) return reply
      const store = stores.get(hash)
      if (store === undefined) return sendError(request, reply, 403, 'Forbidden', `No store with hash ${hash}.`)
      if (request.headers['x-auth-token'] !== store.config.accessToken) {
        return sendError(request, reply, 401, 'Unauthorized', 'The X-Auth-Token header is missing or invalid.')
      }
      if (sandbox.faults.dropAfterCommit(hash, call)) dropAfterSend.add(request)
    })
    scope.addHook('onSend', async (request, reply, payload) => {
      // The work is done (the order exists); only the answer is lost, as when a connection dies mid-response.
      if (dropAfterSend.has(request) && reply.statusCode < 400) request.raw.socket?.destroy()
      return payload
    })
    for (const routes of [cartRoutes, checkoutRoutes, orderRoutes, catalogRoutes, customerRoutes, shippingRoutes, storeRoutes, geographyRoutes]) {
      await scope.register(routes, { sandbox })
    }
  }, { prefix: '/stores/:hash' })

  app.register(oauthRoutes, { sandbox })
  app.register(knobRoutes, { sandbox })
  app.register(controlPanelRoutes, { sandbox })

  return app as unknown as SandboxServer
}
