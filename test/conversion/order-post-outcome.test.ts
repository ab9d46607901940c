/**
 * Finding 8: the order POST whose outcome is unknown. BigCommerce makes a new order on every POST
 * /v3/checkouts/{id}/orders, so the POST is never repeated blindly: it is not abandoned at the
 * generic timeout, after a dropped connection the cart's orders are looked up (Incomplete ones too)
 * before Fast gets an answer, and a conversion that follows an unknown outcome looks again after
 * posting and keeps one order.
 */
import t from 'tap'
import { createBigCommerceClient } from '../../src/bigcommerce/client.js'
import { buildTestApp, STORE_HASH } from '../helpers/build-app.js'
import { startFakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'
import { convertBody } from '../use-cases/flows.js'
import { answering, CHECKOUT, heldReply, ok, ORDER_100, orderNumbered, PATHS, requestsTo, seedConvertible } from './support.js'

const STAMP = ok(ORDER_100)
/** Long enough for the other calls on a busy machine; the order POST must outlive it. */
const GENERIC_TIMEOUT_MS = 3_000
const created = (id: number): FakeReply => ok({ data: { id }, meta: {} })

t.test('finding 8: a slow order POST is not abandoned at the generic timeout: Fast gets the order, and BigCommerce made one', async t => {
  const bc = await startFakeBigCommerce(t)
  const post = heldReply()
  const routes = answering({
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: [post.answer],
    [`PUT ${PATHS.order(100)}`]: [STAMP],
    [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)]
  })
  bc.handle(async request => {
    if (request.url.endsWith('/probe')) return 'hang'
    if (request.method === 'POST') post.markArrived()
    return await routes(request)
  })
  const bridge = await buildTestApp(t, { bigcommerceTimeoutMs: GENERIC_TIMEOUT_MS, env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge)

  const answer = bridge.fast('update', convertBody())
  const early = await Promise.race([post.arrived.then(() => undefined), answer])
  if (early !== undefined) {
    t.fail(`answered before the order POST arrived: ${early.statusCode}`)
    return
  }
  // A call with the same generic timeout, sent after the order POST, has timed out: so has the POST's generic deadline.
  const probe = createBigCommerceClient({ apiUrl: bc.url, userAgent: 'probe', timeoutMs: GENERIC_TIMEOUT_MS, maxAttempts: 1 })
  t.teardown(async () => { await probe.close() })
  await t.rejects(probe.call({ hash: STORE_HASH, accessToken: 'x' }, 'GET', '/probe'), { name: 'BigCommerceError', status: 0 }, 'the generic timeout has passed')
  post.release(created(100))

  const { statusCode, body } = await answer
  t.equal(statusCode, 200, 'the conversion succeeds')
  t.equal(body?.order?.order?.external_id, '100')
  t.equal(requestsTo(bc.requests, `POST ${PATHS.createOrder}`).length, 1, 'one order POST')
})

t.test('finding 8: the order POST\'s connection drops: the cart\'s orders are looked up, Incomplete ones too, and Fast gets the order made', async t => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(answering({
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: ['reset'],
    [`GET ${PATHS.ordersOfCart}`]: [ok([])],
    [`GET ${PATHS.incompleteOrdersOfCart}`]: [ok([ORDER_100])],
    [`PUT ${PATHS.order(100)}`]: [STAMP],
    [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)]
  }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge)

  const answer = await bridge.fast('update', convertBody())
  t.equal(answer.statusCode, 200, 'the conversion succeeds')
  t.equal(answer.body?.order?.order?.external_id, '100', 'with the order BigCommerce made before the connection dropped')
  t.equal(requestsTo(bc.requests, `POST ${PATHS.createOrder}`).length, 1, 'no second POST')
  t.equal(requestsTo(bc.requests, `GET ${PATHS.incompleteOrdersOfCart}`).length, 1, 'status_id=0 asked for explicitly')
})

t.test('finding 8: a dropped order POST with no order found is a retryable error; the retry posts, looks again, and keeps the first order', async t => {
  const bc = await startFakeBigCommerce(t)
  const firstOrderLate = orderNumbered(100)
  bc.handle(answering({
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT), ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: ['reset', created(101)],
    // Looked up after the drop, before the retry posts, and after it posted: the first order shows up last.
    [`GET ${PATHS.ordersOfCart}`]: [ok([]), ok([]), ok([firstOrderLate, orderNumbered(101)])],
    [`GET ${PATHS.incompleteOrdersOfCart}`]: [ok([]), ok([]), ok([firstOrderLate, orderNumbered(101)])],
    [`PUT ${PATHS.order(101)}`]: [ok({ ...orderNumbered(101), status_id: 5, status: 'Cancelled' })],
    [`PUT ${PATHS.order(100)}`]: [STAMP],
    [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)]
  }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge)
  const request = convertBody()

  const first = await bridge.fast('update', request)
  t.ok(first.statusCode >= 500, `an error Fast retries, not a stored one (${first.statusCode})`)

  const retry = await bridge.fast('update', request)
  t.equal(retry.statusCode, 200, 'the retry (same request_id) converts')
  t.not(retry.headers['idempotent-replayed'], 'true', 'it ran again: the error was not stored')
  t.equal(retry.body?.order?.order?.external_id, '100', 'the first order is kept')
  t.same(requestsTo(bc.requests, `PUT ${PATHS.order(101)}`).map(r => JSON.parse(r.body).status_id), [5], 'the duplicate is cancelled')
  t.equal(requestsTo(bc.requests, `POST ${PATHS.createOrder}`).length, 2)
})
