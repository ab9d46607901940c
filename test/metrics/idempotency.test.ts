/**
 * The request_id layer's counts: a request_id answered again is a replay, from memory on the
 * instance that answered it and from the database on another; one reused with another body is a
 * conflict, as is one still running on another instance; a first execution is a claim. The update names an order the bridge never made: its
 * 404 is a definitive answer, stored and replayed, and no BigCommerce call is needed.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { fingerprint } from '../../src/idempotency/fingerprint.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { buildTestApp, STORE_HASH } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'
import { reasonOf } from '../use-cases/flows.js'
import { scrape, sumOf } from './scrape.js'

const updateOf = (requestId: string, email = 'shopper@example.com'): unknown => ({
  request_id: { value: requestId },
  type: 'ENTITY_TYPE_ORDER',
  order: { order_id: { value: 'unknown-order' }, bill_to: { email, country_code: 'US' } }
})

t.test('a request_id sent again is replayed from memory, and counted as a replay, not a claim', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  const first = await bridge.fast('update', updateOf('req-1'))
  const again = await bridge.fast('update', updateOf('req-1'))
  t.equal(first.statusCode, 404)
  t.equal(again.headers['idempotent-replayed'], 'true')
  const samples = await scrape(bridge.app)
  t.equal(sumOf(samples, 'idempotency_replays_total', { source: 'memory' }), 1)
  t.equal(sumOf(samples, 'idempotency_replays_total'), 1)
  t.equal(sumOf(samples, 'idempotency_claims_total'), 1, 'only the first ran')
  t.equal(sumOf(samples, 'fast_requests_total', { operation: 'update', outcome: reasonOf(first) ?? '' }), 2, 'both answered, with the same outcome')
})

t.test('a request_id answered by another instance is replayed from the database', async (t) => {
  forbidBigCommerce(t)
  const dir = await mkdtemp(join(tmpdir(), 'fbc-metrics-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'fast-bigcommerce.db')
  const first = await buildTestApp(t, { storage: openSqliteStorage(file) })
  await first.fast('update', updateOf('req-1'))
  // Another bridge on the same database, its replay cache empty.
  const second = await buildTestApp(t, { storage: openSqliteStorage(file) })
  const again = await second.fast('update', updateOf('req-1'))
  t.equal(again.headers['idempotent-replayed'], 'true')
  const samples = await scrape(second.app)
  t.equal(sumOf(samples, 'idempotency_replays_total', { source: 'database' }), 1)
  t.equal(sumOf(samples, 'idempotency_replays_total', { source: 'memory' }), 0)
  t.equal(sumOf(samples, 'idempotency_claims_total'), 0)
})

t.test('a request_id reused with another body is counted as a conflict', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  await bridge.fast('update', updateOf('req-1'))
  const reused = await bridge.fast('update', updateOf('req-1', 'another@example.com'))
  t.equal(reasonOf(reused), 'REQUEST_ID_REUSED')
  const samples = await scrape(bridge.app)
  t.equal(sumOf(samples, 'idempotency_conflicts_total', { reason: 'reused' }), 1)
  t.equal(sumOf(samples, 'idempotency_replays_total'), 0)
  t.equal(sumOf(samples, 'fast_requests_total', { operation: 'update', outcome: 'REQUEST_ID_REUSED' }), 1)
})

t.test('a request_id another instance still runs is counted as a conflict in progress', async (t) => {
  forbidBigCommerce(t)
  const storage = openSqliteStorage(':memory:')
  const bridge = await buildTestApp(t, { storage, idempotency: { waitMs: 50, reapIntervalMs: 0 } })
  const held = await storage.claimRequest(STORE_HASH, 'req-1', fingerprint('/fast/v1/update', updateOf('req-1')), 'another-instance', 60_000)
  t.equal(held.state, 'claimed', 'the other instance holds the request_id')
  const answer = await bridge.fast('update', updateOf('req-1'))
  t.equal(reasonOf(answer), 'REQUEST_IN_PROGRESS')
  const samples = await scrape(bridge.app)
  t.equal(sumOf(samples, 'idempotency_conflicts_total', { reason: 'in_progress' }), 1)
  t.equal(sumOf(samples, 'idempotency_claims_total'), 0)
  t.equal(sumOf(samples, 'fast_requests_total', { operation: 'update', outcome: 'REQUEST_IN_PROGRESS' }), 1)
})
