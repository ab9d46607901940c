/**
 * Finding 1: a cart that became an order is not a cart any more. Changes to it are refused before
 * any BigCommerce call (they would change nothing in the order, or build a second cart that a later
 * conversion turns into a second order), except in a retry of UPDATE_AND_CONVERT whose first
 * attempt made the order: that retry answers the order. After a conversion whose outcome is
 * unknown, the cart's orders are looked up first.
 */
import t from 'tap'
import { UpdateOrderSegmentType } from '../../src/operations/fast-order.js'
import { STORE_HASH, buildTestApp, type TestBridge } from '../helpers/build-app.js'
import { startFakeBigCommerce } from '../helpers/fake-bigcommerce.js'
import { ADDRESS, itemsBody, LINE_1, ORDER_ID, updateBody } from '../use-cases/flows.js'
import { answering, ok, ORDER_100, PATHS, requestsTo, seedConvertible } from './support.js'

async function seedConverted (bridge: TestBridge): Promise<void> {
  await seedConvertible(bridge)
  const record = await bridge.storage.findOrderByFastId(STORE_HASH, ORDER_ID)
  await bridge.storage.saveOrder({ ...record!, bcOrderId: 100 })
  await bridge.storage.advanceConversion(STORE_HASH, ORDER_ID, undefined, { step: 'created', bcOrderId: 100 })
  await bridge.storage.advanceConversion(STORE_HASH, ORDER_ID, 'created', { step: 'stamped' })
}

const removeLine = (): unknown => itemsBody([{ id: LINE_1, quantity: 0 }])

t.test('finding 1: a line change after conversion is refused with 422 ORDER_ALREADY_CONVERTED, and BigCommerce is not called', async t => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(answering({}))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConverted(bridge)

  const answer = await bridge.fast('update', itemsBody([{ id: 'another-line', product: '112', quantity: 1 }]))
  t.equal(answer.statusCode, 422)
  t.equal(answer.body?.details?.[0]?.reason, 'ORDER_ALREADY_CONVERTED')
  t.same(bc.requests.map(r => `${r.method} ${r.url}`), [], 'no BigCommerce call')
})

t.test('finding 1: a retried UPDATE_AND_CONVERT whose first attempt made the order answers the order with the convert status, changing nothing', async t => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(answering({ [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)] }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConverted(bridge)

  const answer = await bridge.fast('update', updateBody({ bill_to: ADDRESS, convert_cart_to_order: true, convert_mode: 'CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT' }))
  t.equal(answer.statusCode, 200)
  t.equal(answer.body?.order?.order?.external_id, '100')
  t.same(answer.body?.order?.status?.map((s: any) => [s.updated, s.status]), [[UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_CONVERT_CART_TO_ORDER, true]], 'only the convert status')
  t.same(bc.requests.map(r => r.method), ['GET'], 'only the order read')
})

t.test('finding 1: after a lost conversion whose order BigCommerce has, removing the last line is refused with 422 and no cart is touched', async t => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(answering({
    [`GET ${PATHS.ordersOfCart}`]: [ok([ORDER_100])],
    [`GET ${PATHS.incompleteOrdersOfCart}`]: [ok([])],
    [`PUT ${PATHS.order(100)}`]: [ok(ORDER_100)]
  }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge, 'started')

  const answer = await bridge.fast('update', removeLine())
  t.equal(answer.statusCode, 422)
  t.equal(answer.body?.details?.[0]?.reason, 'ORDER_ALREADY_CONVERTED')
  t.equal((await bridge.storage.findOrderByFastId(STORE_HASH, ORDER_ID))?.bcOrderId, 100, 'the order found is the Fast order\'s')
  t.same(bc.requests.filter(r => r.url.includes('/v3/')).map(r => `${r.method} ${r.url}`), [], 'no cart or checkout call')
})

t.test('finding 1: after a lost conversion whose order is not found yet, a change answers 409 CONVERSION_IN_PROGRESS with Retry-After and no cart is touched', async t => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(answering({
    [`GET ${PATHS.ordersOfCart}`]: [ok([])],
    [`GET ${PATHS.incompleteOrdersOfCart}`]: [ok([])]
  }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge, 'started')

  const answer = await bridge.fast('update', removeLine())
  t.equal(answer.statusCode, 409)
  t.equal(answer.body?.details?.[0]?.reason, 'CONVERSION_IN_PROGRESS')
  t.equal(answer.headers['retry-after'], '1')
  t.same(bc.requests.map(r => `${r.method} ${r.url.replace(`/stores/${STORE_HASH}`, '')}`), [`GET ${PATHS.ordersOfCart}`, `GET ${PATHS.incompleteOrdersOfCart}`], 'only the look-up of the cart\'s orders')
  t.equal(requestsTo(bc.requests, `POST ${PATHS.createOrder}`).length, 0)
})
