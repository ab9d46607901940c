/**
 * Issue 11, calls, and the one-order guarantee: a conversion reads the checkout before it POSTs the
 * order (BigCommerce makes a new order on every POST: checkouts.v3.yml createOrder, "You can create
 * as many orders from the same cart as you want"), so a cart a storefront or another app already
 * converted is adopted, never made a second order. After the POST, the stamp and the order read
 * for the answer go out together. A refusal stands as BigCommerce gave it: the checkout was read
 * in this request already.
 */
import t from 'tap'
import { STORE_HASH } from '../helpers/build-app.js'
import type { FakeReply } from '../helpers/fake-bigcommerce.js'
import { convertBody, ORDER_ID } from '../use-cases/flows.js'
import { answering, CHECKOUT, convertibleOn, heldReply, ok, ORDER_100, orderNumbered, PATHS, requestsTo } from './support.js'

const refused: FakeReply = { status: 422, body: { status: 422, title: 'The cart cannot be converted', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' } }

t.test('an order the storefront already placed for the cart is the Fast order\'s order: the merchant sees one order, stamped as Fast\'s', async t => {
  const { bc, bridge } = await convertibleOn(t, answering({
    [`GET ${PATHS.checkout}`]: [ok({ ...CHECKOUT, data: { ...CHECKOUT.data, order_id: '100' } })],
    // Posting would make a second order: BigCommerce makes one on every POST.
    [`POST ${PATHS.createOrder}`]: [ok({ data: { id: 101 }, meta: {} })],
    [`PUT ${PATHS.order(100)}`]: [ok(ORDER_100)],
    [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)],
    [`PUT ${PATHS.order(101)}`]: [ok(orderNumbered(101))],
    [`GET ${PATHS.readOrder(101)}`]: [ok(orderNumbered(101))]
  }))

  const converted = await bridge.fast('update', convertBody())
  t.equal(converted.statusCode, 200)
  t.equal(converted.body?.order?.order?.external_id, '100', 'the order the checkout names')
  t.equal(requestsTo(bc.requests, `POST ${PATHS.createOrder}`).length, 0, 'no order POST: no second order')
  t.match(JSON.parse(requestsTo(bc.requests, `PUT ${PATHS.order(100)}`)[0]?.body ?? '{}'), { external_order_id: ORDER_ID }, 'stamped as ours')
  t.equal((await bridge.storage.getConversion(STORE_HASH, ORDER_ID))?.bcOrderId, 100)
})

t.test('after the order POST, the stamp and the order read for the answer are in flight together', async t => {
  const stamp = heldReply()
  const read = heldReply()
  const routes = answering({
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: [ok({ data: { id: 100 }, meta: {} })],
    [`PUT ${PATHS.order(100)}`]: [stamp.answer],
    [`GET ${PATHS.readOrder(100)}`]: [read.answer]
  })
  const { bc, bridge } = await convertibleOn(t, async request => {
    if (request.method === 'PUT') stamp.markArrived()
    if (request.method === 'GET' && request.url.includes('/v2/orders/')) read.markArrived()
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
  const calls = bc.requests.map(request => request.method)
  t.same(calls.slice(0, 2), ['GET', 'POST'], 'the checkout read, then the order POST')
  t.same(calls.slice(2).sort(), ['GET', 'PUT'], 'then the stamp and the order read')
  t.equal((await bridge.storage.getConversion(STORE_HASH, ORDER_ID))?.step, 'stamped')
})

t.test('an order POST BigCommerce refuses is Fast\'s error as BigCommerce gave it, with no second checkout read', async t => {
  const { bc, bridge } = await convertibleOn(t, answering({
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: [refused]
  }))

  const answer = await bridge.fast('update', convertBody())
  t.equal(answer.statusCode, 422)
  t.equal(requestsTo(bc.requests, `GET ${PATHS.checkout}`).length, 1, 'read once, before the POST')
  t.equal(await bridge.storage.getConversion(STORE_HASH, ORDER_ID), undefined, 'the cart is a cart again')
})
