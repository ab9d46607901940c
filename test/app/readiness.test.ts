/**
 * GET /ready: 200 while this machine can serve Fast (its stores load, the database answers), 503
 * naming the failed check otherwise, within a bounded time even when the database hangs; refused
 * once the server is closing, while the requests in flight still get their answers.
 */
import { once } from 'node:events'
import { createServer, connect, type Socket } from 'node:net'
import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import pg from 'pg'
import t from 'tap'
import { request } from 'undici'
import { openPostgresStorage } from '../../src/storage/postgres.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import type { Storage } from '../../src/storage/storage.js'
import { staticStoreDirectory } from '../../src/stores/store-directory.js'
import { buildTestApp } from '../helpers/build-app.js'
import { forbidBigCommerce, throwingStorage } from '../helpers/fake-bigcommerce-guards.js'
import { nextSample } from '../helpers/pressure-sample.js'
import { IN_CI, inSchema, PG_SHOWN_URL, PG_URL, postgresProblem } from '../helpers/postgres.js'

const ALL_OK = { stores: 'ok', database: 'ok' }

t.test('GET /ready answers 200 when the stores load and the database answers', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  const response = await bridge.app.inject({ method: 'GET', url: '/ready' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json/)
  t.same(response.json(), { status: 'ready', checks: ALL_OK })
})

t.test('GET /ready answers 503 naming the database and the stores when the database refuses every query, and shows no error text', async (t) => {
  forbidBigCommerce(t)
  const storage = throwingStorage()
  const bridge = await buildTestApp(t, { storage })
  const response = await bridge.app.inject({ method: 'GET', url: '/ready' })
  t.equal(response.statusCode, 503)
  t.same(response.json(), { status: 'not ready', checks: { stores: 'unreachable', database: 'unreachable' } })
  t.same([...storage.touched].sort(), ['getInstalledStore', 'ping'], 'only the readiness queries ran')
  t.notMatch(response.body, /must not be called/, 'the error text stays in the log')
})

t.test('GET /ready answers 503 naming the stores when installed stores cannot be read, though the database answers a ping', async (t) => {
  forbidBigCommerce(t)
  const storage = openSqliteStorage(':memory:')
  const broken: Storage = { ...storage, getInstalledStore: async () => { throw new Error('no such table: installed_stores') } }
  const bridge = await buildTestApp(t, { storage: broken })
  const response = await bridge.app.inject({ method: 'GET', url: '/ready' })
  t.equal(response.statusCode, 503)
  t.same(response.json(), { status: 'not ready', checks: { ...ALL_OK, stores: 'unreachable' } })
  t.notMatch(response.body, /installed_stores/, 'the error text stays in the log')
})

t.test('GET /ready answers 503 "timed out" naming the stores when reading them hangs', async (t) => {
  forbidBigCommerce(t)
  const storage = openSqliteStorage(':memory:')
  const hung: Storage = { ...storage, getInstalledStore: async () => await new Promise<undefined>(() => {}) }
  const bridge = await buildTestApp(t, { storage: hung })
  const response = await bridge.app.inject({ method: 'GET', url: '/ready' })
  t.equal(response.statusCode, 503)
  t.same(response.json(), { status: 'not ready', checks: { ...ALL_OK, stores: 'timed out' } })
})

t.test('GET /ready answers 503 "not loaded" naming the stores when the environment\'s store is not served', async (t) => {
  forbidBigCommerce(t)
  // BIGCOMMERCE_STORE_HASH and FAST_APP_ID name a store, but the directory Fast's tokens are checked against lacks it.
  const bridge = await buildTestApp(t, { environmentStores: staticStoreDirectory([]) })
  const response = await bridge.app.inject({ method: 'GET', url: '/ready' })
  t.equal(response.statusCode, 503)
  t.same(response.json(), { status: 'not ready', checks: { ...ALL_OK, stores: 'not loaded' } })
})

t.test('GET /ready answers 503 "timed out" when the database hangs, instead of hanging the check', async (t) => {
  forbidBigCommerce(t)
  const storage = openSqliteStorage(':memory:')
  const hung: Storage = { ...storage, ping: async () => await new Promise<void>(() => {}) }
  const bridge = await buildTestApp(t, { storage: hung })
  const response = await bridge.app.inject({ method: 'GET', url: '/ready' })
  t.equal(response.statusCode, 503)
  t.same(response.json(), { status: 'not ready', checks: { ...ALL_OK, database: 'timed out' } })
})

const postgres = await postgresProblem()
const noPostgres = postgres === undefined || IN_CI ? false : `PostgreSQL not reachable at ${PG_SHOWN_URL} (${postgres})`

