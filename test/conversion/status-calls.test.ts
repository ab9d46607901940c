/**
 * Issue 11, calls: a status update on a converted order reads the order (to decide: statuses only
 * move forward from where BigCommerce has it now), then PUTs the status; an order with coupons has
 * its coupons read while the PUT is out, so the update waits for two round trips, not three.
 */
import t from 'tap'
import { STORE_HASH } from '../helpers/build-app.js'
import { ORDER_ID, statusBody } from '../use-cases/flows.js'
import { answering, convertibleOn, heldReply, ok, ORDER_100, PATHS } from './support.js'

const COUPON = { id: 1, coupon_id: 7, order_id: 100, code: 'SAVE10', amount: '10.0000', type: 1, discount: '3.0000' }

t.test('BOOKED on an order with a coupon: the coupons are read while the status PUT is out', async t => {
  const withCoupon = { ...structuredClone(ORDER_100), coupon_discount: '3.0000' }
  const put = heldReply()
  const coupons = heldReply()
  const routes = answering({
    [`GET ${PATHS.readOrder(100)}`]: [ok(withCoupon)],
    [`PUT ${PATHS.order(100)}`]: [put.answer],
    [`GET ${PATHS.order(100)}/coupons`]: [coupons.answer]
  })
  const { bc, bridge } = await convertibleOn(t, async request => {
    if (request.method === 'PUT') put.markArrived()
    if (request.url.endsWith('/coupons')) coupons.markArrived()
    return await routes(request)
  })
  await bridge.storage.advanceConversion(STORE_HASH, ORDER_ID, undefined, { step: 'started' })
  await bridge.storage.advanceConversion(STORE_HASH, ORDER_ID, 'started', { step: 'created', bcOrderId: 100 })
  await bridge.storage.advanceConversion(STORE_HASH, ORDER_ID, 'created', { step: 'stamped', bcOrderId: 100 })
  const record = await bridge.storage.findOrderByFastId(STORE_HASH, ORDER_ID)
  if (record === undefined) throw new Error('seeded record missing')
  await bridge.storage.saveOrder({ ...record, bcOrderId: 100 })

  const booking = bridge.fast('update', statusBody('ORDER_STATUS_BOOKED', '100'))
  // Both held by BigCommerce at once: made one after the other, the second would never arrive.
  await Promise.all([put.arrived, coupons.arrived])
  put.release(ok({ ...withCoupon, status_id: 12, status: 'Manual Verification Required' }))
  coupons.release(ok([COUPON]))
  const booked = await booking

  t.equal(booked.statusCode, 200)
  t.equal(booked.body?.order?.order?.status, 4, 'ORDER_STATUS_BOOKED')
  t.match(booked.body?.order?.order?.coupons, [{ code: 'SAVE10', total_amount: '3.00' }], 'the coupon read once serves the answer')
  t.equal(bc.requests.length, 3, 'the order read, the PUT and the coupons')
})
