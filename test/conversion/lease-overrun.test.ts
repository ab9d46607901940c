/**
 * Finding 3: the order lease is renewed while a conversion runs, and if it still ran out (a paused
 * process, a database that did not take the renewal) and a second request made another order,
 * the order recorded first stays: ours is cancelled and Fast gets the recorded one.
 */
import t from 'tap'
import { mock } from 'node:test'
import pino from 'pino'
import { withOrderLease } from '../../src/operations/order-lease.js'
import type { OperationContext } from '../../src/operations/context.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { buildTestApp, STORE_HASH } from '../helpers/build-app.js'
import { startFakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'
import { convertBody, ORDER_ID } from '../use-cases/flows.js'
import { answering, CHECKOUT, heldReply, ok, orderNumbered, PATHS, requestsTo, seedConvertible } from './support.js'

const created = (id: number): FakeReply => ok({ data: { id }, meta: {} })
const LEASE_MS = 60_000

t.test('finding 3: a conversion outlasting the order lease keeps the order to itself: the lease is renewed while it runs', async t => {
  let now = 1_800_000_000_000
  const storage = openSqliteStorage(':memory:', { now: () => now })
  t.teardown(async () => { await storage.close() })
  mock.timers.enable({ apis: ['setInterval'] })
  t.teardown(() => { mock.timers.reset() })
  const renewals: Array<() => void> = []
  const acquireLease = storage.acquireLease.bind(storage)
  const watched = Object.assign(Object.create(storage), {
    async acquireLease (...args: Parameters<typeof acquireLease>) {
      const taken = await acquireLease(...args)
      renewals.shift()?.()
      return taken
    }
  })
  const renewed = (): Promise<void> => new Promise(resolve => { renewals.push(resolve) })
  const ctx = { storage: watched, api: { storeHash: STORE_HASH }, settings: { orderLeaseMs: LEASE_MS }, log: pino({ level: 'silent' }) } as unknown as OperationContext

  await withOrderLease(ctx, ORDER_ID, async () => {
    now += LEASE_MS - 1_000
    const renewal = renewed()
    mock.timers.tick(LEASE_MS)
    await renewal
    now += LEASE_MS - 1_000 // past the first lease's end, within the renewed one
    t.equal(await storage.acquireLease(STORE_HASH, `order:${ORDER_ID}`, 'another-request', LEASE_MS), false, 'another request cannot take the order meanwhile')
  })
  t.equal(await storage.acquireLease(STORE_HASH, `order:${ORDER_ID}`, 'another-request', LEASE_MS), true, 'given back at the end')
})

t.test('finding 3: when a second request made and recorded an order while the first order POST hung, Fast gets the recorded order and the late one is cancelled', async t => {
  let now = 1_800_000_000_000
  const storage = openSqliteStorage(':memory:', { now: () => now })
  const bc = await startFakeBigCommerce(t)
  const post = heldReply()
  let posts = 0
  const routes = answering({
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT), ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: [post.answer, created(101)],
    // The second request's look-ups: before it posts (nothing yet) and after (its own order).
    [`GET ${PATHS.ordersOfCart}`]: [ok([]), ok([orderNumbered(101)])],
    [`GET ${PATHS.incompleteOrdersOfCart}`]: [ok([]), ok([orderNumbered(101)])],
    [`PUT ${PATHS.order(101)}`]: [ok(orderNumbered(101))],
    [`PUT ${PATHS.order(100)}`]: [ok({ ...orderNumbered(100), status_id: 5, status: 'Cancelled' })],
    [`GET ${PATHS.readOrder(101)}`]: [ok(orderNumbered(101)), ok(orderNumbered(101))]
  })
  bc.handle(async request => {
    if (request.method === 'POST' && ++posts === 1) post.markArrived()
    return await routes(request)
  })
  const bridge = await buildTestApp(t, { storage, env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge)

  const first = bridge.fast('update', convertBody())
  await post.arrived
  now += LEASE_MS + 1_000 // the first request's lease ran out (its process was paused)
  const second = await bridge.fast('update', convertBody())
  t.equal(second.body?.order?.order?.external_id, '101', 'the second request made and recorded order 101')
  post.release(created(100))

  const late = await first
  t.equal(late.statusCode, 200)
  t.equal(late.body?.order?.order?.external_id, '101', 'Fast gets the order recorded first')
  t.equal((await storage.findOrderByFastId(STORE_HASH, ORDER_ID))?.bcOrderId, 101, 'the record keeps it')
  t.equal((await storage.getConversion(STORE_HASH, ORDER_ID))?.bcOrderId, 101)
  t.same(requestsTo(bc.requests, `PUT ${PATHS.order(100)}`).map(r => JSON.parse(r.body).status_id), [5], 'the late order is cancelled, never stamped')
})
