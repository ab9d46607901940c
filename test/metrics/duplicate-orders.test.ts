/**
 * Duplicate-order sweeps (src/operations/update/convert.ts): after a conversion whose outcome was
 * lost, the bridge lists the cart's orders, keeps the first and cancels the others. Each look is a
 * sweep, counted by what it found; each cancelled duplicate is counted once. The recorded
 * scenarios of test/conversion/duplicate-guard.test.ts play BigCommerce; the update runs with the
 * app's own client, storage and metrics, as Fast's update route runs it.
 */
import t from 'tap'
import type { App } from '../../src/app.js'
import { bindStore } from '../../src/bigcommerce/store-api.js'
import { orderStatusIdsOf } from '../../src/config.js'
import type { OperationContext } from '../../src/operations/context.js'
import { updateFastOrder } from '../../src/operations/update/index.js'
import { ACCESS_TOKEN, buildTestApp, STORE_HASH, type TestBridge } from '../helpers/build-app.js'
import { seedConvertible } from '../conversion/support.js'
import { convertBody, useCaseReplay } from '../use-cases/flows.js'
import { scrape, sumOf } from './scrape.js'

/** The update segment of a convert, run the way the update route runs it, reporting to the app's metrics. */
async function convertWithMetrics (bridge: TestBridge): Promise<unknown> {
  const app: App = bridge.app
  const ctx: OperationContext = {
    api: bindStore(app.bigcommerce.client, { hash: STORE_HASH, accessToken: ACCESS_TOKEN }),
    storage: bridge.storage,
    geography: app.bigcommerce.geography,
    settings: { orderStatusIds: orderStatusIdsOf(app.config), orderLeaseMs: app.config.ORDER_LEASE_MS },
    log: app.log,
    metrics: app.metrics
  }
  return await updateFastOrder(ctx, (convertBody() as { order: Parameters<typeof updateFastOrder>[1] }).order)
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
