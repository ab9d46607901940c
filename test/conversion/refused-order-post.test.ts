/**
 * Finding 4: BigCommerce refusing the order POST (a 4xx) made no order, so the cart is a cart
 * again: no recovery point is left behind to be looked up by every later call.
 */
import t from 'tap'
import { buildTestApp, STORE_HASH } from '../helpers/build-app.js'
import { startFakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'
import { convertBody, ORDER_ID } from '../use-cases/flows.js'
import { answering, CHECKOUT, ok, ORDER_100, PATHS, requestsTo, seedConvertible } from './support.js'

const refused: FakeReply = { status: 422, body: { status: 422, title: 'The cart cannot be converted', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' } }

t.test('finding 4: an order POST BigCommerce refuses leaves no conversion behind: the next convert posts without looking orders up', async t => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(answering({
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT), ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: [refused, ok({ data: { id: 100 }, meta: {} })],
    [`PUT ${PATHS.order(100)}`]: [ok(ORDER_100)],
    [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)]
  }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge)

  const first = await bridge.fast('update', convertBody())
  t.ok(first.statusCode >= 400 && first.statusCode < 500, `the refusal is Fast's error (${first.statusCode})`)
  t.equal(await bridge.storage.getConversion(STORE_HASH, ORDER_ID), undefined, 'the cart is a cart again')

  const again = await bridge.fast('update', convertBody())
  t.equal(again.statusCode, 200)
  t.equal(again.body?.order?.order?.external_id, '100')
  t.equal(requestsTo(bc.requests, `GET ${PATHS.ordersOfCart}`).length, 0, 'no look-up of orders that cannot exist')
})

t.test('finding 4: a refusal after an earlier unknown outcome keeps the recovery point (that earlier order may still appear)', async t => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(answering({
    [`GET ${PATHS.ordersOfCart}`]: [ok([])],
    [`GET ${PATHS.incompleteOrdersOfCart}`]: [ok([])],
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: [refused]
  }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge, 'started')

  const answer = await bridge.fast('update', convertBody())
  t.ok(answer.statusCode >= 400 && answer.statusCode < 500, `refused (${answer.statusCode})`)
  t.equal((await bridge.storage.getConversion(STORE_HASH, ORDER_ID))?.step, 'started')
})
