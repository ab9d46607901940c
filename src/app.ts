/**
 * buildApp(options): the whole bridge as a Fastify instance, ready but not listening. server.ts
 * listens; tests call app.inject().
 */
import Fastify, { LogController, type FastifyServerOptions } from 'fastify'
import sensible from '@fastify/sensible'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Dispatcher } from 'undici'
import appInstall, { requestWithoutQuery } from './app-install/plugin.js'
import type { FixtureRecordingOptions } from './bigcommerce/recorder/fixture-recording.js'
import { orderStatusIdsOf, type Config } from './config.js'
import { clientErrorHandler } from './fast/client-errors.js'
import { createLocalKeySource } from './fast/jwks.js'
import { useJsonBodyParser } from './fast/json-body.js'
import routes from './fast/routes.js'
import deadline from './fast/deadline.js'
import health from './health.js'
import idempotency, { type IdempotencyOptions } from './idempotency/plugin.js'
import apiDocs from './plugins/api-docs.js'
import bigcommercePlugin from './plugins/bigcommerce.js'
import drainOnClose from './plugins/drain-on-close.js'
import errorHandler from './plugins/error-handler.js'
import fastAuth from './plugins/fast-auth.js'
import loadShedding from './plugins/load-shedding.js'
import metrics from './plugins/metrics.js'
import readiness from './plugins/readiness.js'
import requestLog from './plugins/request-log.js'
import storagePlugin from './plugins/storage.js'
import storesPlugin from './plugins/stores.js'
import { loadOrCreateSandboxSigner } from './sandbox/fast-key.js'
import type { Keyring } from './secrets/keyring.js'
import type { Storage } from './storage/storage.js'
import { staticStoreDirectory, type StoreAccount, type StoreDirectory } from './stores/store-directory.js'

export const USER_AGENT = 'fast-bigcommerce/0.1 (+https://github.com/fast-bigcommerce)'

export interface AppOptions {
  config: Config
  /**
   * Which stores Fast's calls reach; by default the environment's store (BIGCOMMERCE_* and
   * FAST_APP_ID) and the stores installed from the control panel (`fastify.stores`).
   */
  stores?: StoreDirectory
  /**
   * The stores served without an install, before installed ones; by default the one the
   * BIGCOMMERCE_* settings name (sandbox mode gives its emulator's store here, keeping installs served).
   */
  environmentStores?: StoreDirectory
  /** The keyring sealing tokens and stored answers, instead of the one the configuration names. */
  keyring?: Keyring
  /** A storage to use instead of the one the configuration names. */
  storage?: Storage
  /** undici dispatchers, for tests that point BigCommerce or the JWKS at loopback fakes. */
  bigcommerceDispatcher?: Dispatcher
  jwksDispatcher?: Dispatcher
  /** undici dispatcher for the install's token exchange at BIGCOMMERCE_LOGIN_URL. */
  loginDispatcher?: Dispatcher
  /** Tuning of the request_id layer (leases, waits, cache, reaper); tests shorten the times. */
  idempotency?: IdempotencyOptions
  /** Timeout of each BigCommerce call (default 10 s, POSTs 20 s); tests of timeouts shorten both. */
  bigcommerceTimeoutMs?: number
  /** Record BigCommerce exchanges as fixtures; by default into RECORD_FIXTURES when it is set. */
  recordFixtures?: FixtureRecordingOptions
  logger?: FastifyServerOptions['logger']
}

/** Redacted wherever they appear in what we log ourselves; the request line (plugins/request-log.ts) carries no headers. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization', 'req.headers["x-auth-token"]', '*.accessToken', '*.access_token', '*.token', '*.email', '*.phone'
]

/** The single store the environment names (no install needed); served before installed stores. */
export function storesFromConfig (config: Config): StoreDirectory {
  const { BIGCOMMERCE_STORE_HASH: hash, BIGCOMMERCE_ACCESS_TOKEN: accessToken, FAST_APP_ID: fastAppId } = config
  const orderStatusIds = orderStatusIdsOf(config)
  const stores: StoreAccount[] = hash !== undefined && accessToken !== undefined && fastAppId !== undefined
    ? [{ hash, accessToken, fastAppId, orderStatusIds }]
    : []
  return staticStoreDirectory(stores)
}

/** The BigCommerce app's settings, when all are set: then /auth, /load, /uninstall and /remove_user are served. */
export function installSettingsOf (config: Config): { clientId: string, clientSecret: string, appUrl: string } | undefined {
  const { BIGCOMMERCE_CLIENT_ID: clientId, BIGCOMMERCE_CLIENT_SECRET: clientSecret, APP_URL: appUrl } = config
  return clientId !== undefined && clientSecret !== undefined && appUrl !== undefined ? { clientId, clientSecret, appUrl } : undefined
}

