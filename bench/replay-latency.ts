/**
 * Replay latency: how long Fast waits for the answer to a request_id the bridge already answered,
 * (a) from the in-memory cache of the instance that ran it, (b) from the database: a new app on
 * the same SQLite file, and on PostgreSQL when a server answers, with the cache disabled so every
 * request reads the record. Real HTTP on loopback (undici keep-alive pool), Fast's signed token
 * checked on every request, the BigCommerce emulator in this process (a replay must not call it).
 * A benchmark, not a test: it prints numbers and asserts nothing about speed.
 *
 *   npm run bench
 *   BENCH_REQUESTS=5000 BENCH_WARMUP=500 BENCH_CONCURRENCY=1,16 DATABASE_URL_TEST=postgres://... npm run bench
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { Pool } from 'undici'
import { buildApp, type App } from '../src/app.js'
import { readConfig } from '../src/config.js'
import { buildSandbox, DEFAULT_STORE } from '../src/sandbox/app.js'
import { startFastJwksServer, type FastJwksServer } from '../test/helpers/fast-auth.js'
import { inSchema, PG_SHOWN_URL, PG_URL } from '../test/helpers/postgres.js'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 200)
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,16').split(',').map(Number)
const FAST_APP_ID = 'fast-app-bench'
const SHOPPER = {
  first_name: 'John', last_name: 'Smith', email: 'John+23roujwn@fast.in', phone: '+15555555555',
  address_1: '349 9th Street', city_locality: 'San Francisco', state_province_code: 'CA', country: 'US', country_code: 'US', postal_code: '94103'
}

const emulator = buildSandbox({ logger: false })
const emulatorUrl = await emulator.listen({ port: 0, host: '127.0.0.1' })
const jwks = await startFastJwksServer()
const bcCalls = (): number => Object.values(emulator.sandbox.calls.snapshot().stores[DEFAULT_STORE.hash] ?? {}).reduce((sum, n) => sum + n, 0)

async function startApp (database: { dataDir?: string, databaseUrl?: string }, cacheBytes?: number): Promise<{ app: App, url: string }> {
  const config = readConfig({
    BIGCOMMERCE_API_URL: emulatorUrl,
    BIGCOMMERCE_STORE_HASH: DEFAULT_STORE.hash,
    BIGCOMMERCE_ACCESS_TOKEN: DEFAULT_STORE.accessToken,
    FAST_APP_ID,
    FAST_JWKS_URL: jwks.jwksUrl,
    LOG_LEVEL: 'silent',
    ...(database.dataDir === undefined ? {} : { DATA_DIR: database.dataDir }),
    ...(database.databaseUrl === undefined ? {} : { DATABASE_URL: database.databaseUrl })
  })
  const app = await buildApp({ config, logger: false, idempotency: { reapIntervalMs: 0, ...(cacheBytes === undefined ? {} : { cacheBytes }) } })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url }
}

async function post (pool: Pool, path: string, authorization: string, body: string): Promise<{ statusCode: number, replayed: boolean, text: string }> {
  const response = await pool.request({ method: 'POST', path, headers: { authorization, 'content-type': 'application/json' }, body })
  return { statusCode: response.statusCode, replayed: response.headers['idempotent-replayed'] === 'true', text: await response.body.text() }
}

/** A Fast order whose bill_to update (one request_id) has been answered once: the body to replay. */
async function answeredRequest (url: string, authorization: string): Promise<{ body: string, answer: string }> {
  const pool = new Pool(url, { connections: 1 })
  try {
    const orderId = randomUUID()
    const created = await post(pool, '/fast/v1/create', authorization, JSON.stringify({
      type: 'ENTITY_TYPE_ORDER',
      order: { is_cart: true, order: { id: { value: orderId }, order_type: 'ORDER_TYPE_CART', status: 'ORDER_STATUS_CART', bill_to: {}, lines: [{ id: { value: randomUUID() }, external_product_id: '112', quantity: 1 }] } }
    }))
    if (created.statusCode !== 200) throw new Error(`create answered ${created.statusCode}: ${created.text}`)
    const body = JSON.stringify({ request_id: { value: randomUUID() }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: orderId }, is_cart: true, bill_to: SHOPPER } })
    const first = await post(pool, '/fast/v1/update', authorization, body)
    if (first.statusCode !== 200 || first.replayed) throw new Error(`bill_to answered ${first.statusCode}: ${first.text}`)
    return { body, answer: first.text }
  } finally {
    await pool.close()
  }
}

