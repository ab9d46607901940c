/**
 * GET /ready: whether this machine should be sent traffic, as opposed to /health (health.ts), which
 * only says the process is up. Fly.io's http_service check polls it (fly.toml) and routes no request
 * to a machine failing it, without restarting it.
 *
 * Three checks, each named in the answer: the configuration and the stores were loaded (they are
 * settled at start-up, which refuses to listen without them, so on a listening server they hold), and
 * the database answers a trivial query within READY_DATABASE_TIMEOUT_MS, so a hung database makes
 * /ready answer 503 rather than hang the check. The answer names what failed and nothing else: no
 * error text, which could carry a host or a connection string; the log has the error.
 *
 * While the server closes, new connections are refused and a request on an open one gets Fastify's
 * 503 (`return503OnClosing`, on by default), while requests in flight finish (drain-on-close.ts): the
 * check fails, so the proxy stops routing here. Like /health, it is never shed: shedding it would
 * take the only machine out of routing.
 */
import fp from 'fastify-plugin'
import { ANSWER_UNDER_PRESSURE } from './load-shedding.js'

/** Well under the check's own timeout in fly.toml (2 s), so Fly reads our 503 rather than its timeout. */
export const READY_DATABASE_TIMEOUT_MS = 1_000

export type CheckOutcome = 'ok' | 'not loaded' | 'unreachable' | 'timed out'

export interface Readiness {
  status: 'ready' | 'not ready'
  checks: { configuration: CheckOutcome, stores: CheckOutcome, database: CheckOutcome }
}

export default fp(async (fastify) => {
  const { storage } = fastify

  /** The database's answer to a ping, bounded: a hung connection is 'timed out', never a hung check. */
  const database = async (): Promise<CheckOutcome> => {
    let timer: NodeJS.Timeout | undefined
    const timedOut = new Promise<CheckOutcome>(resolve => { timer = setTimeout(resolve, READY_DATABASE_TIMEOUT_MS, 'timed out') })
    // Called inside an async function, so that a storage throwing at once counts as unreachable too.
    const answered = (async () => { await storage.ping() })().then(
      (): CheckOutcome => 'ok',
      (err: unknown): CheckOutcome => {
        fastify.log.warn({ err }, 'readiness: the database did not answer')
        return 'unreachable'
      }
    )
    try {
      return await Promise.race([answered, timedOut])
    } finally {
      clearTimeout(timer)
    }
  }

  fastify.get('/ready', { logLevel: 'warn', config: { pressureHandler: ANSWER_UNDER_PRESSURE } }, async (_request, reply) => {
    const checks: Readiness['checks'] = {
      configuration: typeof fastify.config === 'object' ? 'ok' : 'not loaded',
      stores: typeof fastify.stores === 'object' ? 'ok' : 'not loaded',
      database: await database()
    }
    const ready = Object.values(checks).every(outcome => outcome === 'ok')
    if (!ready) fastify.log.warn({ checks }, 'not ready')
    return await reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks } satisfies Readiness)
  })
}, { name: 'readiness', dependencies: ['storage', 'stores'] })
