/**
 * Finding 8: the duplicate-order guard. A conversion that died after its recovery point (`started`)
 * is finished by looking the cart's orders up, never by posting blindly. Checkout orders start
 * Incomplete (status 0), which the documents do not say a plain listing includes: the bridge asks
 * for status_id=0 explicitly as well. Should BigCommerce hold two orders for the cart, the first is
 * kept and the others are cancelled with the store's configured CANCELED status.
 */
import t from 'tap'
import { buildTestApp, STORE_HASH } from '../helpers/build-app.js'
import { convertBody, ORDER_ID, useCaseReplay } from '../use-cases/flows.js'
import { seedConvertible } from './support.js'

t.test('finding 8: an Incomplete order only the status_id=0 listing shows is adopted, not posted again', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'convert-recover-incomplete-order')
  await seedConvertible(bridge, 'started')
  const answer = await bridge.fast('update', convertBody())
  t.equal(answer.statusCode, 200)
  t.equal(answer.body?.order?.order?.external_id, '100', 'the order BigCommerce made for the cart')
  t.equal(replay.calls(), 4, 'two listings, then the stamp and the order read together: no checkout read, no POST')
  t.equal((await bridge.storage.getConversion(STORE_HASH, ORDER_ID))?.bcOrderId, 100)
  replay.assertDone()
})

t.test('finding 8: a duplicate order is cancelled with the configured CANCELED status id, not a hard-coded 5', async t => {
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_ORDER_STATUS_IDS: 'CANCELED=6' } })
  const replay = useCaseReplay(t, 'convert-recover-duplicates')
  await seedConvertible(bridge, 'started')
  const answer = await bridge.fast('update', convertBody())
  t.equal(answer.statusCode, 200)
  t.equal(answer.body?.order?.order?.external_id, '100', 'the first order is kept')
  t.equal(replay.calls(), 5, 'two listings (101 listed in both is cancelled once), the cancel, then the stamp and the order read together')
  replay.assertDone()
})

t.test('finding 7: a duplicate BigCommerce refuses to cancel is an alert, not an error for Fast: the kept order is answered', async t => {
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_ORDER_STATUS_IDS: 'CANCELED=6' } })
  const replay = useCaseReplay(t, 'convert-recover-duplicate-cancel-refused')
  await seedConvertible(bridge, 'started')
  const answer = await bridge.fast('update', convertBody())
  t.equal(answer.statusCode, 200, 'not a stored 422: the order exists')
  t.equal(answer.body?.order?.order?.external_id, '100')
  replay.assertDone()
})
