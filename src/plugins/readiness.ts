/**
 * GET /ready: whether this machine should be sent traffic, as opposed to /health (health.ts), which
 * only says the process is up. Fly.io's http_service check polls it (fly.toml) and routes no request
 * to a machine failing it, without restarting it.
 *
 * Two checks, each named in the answer, each bounded by READY_DATABASE_TIMEOUT_MS so a hung database makes
 * /ready answer 503 rather than hang the check:
 * - `stores`: the stores this machine serves can be loaded the way Fast's authentication loads them:
 *   the environment's store (when BIGCOMMERCE_STORE_HASH and FAST_APP_ID name one) is found by its
 *   Fast App ID with a token it may use, and the directory of installed stores answers a read.
 * - `database`: the database answers a trivial query.
 * There is no configuration check: start-up (start.ts, checkStartup) refuses a configuration that
 * cannot work before it listens, and the configuration never changes after, so a listening server
 * has one. The answer names what failed and nothing else: no error text, which could carry a host or
 * a connection string; the log has the error.
 *
 * While the server closes, new connections are refused and a request on an open one gets Fastify's
 * 503 (`return503OnClosing`, on by default), while requests in flight finish (drain-on-close.ts): the
 * check fails, so the proxy stops routing here. Like /health, it is never shed: shedding it would
 * take the only machine out of routing.
 */
import fp from 'fastify-plugin'
import { ANSWER_UNDER_PRESSURE } from './load-shedding.js'

/** Bounds each check (both read the database). Well under the check's own timeout in fly.toml (2 s), so Fly reads our 503 rather than its timeout. */
export const READY_DATABASE_TIMEOUT_MS = 1_000

/**
 * The installed store read by the `stores` check: none has this hash. The answer is not used, only
 * whether one comes; unlike a lookup by Fast App ID it is never served from the directory's cache.
 */
const PROBED_STORE_HASH = ''

export type CheckOutcome = 'ok' | 'not loaded' | 'unreachable' | 'timed out'

export interface Readiness {
  status: 'ready' | 'not ready'
  checks: { stores: CheckOutcome, database: CheckOutcome }
}

export default fp(async (fastify) => {
  const { storage, stores, config } = fastify

  /**
   * `check`'s outcome within READY_DATABASE_TIMEOUT_MS: 'timed out' when it hangs, 'unreachable' when it
   * throws (at once, too: it is called inside an async function), else what it answers.
   */
  const bounded = async (name: keyof Readiness['checks'], check: () => Promise<CheckOutcome>): Promise<CheckOutcome> => {
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<CheckOutcome>(resolve => { timer = setTimeout(resolve, READY_DATABASE_TIMEOUT_MS, 'timed out') })
    const answered = (async () => await check())().catch((err: unknown): CheckOutcome => {
      fastify.log.warn({ err }, `readiness: the ${name} check failed`)
      return 'unreachable'
    })
    try {
      return await Promise.race([answered, timedOut])
    } finally {
      clearTimeout(timer)
    }
  }

  const storesLoad = async (): Promise<CheckOutcome> => {
    const appId = config.BIGCOMMERCE_STORE_HASH === undefined ? undefined : config.FAST_APP_ID
    if (appId !== undefined) {
      const store = await stores.findByFastAppId(appId)
      if (store === undefined || store.tokenRefused === true || store.accessToken === '') return 'not loaded'
    }
    await stores.get(PROBED_STORE_HASH)
    return 'ok'
  }

  const databaseAnswers = async (): Promise<CheckOutcome> => {
    await storage.ping()
    return 'ok'
  }

  fastify.get('/ready', { logLevel: 'warn', config: { pressureHandler: ANSWER_UNDER_PRESSURE } }, async (_request, reply) => {
    const [storesOutcome, databaseOutcome] = await Promise.all([bounded('stores', storesLoad), bounded('database', databaseAnswers)])
    const checks: Readiness['checks'] = { stores: storesOutcome, database: databaseOutcome }
    const ready = Object.values(checks).every(outcome => outcome === 'ok')
    if (!ready) fastify.log.warn({ checks }, 'not ready')
    return await reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks } satisfies Readiness)
  })
}, { name: 'readiness', dependencies: ['storage', 'stores'] })
