/**
 * A create that outlives Fast's deadline (issue 10): BigCommerce takes 3 s to make the cart and the
 * deadline is 500 ms. Fast gets 504; a retry with the same request_id while the POST still runs
 * gets 409 REQUEST_IN_PROGRESS; once it has run to its end, the retry gets the cart it made,
 * replayed, and BigCommerce holds exactly one cart (the POST was never repeated).
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'
import { createBody } from '../helpers/fast-requests.js'
import { buildFaultStage, retryAfterOf, STORE_A, STORE_B, summarise } from './support.js'

const CREATE_CART = 'POST /v3/carts'
// Well past the deadline and the in-progress retry's own wait, so the POST is surely still running then.
const LATENCY_MS = 3_000
const DEADLINE_MS = 500

t.test('a create that times out answers 504, its retry answers 409 while it runs, and the retry after it gets the one cart it made', async t => {
  const stage = await buildFaultStage(t, { FAST_DEADLINE_MS: String(DEADLINE_MS) })
  // The create's code runs once first, on store B: a first run's warm-up must not keep A's POST
  // from leaving before the deadline (then the retry, not the first create, would make the cart).
  const warm = await stage.fastAs(STORE_B, 'create', createBody([{ id: randomUUID(), product: '112', quantity: 1 }], randomUUID()))
  t.equal(warm.statusCode, 200, 'a create on B, before any fault')
  await stage.faults({ faults: [{ type: 'latency', ms: LATENCY_MS, match: CREATE_CART, store: STORE_A.hash }] })
  const create = { ...createBody([{ id: randomUUID(), product: '112', quantity: 1 }], randomUUID()) as object, request_id: { value: randomUUID() } }

  const first = await stage.fastAs(STORE_A, 'create', create)
  checkFastError(t, first, 504, 'DEADLINE_EXCEEDED')
  t.equal(retryAfterOf(first), 1, 'Retry-After 1')
  t.ok(first.ms < LATENCY_MS - 500, `answered well before BigCommerce made the cart (${first.ms} ms)`)

  const during = await stage.fastAs(STORE_A, 'create', create)
  // Only the POST is slow: a call of A's not answered yet is the POST.
  const postStillRunning = stage.exchanges.some(exchange => exchange.store === STORE_A.hash && exchange.answeredAt === undefined)
  checkFastError(t, during, 409, 'REQUEST_IN_PROGRESS')
  t.ok(retryAfterOf(during) >= 1, 'with a Retry-After')
  t.ok(postStillRunning, 'while the POST was still running at BigCommerce')

  await stage.bridge.app.whenLateWorkDone()
  const retried = await stage.fastAs(STORE_A, 'create', create)
  t.equal(retried.statusCode, 200, 'after it ran to its end, the retry succeeds')
  t.equal(retried.headers['idempotent-replayed'], 'true', 'replaying what the first create made')
  const cartId = retried.body?.order?.order?.external_id
  const carts = [...(stage.emulator.sandbox.stores.get(STORE_A.hash)?.carts.keys() ?? [])]
  t.same(carts, [cartId], 'BigCommerce holds exactly one cart, the one Fast was given')
  t.equal(stage.callsTo(STORE_A, CREATE_CART), 1, 'POST /v3/carts was called once')

  t.comment(`resilience: create slower than the deadline (POST /v3/carts latency ${LATENCY_MS} ms, deadline ${DEADLINE_MS} ms): ` +
    `Fast saw ${summarise([first])} after ${first.ms} ms, retry during: ${summarise([during])} after ${during.ms} ms, ` +
    `retry after: ${summarise([retried])} (replayed) in ${retried.ms} ms; BigCommerce calls: ${stage.callsTo(STORE_A)} ` +
    `(POST /v3/carts x ${stage.callsTo(STORE_A, CREATE_CART)}); carts made: ${carts.length}`)
})
