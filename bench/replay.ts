/**
 * Section 1, replays side by side: the floor (a bare Fastify route verifying the same RS256 token
 * and answering the same body), the bridge's cached replay, and replays read from SQLite and from
 * PostgreSQL with the cache off (a new bridge on the same database), each at 1, 16 and 64
 * connections with autocannon in its own process. Ratios are to the bare route.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { inSchema, PG_SHOWN_URL, PG_URL } from '../test/helpers/postgres.js'
import type { ClosedLoopInput, ClosedLoopOutput } from './closed-loop.js'
import { withSend, type Context } from './context.js'
import { totalCalls } from './emulator.js'
import { post } from './fast-http.js'
import { checkout, type Send } from './journey.js'
import { runChild, startServer, type Server } from './processes.js'
import { latencyOf, medianOfRounds } from './stats.js'

export type Target = 'bare' | 'cache' | 'sqlite' | 'postgres'
export interface ReplayPoint { target: Target, connections: number, rps: number, p50: number, p99: number, rpsRatio: number, p50Ratio: number, p99Ratio: number, bytes: number }
export interface ReplayResult { points: ReplayPoint[], skipped: string[] }

const PATH = '/fast/v1/update'

/**
 * A whole checkout, and its last update (PENDING_FULFILLMENT: about 2.6 KB with two lines, a
 * shipment and a coupon, the answer Fast retries most) as the request to replay, with its answer.
 */
async function answered (ctx: Context, url: string): Promise<{ body: string, answer: string }> {
  const authorization = ctx.authorizations[0]
  return await withSend(url, 1, async (send, pool) => {
    let last = ''
    const recording: Send = async (operation, auth, body) => {
      if (operation === 'update') last = JSON.stringify(body)
      return await send(operation, auth, body)
    }
    await checkout(recording, authorization)
    const again = await post(pool, { path: PATH, authorization, body: last })
    if (again.statusCode !== 200 || !again.replayed) throw new Error(`the checkout's last update was not replayed (${again.statusCode}: ${again.text.slice(0, 300)})`)
    await assertReplays(url, authorization, last, again.text)
    return { body: last, answer: again.text }
  })
}

async function assertReplays (url: string, authorization: string, body: string, answer: string): Promise<void> {
  await withSend(url, 1, async (_send, pool) => {
    const again = await post(pool, { path: PATH, authorization, body })
    if (again.statusCode !== 200 || !again.replayed || again.text !== answer) throw new Error(`not the replayed answer (${again.statusCode}, replayed ${String(again.replayed)})`)
  })
}

async function postgresSchema (): Promise<{ url: string, drop: () => Promise<void> } | string> {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1, connectionTimeoutMillis: 5000 })
  admin.on('error', () => {})
  const schema = `fbc_bench_${process.pid}_${randomBytes(3).toString('hex')}`
  try {
    await admin.query(`CREATE SCHEMA ${schema}`)
  } catch (err) {
    await admin.end().catch(() => {})
    return `PostgreSQL skipped: not reachable at ${PG_SHOWN_URL} (${(err as Error).message})`
  }
  return { url: inSchema(PG_URL, schema), drop: async () => { await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await admin.end() } }
}

type Raw = Omit<ReplayPoint, 'rpsRatio' | 'p50Ratio' | 'p99Ratio'>

/** Every connection count, `rounds` times, against one server; the median of the rounds. */
async function measure (ctx: Context, target: Target, server: Server, request: { body: string, answer: string }): Promise<Raw[]> {
  const callsBefore = await totalCalls(ctx.emulator.url)
  const points: Raw[] = []
  for (const connections of ctx.options.connections) {
    const rounds = []
    for (let r = 0; r < ctx.options.rounds; r++) {
      const run = await runChild<ClosedLoopInput, ClosedLoopOutput>('./closed-loop.ts', {
        url: server.url, path: PATH, authorization: ctx.authorizations[0], body: request.body, connections, seconds: ctx.options.seconds
      })
      if (run.failed > 0 || run.ok === 0) throw new Error(`${target} at ${connections} connections: ${run.failed} failed, ${run.ok} answered`)
      rounds.push({ rps: run.ok / run.seconds, ...latencyOf(run.latenciesMs) })
    }
    points.push({ target, connections, bytes: Buffer.byteLength(request.answer), ...medianOfRounds(rounds) })
  }
  if (target !== 'bare' && await totalCalls(ctx.emulator.url) !== callsBefore) throw new Error(`${target}: a replay called BigCommerce`)
  return points
}

async function withServer<T> (server: Promise<Server>, work: (server: Server) => Promise<T>): Promise<T> {
  const running = await server
  try { return await work(running) } finally { await running.stop() }
}

export async function replaySection (ctx: Context): Promise<ReplayResult> {
  const raw: Raw[] = []
  const skipped: string[] = []
  const dataDir = `${ctx.dir}/replay-sqlite`
  // The instance that answered replays from its memory; a new one on the same file, cache off, from SQLite.
  const request = await withServer(ctx.bridge('replay from the cache', { dataDir }), async (bridge) => {
    const request = await answered(ctx, bridge.url)
    raw.push(...await measure(ctx, 'cache', bridge, request))
    return request
  })
  await withServer(startServer('bare', { jwksUrl: ctx.jwks.jwksUrl, fastAppId: ctx.stores[0].fastAppId, answer: request.answer }), async (bare) => {
    raw.unshift(...await measure(ctx, 'bare', bare, request))
  })
  await withServer(ctx.bridge('replay from SQLite', { dataDir, cacheBytes: 1 }), async (bridge) => {
    await assertReplays(bridge.url, ctx.authorizations[0], request.body, request.answer)
    raw.push(...await measure(ctx, 'sqlite', bridge, request))
  })
  const postgres = await postgresSchema()
  if (typeof postgres === 'string') {
    skipped.push(postgres)
  } else {
    try {
      await withServer(ctx.bridge('replay from PostgreSQL', { databaseUrl: postgres.url, cacheBytes: 1 }), async (bridge) => {
        raw.push(...await measure(ctx, 'postgres', bridge, await answered(ctx, bridge.url)))
      })
    } finally {
      await postgres.drop()
    }
  }
  const points = raw.map(point => {
    const bare = raw.find(p => p.target === 'bare' && p.connections === point.connections) as Raw
    return { ...point, rpsRatio: point.rps / bare.rps, p50Ratio: point.p50 / bare.p50, p99Ratio: point.p99 / bare.p99 }
  })
  return { points, skipped }
}
