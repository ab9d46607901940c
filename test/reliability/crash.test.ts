/**
 * A bridge process killed (SIGKILL) at each failpoint of a conversion: after the request_id claim,
 * after BigCommerce made the order but before our database knew it, and after the answer was
 * stored but before it was sent. A fresh process on the same database then gets Fast's retry
 * (same request_id). Every run must end with exactly one BigCommerce order for the cart, our
 * database knowing it, and the answer a run without a crash gives. Also BigCommerce's own
 * "order made, answer lost" (the emulator's commit_then_drop). On SQLite, and on PostgreSQL when
 * a server answers. CRASH_RUNS (default 5) sets the runs per failpoint and store.
 */
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import type { Failpoint } from '../../src/failpoints.js'
import { startBridgeProcess, type BridgeProcess, type BridgeProcessOptions } from '../helpers/bridge-process.js'
import { startFastJwksServer } from '../helpers/fast-auth.js'
import {
  convertibleCart, FAST_APP_ID, postgresTest, reasonOf, shapeOf, stableFields, startEmulator, STORE, tempDir, untilSettled, type Emulator
} from './support.js'

const RUNS = Math.max(1, Number(process.env.CRASH_RUNS ?? 5))
const FAILPOINTS: Failpoint[] = ['after-claim', 'after-order-created', 'after-commit']

// About 2 s per run (two process starts) on a quiet machine, both databases; a loaded 2-core machine
// took over 200 s. Every step is bounded on its own (start, call, retries), so this is only the
// last guard against a hang: generous, at 10 s per process start.
t.setTimeout(Math.max(300_000, 60_000 + 2 * (RUNS * FAILPOINTS.length + 1) * 2 * 10_000))

interface Tally { runs: number, ordersPerCart: number[], ordersAtCrash: number[], retries: number[], replayedOnRetry: number }

async function crashSuite (t: Test, storeName: string, database: Pick<BridgeProcessOptions, 'dataDir' | 'databaseUrl'>): Promise<void> {
  const emulator = await startEmulator(t)
  const jwks = await startFastJwksServer()
  t.teardown(jwks.close)
  const processOptions = (name: string, failpoint?: Failpoint): BridgeProcessOptions => ({
    bigcommerceUrl: emulator.url, storeHash: STORE.hash, accessToken: STORE.accessToken, fastAppId: FAST_APP_ID, jwks, ...database, name, ...(failpoint === undefined ? {} : { failpoint })
  })
  // A healthy process builds the checkouts and gives the no-crash reference answer.
  const healthy = await startBridgeProcess(t, processOptions('healthy'))
  const reference = await convertibleCart(healthy.call)
  const referenceAnswer = await healthy.call('update', reference.convert())
  t.equal(referenceAnswer.statusCode, 200, 'the reference conversion (no crash) answers 200')
  const referenceShape = shapeOf(referenceAnswer.body)

  for (const failpoint of FAILPOINTS) {
    await t.test(`killed ${failpoint}: the retry on a fresh process answers as if nothing happened, with one order`, async t => {
      const tally: Tally = { runs: 0, ordersPerCart: [], ordersAtCrash: [], retries: [], replayedOnRetry: 0 }
      for (let run = 1; run <= RUNS; run++) {
        await crashRun(t, emulator, healthy, failpoint, run, processOptions, referenceShape, tally)
        if (t.passing() === false) break // one failing run tells the story; stop there
      }
      t.comment(`${storeName} ${failpoint}: ${tally.runs} runs; orders per cart ${summary(tally.ordersPerCart)}; orders when it died ${summary(tally.ordersAtCrash)}; tries until 200 ${summary(tally.retries)}; retry answered by replay in ${tally.replayedOnRetry}/${tally.runs}`)
    })
  }

  await t.test('BigCommerce makes the order but the answer is lost: the bridge (or the retry) adopts that order', async t => {
    for (let run = 1; run <= RUNS; run++) {
      const checkout = await convertibleCart(healthy.call)
      const body = checkout.convert(randomUUID())
      emulator.server.sandbox.faults.configure({ faults: [{ type: 'commit_then_drop', times: 1 }] })
      const first = await healthy.call('update', body)
      emulator.server.sandbox.faults.clear()
      // The bridge looks the cart's orders up after a lost order POST (finding 8): it answers that
      // order, or, if it could not see it yet, an error Fast retries; never a stored error.
      t.ok(first.statusCode === 200 || first.statusCode >= 500 || first.statusCode === 409, `run ${run}: the order, or an error Fast retries (${first.statusCode})`)
      t.equal(emulator.ordersFor(checkout.cartId).length, 1, `run ${run}: BigCommerce has the order`)
      const { answer } = await untilSettled(async () => await healthy.call('update', body))
      t.equal(answer.statusCode, 200, `run ${run}: the retry answers 200`)
      const orders = emulator.ordersFor(checkout.cartId)
      t.equal(orders.length, 1, `run ${run}: still one BigCommerce order`)
      t.equal(answer.body?.order?.order?.external_id, String(orders[0]?.id), `run ${run}: the answer names that order`)
      t.equal(orders[0]?.externalOrderId, checkout.orderId, `run ${run}: the order carries Fast's id`)
      t.same(shapeOf(answer.body), referenceShape, `run ${run}: the answer a conversion without a fault gives`)
    }
  })
}

