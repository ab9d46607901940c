/**
 * Issue 11, calls: a conversion POSTs the order without reading the checkout first, then stamps the
 * order and reads it for the answer at the same time. The checkout is read only after BigCommerce
 * refuses the POST: to say what is missing, or to adopt the order the checkout says it became.
 */
import t from 'tap'
import { STORE_HASH } from '../helpers/build-app.js'
import type { FakeReply } from '../helpers/fake-bigcommerce.js'
import { convertBody, ORDER_ID } from '../use-cases/flows.js'
import { answering, CHECKOUT, convertibleOn, heldReply, ok, ORDER_100, PATHS, requestsTo } from './support.js'

const refused: FakeReply = { status: 422, body: { status: 422, title: 'The cart cannot be converted', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' } }

t.test('the stamp and the order read for the answer are in flight together', async t => {
  const stamp = heldReply()
  const read = heldReply()
  const routes = answering({
    [`POST ${PATHS.createOrder}`]: [ok({ data: { id: 100 }, meta: {} })],
    [`PUT ${PATHS.order(100)}`]: [stamp.answer],
    [`GET ${PATHS.readOrder(100)}`]: [read.answer]
  })
  const { bc, bridge } = await convertibleOn(t, async request => {
    if (request.method === 'PUT') stamp.markArrived()
    if (request.method === 'GET') read.markArrived()
    return await routes(request)
  })

  const conversion = bridge.fast('update', convertBody())
  // Both held by BigCommerce at once: made one after the other, the second would never arrive.
  await Promise.all([stamp.arrived, read.arrived])
  stamp.release(ok(ORDER_100))
  read.release(ok(ORDER_100))
  const converted = await conversion

  t.equal(converted.statusCode, 200)
  t.equal(converted.body?.order?.order?.external_id, '100')
  t.same(bc.requests.map(request => request.method).sort(), ['GET', 'POST', 'PUT'], 'the POST, the stamp and the order read: no checkout read')
  t.equal((await bridge.storage.getConversion(STORE_HASH, ORDER_ID))?.step, 'stamped')
})

t.test('a refused POST on a checkout that says it is an order already adopts that order: one order, and Fast gets it', async t => {
  const { bc, bridge } = await convertibleOn(t, answering({
    [`POST ${PATHS.createOrder}`]: [refused],
    [`GET ${PATHS.checkout}`]: [ok({ ...CHECKOUT, data: { ...CHECKOUT.data, order_id: '100' } })],
    [`PUT ${PATHS.order(100)}`]: [ok(ORDER_100)],
    [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)]
  }))

  const converted = await bridge.fast('update', convertBody())
  t.equal(converted.statusCode, 200)
  t.equal(converted.body?.order?.order?.external_id, '100', 'the order the checkout names')
  t.equal(requestsTo(bc.requests, `POST ${PATHS.createOrder}`).length, 1, 'no second POST')
  t.match(JSON.parse(requestsTo(bc.requests, `PUT ${PATHS.order(100)}`)[0]?.body ?? '{}'), { external_order_id: ORDER_ID }, 'stamped as ours')
  t.equal((await bridge.storage.getConversion(STORE_HASH, ORDER_ID))?.bcOrderId, 100)
})
