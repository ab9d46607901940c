/**
 * BigCommerce slower than Fast's deadline (issue 10): with 5-second answers and a 500 ms deadline,
 * Fast's read is answered 504 DEADLINE_EXCEEDED long before BigCommerce would have answered, and
 * the read's call is abandoned: once the late work is done, no BigCommerce call is left in flight.
 */
import t from 'tap'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'
import { buildFaultStage, READ_ZONES, retryAfterOf, STORE_A, summarise, ZONES_CALL } from './support.js'

const LATENCY_MS = 5_000
const DEADLINE_MS = 500

t.test('a read whose BigCommerce answers take longer than the deadline is answered 504 on time, and nothing is left running', async t => {
  const stage = await buildFaultStage(t, { FAST_DEADLINE_MS: String(DEADLINE_MS) })
  await stage.faults({ faults: [{ type: 'latency', ms: LATENCY_MS, match: ZONES_CALL }] })

  const answer = await stage.fastAs(STORE_A, 'read', READ_ZONES)

  checkFastError(t, answer, 504, 'DEADLINE_EXCEEDED')
  t.equal(retryAfterOf(answer), 1, 'Retry-After 1')
  t.ok(answer.ms < 4_000, `answered well before BigCommerce's ${LATENCY_MS} ms (${answer.ms} ms, deadline ${DEADLINE_MS} ms)`)
  const calls = stage.callsTo(STORE_A)
  t.ok(calls >= 1 && calls <= 3, `the read reached BigCommerce (${calls} call(s), at most 3 attempts)`)
  await stage.bridge.app.whenLateWorkDone()
  t.equal(stage.bridge.app.bigcommerce.client.inFlight(), 0, 'once the late work is done, no BigCommerce call is in flight')

  t.comment(`resilience: answers slower than the deadline (latency ${LATENCY_MS} ms, deadline ${DEADLINE_MS} ms): ` +
    `Fast saw ${summarise([answer])} after ${answer.ms} ms; BigCommerce calls: ${calls}; in flight after the late work: ${stage.bridge.app.bigcommerce.client.inFlight()}`)
})
