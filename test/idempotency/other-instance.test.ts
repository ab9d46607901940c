/**
 * The request_id layer across instances sharing one database: while another instance holds a
 * request_id (its claim's lease is running), a duplicate waits briefly, then gets a 409 with
 * Retry-After and makes no BigCommerce call; once that instance's lease expires (it crashed), the
 * duplicate runs. Old records are reaped.
 */
import t from 'tap'
import { fingerprint } from '../../src/idempotency/fingerprint.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { buildTestApp, STORE_HASH } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'

const body = { request_id: { value: 'held-elsewhere' }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: 'unknown-order' }, bill_to: { email: 'a@b.c', country_code: 'US' } } }

t.test('a request_id another instance is running answers 409 with Retry-After, without calling BigCommerce', async t => {
  let now = 1_800_000_000_000
  const storage = openSqliteStorage(':memory:', { now: () => now })
  const bigcommerce = forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { storage, idempotency: { waitMs: 200, reapIntervalMs: 0 } })
  const held = await storage.claimRequest(STORE_HASH, 'held-elsewhere', fingerprint('/fast/v1/update', body), 'another-instance', 30_000)
  t.equal(held.state, 'claimed', 'the other instance holds the request_id')

  const started = Date.now()
  const answer = await bridge.fast('update', body)
  t.equal(answer.statusCode, 409)
  t.equal(answer.body.details[0].reason, 'REQUEST_IN_PROGRESS')
  t.equal(answer.headers['retry-after'], '1')
  t.ok(Date.now() - started >= 200, 'after waiting for the other instance a moment')
  t.equal(bigcommerce.calls(), 0, 'no BigCommerce call')

  now += 31_000 // the other instance's lease ran out: it died without answering
  const retried = await bridge.fast('update', body)
  t.equal(retried.statusCode, 404, 'the retry runs (and finds no such order)')
  t.equal(retried.body.details[0].reason, 'ORDER_NOT_FOUND')
})

t.test('answers older than a day are reaped; recent ones stay', async t => {
  let now = 1_800_000_000_000
  const storage = openSqliteStorage(':memory:', { now: () => now })
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { storage, idempotency: { reapIntervalMs: 0 } })
  const first = await bridge.fast('update', body)
  t.equal(first.statusCode, 404, 'a definitive answer is stored')
  t.equal((await bridge.fast('update', body)).headers['idempotent-replayed'], 'true')
  now += 25 * 60 * 60 * 1000
  t.equal(await bridge.app.reapIdempotencyRecords(), 1, 'one record reaped after 25 hours')
  t.equal((await storage.claimRequest(STORE_HASH, 'held-elsewhere', 'another body', 'someone', 1000)).state, 'claimed', 'the request_id is free again in the database')
})
