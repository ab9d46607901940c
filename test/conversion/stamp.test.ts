/**
 * Finding 7: once the BigCommerce order exists, Fast never gets a final error for the conversion.
 * The stamp (PUT /v2/orders/{id} with Fast's id, our source and payment method) may fail; the
 * conversion still answers the order, and the stamp is made again on the next status update or
 * read of that order, until BigCommerce takes it.
 */
import t from 'tap'
import { OrderStatus, OrderType } from '../../src/operations/fast-order.js'
import { buildTestApp } from '../helpers/build-app.js'
import { convertBody, ORDER_ID, readOrderBody, readyCheckout, statusBody, useCaseReplay } from '../use-cases/flows.js'

t.test('finding 7: a stamp that fails with a 5xx still answers the conversion with the order, and the next status update stamps it', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'convert-stamp-fails')
  await readyCheckout(bridge)
  const converted = await bridge.fast('update', convertBody())
  t.equal(converted.statusCode, 200, 'the order exists: Fast gets it')
  t.equal(converted.body?.order?.order?.order_type, OrderType.ORDER_TYPE_ORDER)
  t.equal(converted.body?.order?.order?.external_id, '100')
  t.equal((await bridge.storage.getConversion('rbozo853xi', ORDER_ID))?.step, 'created', 'the stamp is still to do')

  const before = replay.calls()
  const booked = await bridge.fast('update', statusBody('ORDER_STATUS_BOOKED', '100'))
  t.equal(booked.statusCode, 200)
  t.equal(booked.body?.order?.order?.status, OrderStatus.ORDER_STATUS_BOOKED)
  t.equal(replay.calls() - before, 3, 'the stamp and the order read together, then status 12')
  t.equal((await bridge.storage.getConversion('rbozo853xi', ORDER_ID))?.step, 'stamped')
  replay.assertDone()
})

t.test('finding 7: a stamp BigCommerce refuses (4xx) is no stored 422: the conversion answers the order, and a later read stamps it', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'convert-stamp-refused')
  await readyCheckout(bridge)
  const request = convertBody()
  const converted = await bridge.fast('update', request)
  t.equal(converted.statusCode, 200, 'not a 422: the order exists')
  t.equal(converted.body?.order?.order?.external_id, '100')

  const before = replay.calls()
  const read = await bridge.fast('read', readOrderBody({ externalOrderId: '100' }))
  t.equal(read.statusCode, 200)
  t.equal(read.body?.order?.order?.external_id, '100')
  t.equal(replay.calls() - before, 2, 'stamp, then the order read')
  t.equal((await bridge.storage.getConversion('rbozo853xi', ORDER_ID))?.step, 'stamped')

  replay.assertDone()
})
