/**
 * The database failing while the request_id layer records an answer: the answer still reaches Fast
 * in full, and the request_id is not stuck on this instance; once the claim's lease ends, a retry
 * runs again (operations find what the first run did).
 */
import t from 'tap'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { buildTestApp } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'

const body = { request_id: { value: 'blip' }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: 'unknown-order' }, bill_to: { email: 'a@b.c', country_code: 'US' } } }

t.test('an answer the database fails to store is still sent, and the request_id runs again once its lease ends', async t => {
  let now = 1_800_000_000_000
  const storage = openSqliteStorage(':memory:', { now: () => now })
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { storage, idempotency: { waitMs: 50, reapIntervalMs: 0 } })
  const complete = storage.completeRequest.bind(storage)
  let failures = 1
  storage.completeRequest = async (...args) => {
    if (failures-- > 0) throw new Error('database blip')
    return await complete(...args)
  }

  const first = await bridge.fast('update', body)
  t.equal(first.statusCode, 404, 'the answer goes out, not a 500')
  t.equal(first.body.details[0].reason, 'ORDER_NOT_FOUND')

  const duplicate = await bridge.fast('update', body)
  t.equal(duplicate.statusCode, 409, 'the claim still holds while its lease runs')
  t.equal(duplicate.body.details[0].reason, 'REQUEST_IN_PROGRESS')

  now += 31_000
  const later = await bridge.fast('update', body)
  t.equal(later.statusCode, 404, 'then the request_id is free: the retry runs')
})
