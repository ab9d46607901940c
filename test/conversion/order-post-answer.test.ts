/**
 * Finding 2: an order POST answered 2xx without a readable order id. The order was probably made,
 * so it is looked up like a lost answer; a recovery point `created` without an order id is read
 * like `started`: looked up, never posted again.
 */
import t from 'tap'
import { buildTestApp, STORE_HASH } from '../helpers/build-app.js'
import { startFakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'
import { convertBody, ORDER_ID } from '../use-cases/flows.js'
import { answering, CHECKOUT, ok, ORDER_100, PATHS, requestsTo, seedConvertible } from './support.js'

const created = (id: number): FakeReply => ok({ data: { id }, meta: {} })

for (const [what, reply] of [['no body', { status: 200 }], ['data without an id', ok({ data: {}, meta: {} })], ['an id of 0', ok({ data: { id: 0 }, meta: {} })]] as Array<[string, FakeReply]>) {
  t.test(`finding 2: an order POST answered 200 with ${what}: the cart's orders are looked up and Fast gets the order made`, async t => {
    const bc = await startFakeBigCommerce(t)
    bc.handle(answering({
      [`GET ${PATHS.checkout}`]: [ok(CHECKOUT)],
      [`POST ${PATHS.createOrder}`]: [reply, created(101)],
      [`GET ${PATHS.ordersOfCart}`]: [ok([ORDER_100])],
      [`GET ${PATHS.incompleteOrdersOfCart}`]: [ok([])],
      [`PUT ${PATHS.order(100)}`]: [ok(ORDER_100)],
      [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)]
    }))
    const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
    await seedConvertible(bridge)

    const answer = await bridge.fast('update', convertBody())
    t.equal(answer.statusCode, 200)
    t.equal(answer.body?.order?.order?.external_id, '100')
    t.equal((await bridge.storage.getConversion(STORE_HASH, ORDER_ID))?.bcOrderId, 100, 'the order id is recorded')
    t.equal(requestsTo(bc.requests, `POST ${PATHS.createOrder}`).length, 1, 'one order POST')
  })
}

t.test('finding 2: a conversion recorded `created` without an order id is recovered by looking the cart\'s orders up, not by posting again', async t => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(answering({
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: [created(101)],
    [`GET ${PATHS.ordersOfCart}`]: [ok([ORDER_100])],
    [`GET ${PATHS.incompleteOrdersOfCart}`]: [ok([])],
    [`PUT ${PATHS.order(100)}`]: [ok(ORDER_100)],
    [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)]
  }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge, 'started')
  await bridge.storage.advanceConversion(STORE_HASH, ORDER_ID, 'started', { step: 'created', bcOrderId: null })

  const answer = await bridge.fast('update', convertBody())
  t.equal(answer.statusCode, 200)
  t.equal(answer.body?.order?.order?.external_id, '100')
  t.equal(requestsTo(bc.requests, `POST ${PATHS.createOrder}`).length, 0, 'no order POST')
})
