/**
 * An update or delete names its order: the request_id's claim takes that order's lease in the same
 * commit, and the answer frees it in the same commit as it is stored, so the order is never held
 * past its answer and the two records cost two commits, not four.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import type { Storage } from '../../src/storage/storage.js'
import { buildTestApp, STORE_HASH } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'
import { DEFAULT_STORE } from '../../src/sandbox/app.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'
import { createBody } from '../helpers/fast-requests.js'

const billTo = { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com', phone: '+15555555555', address_1: '349 9th Street', city_locality: 'San Francisco', state_province_code: 'CA', country: 'US', country_code: 'US', postal_code: '94103' }
const updateOf = (orderId: string, requestId = randomUUID()) => ({ request_id: { value: requestId }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: orderId }, is_cart: true, bill_to: billTo } })

/** The storage methods called, in order, while counting. */
function recordCalls (storage: Storage): { calls: string[] } {
  const log = { calls: [] as string[] }
  for (const method of ['claimRequest', 'completeRequest', 'releaseRequest', 'acquireLease', 'releaseLease'] as const) {
    const original = (storage[method] as (...args: unknown[]) => Promise<unknown>).bind(storage)
    ;(storage as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const lease = method === 'claimRequest' ? args[5] : method === 'completeRequest' ? args[4] : method === 'releaseRequest' ? args[3] : undefined
      log.calls.push(lease === undefined || (Array.isArray(lease) && lease.length === 0) ? method : `${method}+lease`)
      return await original(...args)
    }
  }
  return log
}

t.test('an update takes its order\'s lease with its claim and frees it with its answer', async t => {
  const storage = openSqliteStorage(':memory:')
  const bridge = await buildSandboxBridge(t, { storage, idempotency: { reapIntervalMs: 0 } })
  const orderId = randomUUID()
  t.equal((await bridge.fast('create', createBody([{ id: randomUUID(), product: '112', quantity: 1 }], orderId))).statusCode, 200)
  const log = recordCalls(storage)

  t.equal((await bridge.fast('update', updateOf(orderId))).statusCode, 200)
  t.same(log.calls, ['claimRequest+lease', 'completeRequest+lease'])
  t.equal(await storage.acquireLease(DEFAULT_STORE.hash, `order:${orderId}`, 'next-update', 1000), true, 'the order is free once answered')
})

t.test('an order another update holds is waited for as before, its claim made all the same', async t => {
  const storage = openSqliteStorage(':memory:')
  const bridge = await buildSandboxBridge(t, { storage, idempotency: { reapIntervalMs: 0 } })
  const orderId = randomUUID()
  t.equal((await bridge.fast('create', createBody([{ id: randomUUID(), product: '112', quantity: 1 }], orderId))).statusCode, 200)
  t.ok(await storage.acquireLease(DEFAULT_STORE.hash, `order:${orderId}`, 'other-update', 60_000))
  // The other update ends just as this one first asks for the order on its own.
  const acquire = storage.acquireLease.bind(storage)
  const release = storage.releaseLease.bind(storage)
  storage.acquireLease = async (...args) => {
    await release(DEFAULT_STORE.hash, `order:${orderId}`, 'other-update')
    return await acquire(...args)
  }
  const log = recordCalls(storage)

  t.equal((await bridge.fast('update', updateOf(orderId))).statusCode, 200)
  t.same(log.calls, ['claimRequest+lease', 'acquireLease', 'releaseLease', 'completeRequest'], 'its own lease, freed by the operation')
})

t.test('an answer the database fails to store still frees the order for the next change', async t => {
  const storage = openSqliteStorage(':memory:')
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { storage, idempotency: { reapIntervalMs: 0 } })
  storage.completeRequest = async () => { throw new Error('database blip') }
  const answer = await bridge.fast('update', updateOf('unknown-order'))
  t.equal(answer.statusCode, 404, 'the answer goes out')
  t.equal(await storage.acquireLease(STORE_HASH, 'order:unknown-order', 'next-update', 1000), true)
})