async function crashRun (
  t: Test, emulator: Emulator, healthy: BridgeProcess, failpoint: Failpoint, run: number,
  processOptions: (name: string, failpoint?: Failpoint) => BridgeProcessOptions, referenceShape: unknown, tally: Tally
): Promise<void> {
  const checkout = await convertibleCart(healthy.call)
  const body = checkout.convert(randomUUID())
  const doomed = await startBridgeProcess(t, processOptions(`${failpoint} #${run}`, failpoint))
  const lost = await doomed.call('update', body).then(answer => `an answer (${answer.statusCode} ${reasonOf(answer.body) ?? ''})`, () => 'no answer')
  // A process that answered did not reach its failpoint and will not die by itself: end it, so the
  // test fails on the assertions below instead of waiting for an exit that never comes.
  if (lost !== 'no answer') await doomed.kill()
  const { signal } = await doomed.exited
  t.equal(signal, 'SIGKILL', `run ${run}: the process died at ${failpoint}`)
  t.equal(lost, 'no answer', `run ${run}: Fast got no answer`)
  tally.ordersAtCrash.push(emulator.ordersFor(checkout.cartId).length)

  const fresh = await startBridgeProcess(t, processOptions(`after ${failpoint} #${run}`))
  try {
    const { answer, tries } = await untilSettled(async () => await fresh.call('update', body))
    tally.retries.push(tries)
    t.equal(answer.statusCode, 200, `run ${run}: the retry answers 200`)
    if (answer.replayed) tally.replayedOnRetry++
    const orders = emulator.ordersFor(checkout.cartId)
    tally.ordersPerCart.push(orders.length)
    t.equal(orders.length, 1, `run ${run}: exactly one BigCommerce order for the cart`)
    const orderId = String(orders[0]?.id)
    t.equal(answer.body?.order?.order?.external_id, orderId, `run ${run}: the answer names that order`)
    t.equal(orders[0]?.externalOrderId, checkout.orderId, `run ${run}: the order carries Fast's id`)
    t.same(shapeOf(answer.body), referenceShape, `run ${run}: totals and lines as without a crash`)

    const again = await fresh.call('update', body)
    t.ok(again.replayed, `run ${run}: another retry is a replay`)
    t.equal(again.text, answer.text, `run ${run}: byte for byte the same answer`)
    const read = await healthy.call('read', checkout.read())
    t.same(stableFields(read.body), { ...stableFields(answer.body) }, `run ${run}: our database knows the order (a read answers it)`)
    t.equal(read.body?.order?.order?.order_type, 2, `run ${run}: the read answers an order, not a cart`)
    t.equal(emulator.ordersFor(checkout.cartId).length, 1, `run ${run}: still one order after replays and reads`)
    tally.runs++
  } finally {
    await fresh.kill()
  }
}

function summary (values: number[]): string {
  const counts = new Map<number, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].sort(([a], [b]) => a - b).map(([v, n]) => `${v}×${n}`).join(' ') || '-'
}

t.test('crashes at every failpoint (SQLite)', async t => {
  const dataDir = await tempDir(t, 'crash')
  await crashSuite(t, 'SQLite', { dataDir })
})

postgresTest(t, 'crashes at every failpoint', async (t, schema) => {
  await crashSuite(t, 'PostgreSQL', { databaseUrl: await schema() })
})
