/**
 * Fast is answered within FAST_DEADLINE_MS whatever BigCommerce does, and a create whose cart POST
 * outlived the deadline is recovered on Fast's retry, never made twice. BigCommerce's answers are
 * held and released by the test, so no timing decides what happens, only when.
 */
import t, { type Test } from 'tap'
import { loadFixture } from '../helpers/bigcommerce-fixtures.js'
import { buildTestApp, STORE_HASH, type TestBridge } from '../helpers/build-app.js'
import { startFakeBigCommerce, type FakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'

const DEADLINE_MS = 1_000
const ORDER_ID = 'eb3b8e18-930d-4213-92a0-4993f9e536a8'
const LINE_ID = '32dc17ee-ebff-40f8-87c5-b83f838d79d1'
const CART_ID = 'a98a387e-02ec-41a8-a38e-e3ca5fb0548d'
const CREATED_CART = loadFixture('seed-000-checkout', '01-create-cart').response
const CREATE = {
  request_id: { value: 'create-1' },
  type: 'ENTITY_TYPE_ORDER',
  order: { is_cart: true, order: { id: { value: ORDER_ID }, lines: [{ id: { value: LINE_ID }, external_product_id: '112', quantity: 1 }] } }
}
const READ = { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, external_order_id: CART_ID } }

async function setup (t: Test): Promise<{ bc: FakeBigCommerce, bridge: TestBridge }> {
  const bc = await startFakeBigCommerce(t)
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url, FAST_DEADLINE_MS: String(DEADLINE_MS) } })
  // A fresh bridge's first call also fetches Fast's keys, which on a busy machine can eat much of a
  // short deadline before the BigCommerce call under test is sent: one call first, with no
  // BigCommerce call (an order we do not know).
  const warm = await bridge.fast('read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: 'warm-up' } } })
  t.equal(warm.statusCode, 404, 'warmed up')
  t.equal(bc.calls(), 0)
  return { bc, bridge }
}

function held (): { reply: Promise<FakeReply>, release: (reply: FakeReply) => void } {
  let release!: (reply: FakeReply) => void
  const reply = new Promise<FakeReply>(resolve => { release = resolve })
  return { reply, release }
}

t.test('a read BigCommerce does not answer is answered 504 DEADLINE_EXCEEDED at the deadline, and its call is aborted', async (t) => {
  const { bc, bridge } = await setup(t)
  bc.handle(() => 'hang')
  const started = Date.now()
  const answer = await bridge.fast('read', READ)
  const took = Date.now() - started
  checkFastError(t, answer, 504, 'DEADLINE_EXCEEDED')
  t.equal(answer.headers['retry-after'], '1')
  // Generous: the point is "not BigCommerce's pace" (it never answers), not a precise figure.
  t.ok(took < 5_000, `answered in ${took} ms`)
  await bridge.app.whenLateWorkDone()
  t.equal(bridge.app.bigcommerce.client.inFlight(), 0, 'nothing left running at BigCommerce')
  // One call, or none if a busy machine let the deadline pass before it went: never a second.
  t.ok(bc.calls() <= 1, 'the read was not sent again after its deadline')
  t.comment(`deadline: read against a silent BigCommerce answered 504 in ${took} ms (deadline ${DEADLINE_MS} ms), ${bc.calls()} call`)
})

t.test('a create whose cart POST outlives the deadline is answered 504, and Fast\'s retry gets that same cart: one POST, one cart', async (t) => {
  const { bc, bridge } = await setup(t)
  const cartPost = held()
  bc.handle(async () => await cartPost.reply)
  const first = await bridge.fast('create', CREATE)
  checkFastError(t, first, 504, 'DEADLINE_EXCEEDED')

  const whileRunning = await bridge.fast('create', CREATE)
  checkFastError(t, whileRunning, 409, 'REQUEST_IN_PROGRESS')
  t.equal(whileRunning.headers['retry-after'], '1')

  cartPost.release({ status: 200, body: CREATED_CART })
  await bridge.app.whenLateWorkDone()
  const retry = await bridge.fast('create', CREATE)
  t.equal(retry.statusCode, 200)
  t.equal(retry.headers['idempotent-replayed'], 'true', 'the stored result of the first execution')
  t.equal(retry.body.order.order.external_id, CART_ID)
  t.equal(bc.requests.filter(r => r.method === 'POST').length, 1, 'one cart POST')
  t.equal((await bridge.storage.findOrderByFastId(STORE_HASH, ORDER_ID))?.cartId, CART_ID, 'the cart is recorded on the Fast order')
})

t.test('a create whose late cart POST is refused frees its request_id, so Fast\'s retry runs it again', async (t) => {
  const { bc, bridge } = await setup(t)
  const cartPost = held()
  bc.handle(async () => await cartPost.reply)
  checkFastError(t, await bridge.fast('create', CREATE), 504, 'DEADLINE_EXCEEDED')
  cartPost.release({ status: 422, body: { status: 422, title: 'Product not available' } })
  await bridge.app.whenLateWorkDone()
  bc.handle(() => ({ status: 200, body: CREATED_CART }))
  const retry = await bridge.fast('create', CREATE)
  t.equal(retry.statusCode, 200)
  t.equal(retry.headers['idempotent-replayed'], undefined, 'run again, not replayed')
  t.equal(bc.requests.filter(r => r.method === 'POST').length, 2)
})
