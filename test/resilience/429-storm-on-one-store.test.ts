/**
 * A 429 storm on store A (issue 10): BigCommerce answers three 429s in a row, each announcing its
 * reset in X-Rate-Limit-Time-Reset-Ms. Fast's read still succeeds, no call reaches A before the reset
 * the previous 429 announced, and store B is served while A waits. Arrival and answer times are
 * taken at the emulator (its onRequest and onSend hooks), in this process's clock.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { createBody } from '../helpers/fast-requests.js'
import { buildFaultStage, READ_ZONES, STORE_A, STORE_B, summarise, ZONES_CALL, type Exchange } from './support.js'

const RESET_MS = 1_000
const STORM = 3
/** Timers may fire a little early against another clock's reading; BigCommerce would not notice 20 ms. */
const TIMER_SLACK_MS = 20

/** How long after the reset the previous 429 announced each call arrived (negative: before it). */
function marginsAfterResets (calls: Exchange[]): number[] {
  return calls.slice(1).map((call, index) => {
    const previous = calls[index] as Exchange
    const announcedReset = (previous.answeredAt as number) + Number(previous.limits?.['x-rate-limit-time-reset-ms'] ?? 0)
    return Math.round(call.arrivedAt - announcedReset)
  })
}

t.test('a read on store A during a 429 storm succeeds once the resets pass, no call goes before a reset, and store B is served meanwhile', async t => {
  const stage = await buildFaultStage(t)
  await stage.faults({ faults: [{ type: 'rate_limit', store: STORE_A.hash, match: ZONES_CALL, resetMs: RESET_MS, times: STORM }] })

  let aSettled = false
  const readA = stage.fastAs(STORE_A, 'read', READ_ZONES).finally(() => { aSettled = true })
  await stage.whenAnswered(exchange => exchange.store === STORE_A.hash && exchange.status === 429)
  const answerB = await stage.fastAs(STORE_B, 'read', READ_ZONES)
  const aPendingWhenBAnswered = !aSettled
  const answerA = await readA

  t.equal(answerA.statusCode, 200, "A's read succeeds")
  t.ok(Array.isArray(answerA.body?.shipping_zones?.shipping_zones), 'with the shipping zones')
  const callsA = stage.exchanges.filter(exchange => exchange.store === STORE_A.hash)
  t.same(callsA.map(exchange => exchange.status), [...Array(STORM).fill(429), 200], 'A: one call per 429, then the one that succeeded')
  for (const limited of callsA.slice(0, STORM)) {
    t.equal(limited.limits?.['x-rate-limit-time-reset-ms'], String(RESET_MS), 'each 429 announced its reset')
  }
  const margins = marginsAfterResets(callsA)
  t.ok(margins.every(margin => margin >= -TIMER_SLACK_MS), `no call to A arrived before the reset the previous 429 announced (ms after each reset: ${margins.join(', ')})`)

  t.equal(answerB.statusCode, 200, "B's read succeeds")
  t.ok(aPendingWhenBAnswered, "B was answered while A's read was still waiting for its reset")
  t.same(stage.exchanges.filter(exchange => exchange.store === STORE_B.hash).map(exchange => exchange.status), [200], 'B: one call, answered 200, no 429')

  t.comment(`resilience: 429 storm (${STORM} x 429, reset ${RESET_MS} ms) on A: Fast saw ${summarise([answerA])} after ${answerA.ms} ms; ` +
    `BigCommerce calls to A: ${callsA.length} (arrived ${margins.join(', ')} ms after each announced reset); ` +
    `B read during the storm: ${summarise([answerB])} in ${answerB.ms} ms, ${stage.callsTo(STORE_B)} call(s)`)
})

t.test('a create answered 429 is sent again after the reset and makes one cart', async t => {
  const stage = await buildFaultStage(t)
  await stage.faults({ faults: [{ type: 'rate_limit', store: STORE_A.hash, match: 'POST /v3/carts', resetMs: RESET_MS, times: 1 }] })

  const answer = await stage.fastAs(STORE_A, 'create', createBody([{ id: randomUUID(), product: '112', quantity: 1 }], randomUUID()))

  t.equal(answer.statusCode, 200, 'the create succeeds')
  const posts = stage.exchanges.filter(exchange => exchange.store === STORE_A.hash && exchange.call === 'POST /v3/carts')
  t.same(posts.map(exchange => exchange.status), [429, 201], 'BigCommerce refused the first POST (nothing made) and took the second')
  const margins = marginsAfterResets(posts)
  t.ok(margins.every(margin => margin >= -TIMER_SLACK_MS), `the second POST arrived after the announced reset (${margins.join(', ')} ms after)`)
  const carts = [...(stage.emulator.sandbox.stores.get(STORE_A.hash)?.carts.keys() ?? [])]
  t.same(carts, [answer.body?.order?.order?.external_id], 'A holds exactly one cart, the one Fast was given')

  t.comment(`resilience: 429 on POST /v3/carts (once, reset ${RESET_MS} ms): Fast saw ${summarise([answer])} after ${answer.ms} ms; ` +
    `BigCommerce calls: ${stage.callsTo(STORE_A)} (POST /v3/carts x ${posts.length}: ${posts.map(p => p.status).join(', ')}); carts made: ${carts.length}`)
})

t.test('a read answered 429 without the rate-limit headers (platform overload) is retried and succeeds', async t => {
  const stage = await buildFaultStage(t)
  await stage.faults({ faults: [{ type: 'rate_limit', headers: false, store: STORE_A.hash, match: ZONES_CALL, times: 2 }] })

  const answer = await stage.fastAs(STORE_A, 'read', READ_ZONES)

  t.equal(answer.statusCode, 200, 'the read succeeds')
  const calls = stage.exchanges.filter(exchange => exchange.store === STORE_A.hash)
  t.same(calls.map(exchange => exchange.status), [429, 429, 200], 'after backing off from two 429s that announced no reset')
  t.ok(calls.slice(0, 2).every(exchange => Object.keys(exchange.limits ?? {}).length === 0), 'the 429s carried no X-Rate-Limit-* headers')
  const waits = calls.slice(1).map((call, index) => Math.round(call.arrivedAt - (calls[index]?.answeredAt as number)))

  t.comment(`resilience: 429s without headers (twice) on A: Fast saw ${summarise([answer])} after ${answer.ms} ms; ` +
    `BigCommerce calls: ${calls.length}, waits between them ${waits.join(', ')} ms`)
})