interface Result { label: string, concurrency: number, p50: number, p95: number, p99: number, max: number, rps: number, bytes: number }

async function measure (label: string, url: string, authorization: string, request: { body: string, answer: string }, concurrency: number): Promise<Result> {
  const pool = new Pool(url, { connections: concurrency, pipelining: 1 })
  const callsBefore = bcCalls()
  const one = async (): Promise<number> => {
    const start = process.hrtime.bigint()
    const answer = await post(pool, '/fast/v1/update', authorization, request.body)
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (answer.statusCode !== 200 || !answer.replayed || answer.text !== request.answer) throw new Error(`${label}: not the replayed answer (${answer.statusCode}, replayed ${String(answer.replayed)})`)
    return ms
  }
  const run = async (count: number): Promise<number[]> => {
    const times: number[] = []
    let next = 0
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < count) { next++; times.push(await one()) }
    }))
    return times
  }
  try {
    await run(WARMUP)
    const start = process.hrtime.bigint()
    const times = (await run(REQUESTS)).sort((a, b) => a - b)
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    if (bcCalls() !== callsBefore) throw new Error(`${label}: a replay called BigCommerce`)
    const at = (q: number): number => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]
    return { label, concurrency, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: times[times.length - 1], rps: REQUESTS / seconds, bytes: request.answer.length }
  } finally {
    await pool.close()
  }
}

async function postgresSchema (): Promise<{ url: string, drop: () => Promise<void> } | string> {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 1, connectionTimeoutMillis: 2000 })
  admin.on('error', () => {})
  const schema = `fbc_bench_${process.pid}_${randomBytes(3).toString('hex')}`
  try {
    await admin.query(`CREATE SCHEMA ${schema}`)
  } catch (err) {
    await admin.end().catch(() => {})
    return (err as Error).message
  }
  return {
    url: inSchema(PG_URL, schema),
    drop: async () => { await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`); await admin.end() }
  }
}

async function bench (store: string, database: { dataDir?: string, databaseUrl?: string }, jwks: FastJwksServer): Promise<Result[]> {
  const authorization = jwks.bearer(FAST_APP_ID, { expiresInSeconds: 3600 })
  const results: Result[] = []
  // (a) The instance that answered: the replay comes from its memory.
  const first = await startApp(database)
  const request = await answeredRequest(first.url, authorization)
  for (const c of CONCURRENCY) results.push(await measure(`cache (${store} behind)`, first.url, authorization, request, c))
  await first.app.close()
  // (b) A new instance on the same database, cache off: every replay reads the stored record.
  const second = await startApp(database, 1)
  for (const c of CONCURRENCY) results.push(await measure(`database: ${store}, new app`, second.url, authorization, request, c))
  await second.app.close()
  return results
}

const results: Result[] = []
const dir = await mkdtemp(join(tmpdir(), 'fbc-bench-'))
try {
  results.push(...await bench('SQLite', { dataDir: dir }, jwks))
  const postgres = await postgresSchema()
  if (typeof postgres === 'string') {
    console.log(`PostgreSQL skipped: not reachable at ${PG_SHOWN_URL} (${postgres})`)
  } else {
    try {
      results.push(...await bench('PostgreSQL', { databaseUrl: postgres.url }, jwks))
    } finally {
      await postgres.drop()
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true })
  await jwks.close()
  await emulator.close()
}

const f = (ms: number): string => ms.toFixed(3).padStart(8)
console.log(`\nReplay latency, ${REQUESTS} requests after ${WARMUP} warm-up, Node ${process.version}, answer ${results[0]?.bytes ?? 0} bytes`)
console.log(`${'source'.padEnd(30)} ${'conc'.padStart(4)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'req/s'.padStart(8)}`)
for (const r of results) {
  console.log(`${r.label.padEnd(30)} ${String(r.concurrency).padStart(4)} ${f(r.p50)} ${f(r.p95)} ${f(r.p99)} ${f(r.max)} ${r.rps.toFixed(0).padStart(8)}`)
}
