/**
 * Two bridge processes (two Fly machines) sharing one database get the same conversion at the same
 * moment: Fast's retry landed on the other machine. With different request_ids (the order lease
 * decides) and with one shared request_id (the claim decides), BigCommerce must end up with one
 * order per cart, every time. On a PostgreSQL schema both share (skipped visibly when no server
 * answers, except under CI=true) and on a shared SQLite file. RACE_RUNS (default 10) fresh carts each.
 */
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { startBridgeProcess, type BridgeProcess, type BridgeProcessOptions, type FastCallResult } from '../helpers/bridge-process.js'
import { startFastJwksServer } from '../helpers/fast-auth.js'
import { convertibleCart, FAST_APP_ID, postgresTest, reasonOf, startEmulator, STORE, tempDir, untilSettled } from './support.js'

const RUNS = Math.max(1, Number(process.env.RACE_RUNS ?? 10))
/** What a machine that lost the race may answer: Fast retries a 409. */
const BUSY = new Set(['ORDER_BUSY', 'CONVERSION_IN_PROGRESS', 'REQUEST_IN_PROGRESS'])

function acceptable (answer: FastCallResult): boolean {
  return answer.statusCode === 200 || (answer.statusCode === 409 && BUSY.has(reasonOf(answer.body) ?? ''))
}

async function raceSuite (t: Test, database: Pick<BridgeProcessOptions, 'dataDir' | 'databaseUrl'>): Promise<void> {
  const emulator = await startEmulator(t)
  const jwks = await startFastJwksServer()
  t.teardown(jwks.close)
  // Leases as long as production's: no machine dies here, so no lease should run out, and on a
  // loaded machine a short one (the helper's 300 ms, for the crash tests) can lapse while its holder
  // is still at work, letting timing rather than the lease decide the race.
  const options = (name: string): BridgeProcessOptions => ({
    bigcommerceUrl: emulator.url, storeHash: STORE.hash, accessToken: STORE.accessToken, fastAppId: FAST_APP_ID, jwks, ...database, name, leaseMs: 30_000
  })
  // Started together, as machines are: both migrate the same fresh database.
  const [one, two] = await Promise.all([startBridgeProcess(t, options('one')), startBridgeProcess(t, options('two'))])
  // BigCommerce takes a moment to make an order, so the second request arrives while the first is at it.
  emulator.server.sandbox.faults.configure({ faults: [{ type: 'latency', ms: 40, match: 'POST /v3/checkouts/{id}/orders' }] })
  t.teardown(() => { emulator.server.sandbox.faults.clear() })

  const race = async (t: Test, shared: boolean): Promise<void> => {
    const ordersPerCart: number[] = []
    const outcomes = new Map<string, number>()
    for (let run = 1; run <= RUNS; run++) {
      const checkout = await convertibleCart(run % 2 === 0 ? one.call : two.call)
      const bodies = shared ? [checkout.convert(randomUUID())] : [checkout.convert(randomUUID()), checkout.convert(randomUUID())]
      const bodyOf = (i: number) => bodies[shared ? 0 : i]
      const machines: BridgeProcess[] = [one, two]
      const answers = await Promise.all(machines.map(async (machine, i) => await machine.call('update', bodyOf(i))))
      for (const a of answers) {
        const key = a.statusCode === 200 ? (a.replayed ? '200 replayed' : '200') : `${a.statusCode} ${reasonOf(a.body) ?? ''}`
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1)
      }
      t.ok(answers.every(acceptable), `run ${run}: each machine answers 200 or a 409 to retry (${answers.map(a => `${a.statusCode} ${reasonOf(a.body) ?? ''}`).join(', ')})`)
      // Fast retries every 409 on the machine that gave it, until it answers.
      const settled = await Promise.all(answers.map(async (answer, i) => answer.statusCode === 409
        ? (await untilSettled(async () => await machines[i].call('update', bodyOf(i)))).answer
        : answer))
      t.same(settled.map(a => a.statusCode), [200, 200], `run ${run}: both end with 200`)
      const orders = emulator.ordersFor(checkout.cartId)
      ordersPerCart.push(orders.length)
      t.equal(orders.length, 1, `run ${run}: one BigCommerce order for the cart`)
      t.same(settled.map(a => a.body?.order?.order?.external_id), [String(orders[0]?.id), String(orders[0]?.id)], `run ${run}: both answers name that order`)
      if (shared) t.equal(settled[0].text, settled[1].text, `run ${run}: one request_id, byte-identical answers`)
    }
    const perCart = [...new Set(ordersPerCart)].sort().map(n => `${n}×${ordersPerCart.filter(m => m === n).length}`).join(' ')
    t.comment(`orders per cart over ${RUNS} runs: ${perCart}; first answers: ${[...outcomes].map(([k, n]) => `${k} ×${n}`).join(', ')}`)
  }

  await t.test('different request_ids: one BigCommerce order per cart', async t => { await race(t, false) })
  await t.test('one shared request_id: one BigCommerce order per cart and one answer', async t => { await race(t, true) })
}

postgresTest(t, 'two machines race the same conversion', async (t, schema) => {
  await raceSuite(t, { databaseUrl: await schema() })
})

t.test('two processes on one SQLite file race the same conversion', async t => {
  await raceSuite(t, { dataDir: await tempDir(t, 'race') })
})
