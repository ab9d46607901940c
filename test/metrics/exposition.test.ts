/**
 * GET /metrics: Prometheus text a scraper reads, the process's default metrics beside the bridge's,
 * never shed, never logged at info, and each app's counts its own.
 */
import { Writable } from 'node:stream'
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { nextSample } from '../helpers/pressure-sample.js'
import { parseExposition, scrape, sumOf } from './scrape.js'

const READ_ZONES = { type: 'ENTITY_TYPE_SHIPPING_ZONES' }

t.test('/metrics answers Prometheus text exposition that a line parser reads whole', async (t) => {
  const { app } = await buildTestApp(t)
  const response = await app.inject({ method: 'GET', url: '/metrics' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/plain; version=0\.0\.4/)
  const samples = parseExposition(response.body)
  t.ok(samples.length > 0)
  for (const name of ['fast_requests_total', 'fast_request_duration_seconds', 'bigcommerce_calls_total', 'bigcommerce_retries_total',
    'bigcommerce_rate_limited_total', 'bigcommerce_breakers_open', 'bigcommerce_breaker_opened_total', 'idempotency_replays_total',
    'duplicate_order_sweeps_total', 'duplicate_orders_cancelled_total']) {
    t.match(response.body, new RegExp(`^# TYPE ${name} `, 'm'), `${name} is declared`)
  }
})

t.test('/metrics carries the process\'s default metrics: CPU, memory, event loop lag', async (t) => {
  const { app } = await buildTestApp(t)
  const samples = await scrape(app)
  for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
    t.ok(samples.some(sample => sample.name === name), name)
  }
})

t.test('the process\'s default metrics are collected once, however many apps the process builds', async (t) => {
  const first = await buildTestApp(t)
  const second = await buildTestApp(t)
  const lagOf = (bridge: typeof first) => bridge.app.metrics.registry.getSingleMetric('nodejs_eventloop_lag_seconds')
  t.ok(lagOf(first), 'each app scrapes them')
  t.equal(lagOf(second), lagOf(first), 'from one collector, not one event-loop monitor per app')
})

t.test('a Fast request is counted under its operation and outcome, with its latency observed once', async (t) => {
  const bridge = await buildTestApp(t)
  const refused = await bridge.fast('read', READ_ZONES, { authorization: 'Bearer not-a-token' })
  t.equal(refused.statusCode, 401)
  const samples = await scrape(bridge.app)
  t.equal(sumOf(samples, 'fast_requests_total', { operation: 'read', outcome: 'UNAUTHENTICATED' }), 1)
  t.equal(sumOf(samples, 'fast_request_duration_seconds_count', { operation: 'read', outcome: 'UNAUTHENTICATED' }), 1)
  t.equal(sumOf(samples, 'fast_requests_total'), 1, 'nothing else counted: the scrape itself is not a Fast request')
})

t.test('two apps in one process keep separate counts', async (t) => {
  const first = await buildTestApp(t)
  const second = await buildTestApp(t)
  await first.fast('read', READ_ZONES, { authorization: 'Bearer not-a-token' })
  await first.fast('read', READ_ZONES, { authorization: 'Bearer not-a-token' })
  await second.fast('read', READ_ZONES, { authorization: 'Bearer not-a-token' })
  t.equal(sumOf(await scrape(first.app), 'fast_requests_total'), 2)
  t.equal(sumOf(await scrape(second.app), 'fast_requests_total'), 1)
})

t.test('/metrics is answered while the bridge sheds Fast\'s calls', async (t) => {
  // A heap limit of one byte: once sampled, every Fast call is shed.
  const bridge = await buildTestApp(t, { env: { LOAD_SHED_HEAP_USED_BYTES: '1' } })
  await nextSample(t, bridge.app)
  const shed = await bridge.fast('read', READ_ZONES)
  t.equal(shed.statusCode, 503, 'Fast\'s call is shed')
  const response = await bridge.app.inject({ method: 'GET', url: '/metrics' })
  t.equal(response.statusCode, 200)
  t.equal(sumOf(parseExposition(response.body), 'fast_requests_total', { operation: 'read', outcome: 'OVERLOADED' }), 1, 'and counts the shed call')
})

t.test('a scrape writes no request line at info', async (t) => {
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(JSON.parse(chunk.toString())); done() } })
  const { app } = await buildTestApp(t, { env: { LOG_LEVEL: 'info' }, logger: { stream } })
  await app.inject({ method: 'GET', url: '/metrics' })
  await app.inject({ method: 'GET', url: '/no-such-route' })
  t.notOk(lines.some(line => line.url === '/metrics'), 'no line for /metrics')
  t.ok(lines.some(line => line.url === '/no-such-route'), 'while other requests are logged')
})
