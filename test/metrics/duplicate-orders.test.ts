/**
 * Duplicate-order sweeps (src/operations/update/convert.ts): after a conversion whose outcome was
 * lost, the bridge lists the cart's orders, keeps the first and cancels the others. Each look is a
 * sweep, counted by what it found; each cancelled duplicate is counted once. The recorded
 * scenarios of test/conversion/duplicate-guard.test.ts play BigCommerce; Fast's update goes through
 * its route, as in production.
 */
import t from 'tap'
import { buildTestApp, type TestBridge } from '../helpers/build-app.js'
import { seedConvertible } from '../conversion/support.js'
import { convertBody, useCaseReplay } from '../use-cases/flows.js'
import { scrape, sumOf } from './scrape.js'

/** Fast's convert, through the update route, which hands the operation the app's metrics. */
async function convertWithMetrics (bridge: TestBridge): Promise<void> {
  await bridge.fast('update', convertBody())
}

const CANCELED_6 = { env: { BIGCOMMERCE_ORDER_STATUS_IDS: 'CANCELED=6' } }

t.test('a sweep that finds two orders for one cart counts as duplicates, and the one it cancels as cancelled', async (t) => {
  const bridge = await buildTestApp(t, CANCELED_6)
  const replay = useCaseReplay(t, 'convert-recover-duplicates')
  await seedConvertible(bridge, 'started')
  await convertWithMetrics(bridge)
  replay.assertDone()
  const samples = await scrape(bridge.app)
  t.equal(sumOf(samples, 'duplicate_order_sweeps_total', { outcome: 'duplicates' }), 1)
  t.equal(sumOf(samples, 'duplicate_order_sweeps_total'), 1)
  t.equal(sumOf(samples, 'duplicate_orders_cancelled_total'), 1)
})

t.test('a sweep that finds the one order of the cart counts as one, and cancels nothing', async (t) => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'convert-recover-incomplete-order')
  await seedConvertible(bridge, 'started')
  await convertWithMetrics(bridge)
  replay.assertDone()
  const samples = await scrape(bridge.app)
  t.equal(sumOf(samples, 'duplicate_order_sweeps_total', { outcome: 'one' }), 1)
  t.equal(sumOf(samples, 'duplicate_order_sweeps_total'), 1)
  t.equal(sumOf(samples, 'duplicate_orders_cancelled_total'), 0)
})

t.test('a duplicate BigCommerce refuses to cancel is found by the sweep but not counted as cancelled', async (t) => {
  const bridge = await buildTestApp(t, CANCELED_6)
  const replay = useCaseReplay(t, 'convert-recover-duplicate-cancel-refused')
  await seedConvertible(bridge, 'started')
  await convertWithMetrics(bridge)
  replay.assertDone()
  const samples = await scrape(bridge.app)
  t.equal(sumOf(samples, 'duplicate_order_sweeps_total', { outcome: 'duplicates' }), 1)
  t.equal(sumOf(samples, 'duplicate_orders_cancelled_total'), 0)
})