t.test('GET /ready answers 503 when the PostgreSQL server it uses stops answering, and 200 again once it is back', { skip: noPostgres }, async (t) => {
  if (postgres !== undefined) t.fail(`PostgreSQL not reachable at ${PG_SHOWN_URL} (${postgres}), and CI=true requires it`)
  forbidBigCommerce(t)
  const schema = `fbc_ready_${process.pid}_${randomBytes(3).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`CREATE SCHEMA ${schema}`)
  t.teardown(async () => { await admin.query(`DROP SCHEMA ${schema} CASCADE`); await admin.end() })

  // The bridge reaches PostgreSQL through a relay this test can cut: a server going away, as the
  // bridge sees it (its connections drop, new ones are refused).
  const target = new URL(PG_URL)
  const relay = await startRelay(target.hostname, Number(target.port || 5432))
  t.teardown(relay.close)
  const url = new URL(PG_URL)
  url.hostname = '127.0.0.1'
  url.port = String(relay.port)
  const storage = await openPostgresStorage(inSchema(url.toString(), schema))
  const bridge = await buildTestApp(t, { storage })
  t.equal((await bridge.app.inject({ method: 'GET', url: '/ready' })).statusCode, 200, 'ready while PostgreSQL answers')

  await relay.cut()
  const response = await bridge.app.inject({ method: 'GET', url: '/ready' })
  t.equal(response.statusCode, 503)
  const { checks } = response.json() as { checks: Record<string, string> }
  t.equal(checks.database, 'unreachable', 'the database is named')
  t.not(checks.stores, 'ok', 'and so are the stores, read from it')
  t.notMatch(response.body, /127\.0\.0\.1|postgres|ECONNREFUSED/, 'neither the address nor the error')

  await relay.restore()
  t.equal((await bridge.app.inject({ method: 'GET', url: '/ready' })).statusCode, 200, 'ready again')
})

t.test('GET /ready answers 200 while every Fast call is shed for memory', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { env: { LOAD_SHED_HEAP_USED_BYTES: '1' } })
  await nextSample(t, bridge.app)
  t.ok(bridge.app.isUnderPressure(), 'Fast calls are being shed')
  const response = await bridge.app.inject({ method: 'GET', url: '/ready' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ready', checks: ALL_OK })
})

t.test('while the server closes, a new /ready is not answered 200 and a request in flight gets its answer, closing its connection', async (t) => {
  forbidBigCommerce(t)
  // The request in flight is a /ready whose database query waits until the test lets it go.
  const storage = openSqliteStorage(':memory:')
  let entered!: () => void
  const queried = new Promise<void>(resolve => { entered = resolve })
  let release!: () => void
  const released = new Promise<void>(resolve => { release = resolve })
  const gated: Storage = { ...storage, ping: async () => { entered(); await released; await storage.ping() } }
  const log = linesLogged()
  const bridge = await buildTestApp(t, { storage: gated, logger: { level: 'info', stream: log.stream } })
  const address = await bridge.app.listen({ port: 0, host: '127.0.0.1' })
  const inFlight = request(`${address}/ready`)
  await queried

  const closed = bridge.app.close()
  await log.seen(/^closing/)
  // Refused at the door once the server stopped listening, or answered 503 if it came just before.
  const refused = await request(`${address}/ready`, { reset: true }).then(
    async response => { await response.body.dump(); return response.statusCode },
    (err: NodeJS.ErrnoException) => err.code
  )
  t.ok(refused === 503 || refused === 'ECONNREFUSED', `a new /ready is refused (${String(refused)})`)

  release()
  const answered = await inFlight
  t.equal(answered.statusCode, 200, 'the request in flight is answered')
  t.same(await answered.body.json(), { status: 'ready', checks: ALL_OK })
  t.equal(answered.headers.connection, 'close', 'and its keep-alive connection ends with it, so the close need not wait for it to idle out')
  await closed
})

/** A log stream that can wait for a message. */
function linesLogged (): { stream: Writable, seen: (message: RegExp) => Promise<void> } {
  const messages: string[] = []
  const waiting: Array<{ message: RegExp, resolve: () => void }> = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const message = String((JSON.parse(line) as { msg?: unknown }).msg)
        messages.push(message)
        for (const waiter of waiting.filter(waiter => waiter.message.test(message))) waiter.resolve()
      }
      done()
    }
  })
  return {
    stream,
    seen: async (message) => {
      if (messages.some(seen => message.test(seen))) return
      await new Promise<void>(resolve => { waiting.push({ message, resolve }) })
    }
  }
}

/** A TCP relay to host:port that can be cut (every connection dropped, new ones refused) and restored. */
async function startRelay (host: string, port: number): Promise<{ port: number, cut: () => Promise<void>, restore: () => Promise<void>, close: () => Promise<void> }> {
  const sockets = new Set<Socket>()
  const relay = createServer(client => {
    const upstream = connect(port, host)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => { sockets.delete(socket); client.destroy(); upstream.destroy() })
    }
    client.pipe(upstream).pipe(client)
  })
  relay.listen(0, '127.0.0.1')
  await once(relay, 'listening')
  const address = relay.address()
  const relayPort = typeof address === 'object' && address !== null ? address.port : 0
  const stop = async (): Promise<void> => {
    if (!relay.listening) return
    const closed = once(relay, 'close')
    relay.close()
    for (const socket of sockets) socket.destroy()
    await closed
  }
  return {
    port: relayPort,
    cut: stop,
    restore: async () => {
      relay.listen(relayPort, '127.0.0.1')
      await once(relay, 'listening')
    },
    close: stop
  }
}