export async function buildApp (options: AppOptions) {
  const { config } = options
  const app = Fastify({
    // A caller's logger options (a test's stream, say) keep the redaction unless they set their own.
    // Requests are logged by their path only, everywhere: a query may carry an install code or a
    // signed payload even where no install callback is served (settings lost, APP_URL's path mistyped).
    logger: options.logger === false
      ? false
      : {
          level: config.LOG_LEVEL,
          redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
          serializers: { req: requestWithoutQuery },
          ...(typeof options.logger === 'object' ? options.logger : {})
        },
    // One line per request instead of Fastify's two (plugins/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    connectionTimeout: 120_000,
    requestTimeout: 60_000,
    keepAliveTimeout: 10_000,
    // Headers over 16 KiB, a malformed request line: answered in Fast's error body too.
    clientErrorHandler,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } }
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Fast sends JSON; a text/plain body is refused (415) rather than parsed as a string.
  app.removeContentTypeParser('text/plain')
  // Bodies too deep or not Unicode are refused before anything walks them (src/fast/json-body.ts).
  useJsonBodyParser(app)
  app.decorate('config', config)
  await app.register(sensible)
  await app.register(errorHandler)
  await app.register(requestLog)
  // Before the routes, so every answer sent while closing ends its connection.
  await app.register(drainOnClose)
  // First of the hooks, so a shed call costs no authentication, database or BigCommerce work.
  await app.register(loadShedding, {
    maxEventLoopDelayMs: config.LOAD_SHED_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: config.LOAD_SHED_HEAP_USED_BYTES,
    maxRssBytes: config.LOAD_SHED_RSS_BYTES
  })
  // Before the BigCommerce client, the request_id layer and Fast's routes, which report to it.
  await app.register(metrics, { port: config.METRICS_PORT, host: config.HOST })
  await app.register(storagePlugin, { dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL, storage: options.storage })
  await app.register(storesPlugin, { environmentStores: options.environmentStores ?? storesFromConfig(config), keyring: options.keyring })
  await app.register(bigcommercePlugin, {
    apiUrl: config.BIGCOMMERCE_API_URL,
    userAgent: USER_AGENT,
    timeoutMs: options.bigcommerceTimeoutMs,
    callsPerStore: config.BIGCOMMERCE_CALLS_PER_STORE,
    connections: config.BIGCOMMERCE_CONNECTIONS,
    breakerFailures: config.BIGCOMMERCE_BREAKER_FAILURES,
    breakerCooldownMs: config.BIGCOMMERCE_BREAKER_COOLDOWN_MS,
    dispatcher: options.bigcommerceDispatcher,
    recordFixtures: options.recordFixtures ?? (config.RECORD_FIXTURES === undefined ? undefined : { dir: config.RECORD_FIXTURES })
  })
  await app.register(deadline, { deadlineMs: config.FAST_DEADLINE_MS })
  const stores = options.stores ?? app.stores
  // SANDBOX_FAST_TOKENS (development only): `npm run demo` can drive a bridge serving a real store.
  const sandboxSigner = config.SANDBOX_FAST_TOKENS ? loadOrCreateSandboxSigner(config.DATA_DIR) : undefined
  if (sandboxSigner !== undefined) app.log.warn('SANDBOX_FAST_TOKENS: Fast tokens are verified with the sandbox key under DATA_DIR, not with Fast\'s JWKS')
  await app.register(fastAuth, {
    jwksUrl: config.FAST_JWKS_URL,
    issuer: sandboxSigner?.issuer ?? config.FAST_ISSUER,
    stores,
    dispatcher: options.jwksDispatcher,
    keySource: sandboxSigner === undefined ? undefined : await createLocalKeySource(sandboxSigner.jwks())
  })
  await app.register(idempotency, { leaseMs: config.IDEMPOTENCY_LEASE_MS, orderLeaseMs: config.ORDER_LEASE_MS, deflateAnswers: config.STORED_ANSWERS === 'deflated', ...options.idempotency })
  // Before every route it documents: the generator collects routes as they are added.
  await app.register(apiDocs)
  await app.register(health)
  await app.register(readiness)
  await app.register(routes, { stores })
  const install = installSettingsOf(config)
  if (install !== undefined) {
    await app.register(appInstall, { ...install, loginUrl: config.BIGCOMMERCE_LOGIN_URL, loginDispatcher: options.loginDispatcher, userAgent: USER_AGENT })
  }
  await app.ready()
  return app
}

export type App = Awaited<ReturnType<typeof buildApp>>

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
  }
}
