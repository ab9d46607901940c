/**
 * Commit-then-drop on order creation with the breaker at its defaults (issue 10). BigCommerce makes
 * the order but the answer is lost, and the look-ups that would find it fail too: enough failures
 * in a row to open store B's breaker. Fast's conversion fails, Fast retries as each answer's
 * Retry-After says, and the retries end with the order, the one BigCommerce made: never a second.
 *
 * test/e2e/conversion.test.ts covers the look-up that finds the order at once, and the retry that
 * adopts it with the breaker moved out of the way (LOOKUP_FAILURES_ENV); this is the same journey
 * with the breaker in it, as a store with default settings lives it.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { CONVERT, convertibleCart } from '../helpers/checkout-journey.js'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'
import { LOOKUP_ATTEMPTS } from '../helpers/sandbox-bridge.js'
import { buildFaultStage, retryAfterOf, STORE_B, summarise, type TimedAnswer } from './support.js'

const ORDER_POST = 'POST /v3/checkouts/{id}/orders'
const COOLDOWN_MS = 1_000
/** Fast's retries before the test gives up: each is one cooldown at most, and two rounds of failing look-ups are all the faults hold. */
const MOST_RETRIES = 8

t.test('an order made but its answer lost, and its look-ups failing until the breaker opens: Fast\'s retries end with that one order', async t => {
  const stage = await buildFaultStage(t, { BIGCOMMERCE_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS) })
  // The checkout helpers act as B's Fast app (test/tenancy/two-stores.ts).
  const journey = await convertibleCart(stage.bridge)
  const before = stage.callsTo(STORE_B)
  await stage.faults({
    faults: [
      { type: 'commit_then_drop', times: 1, store: STORE_B.hash },
      { type: 'server_error', match: 'GET /v2/orders', status: 503, times: LOOKUP_ATTEMPTS, store: STORE_B.hash }
    ]
  })
  const convert = journey.update(CONVERT)

  const answers: TimedAnswer[] = [await stage.fastAs(STORE_B, 'update', convert)]
  while ((answers[answers.length - 1] as TimedAnswer).statusCode !== 200 && answers.length <= MOST_RETRIES) {
    const failed = answers[answers.length - 1] as TimedAnswer
    checkFastError(t, failed, failed.statusCode, /^[A-Z_]+$/)
    t.ok(failed.statusCode >= 500, `a failure Fast retries (${summarise([failed])})`)
    t.ok(retryAfterOf(failed) >= 1, 'with a Retry-After')
    // As Fast does: wait what Retry-After says. Waiting longer cannot change the outcome.
    await sleep(retryAfterOf(failed) * 1000)
    answers.push(await stage.fastAs(STORE_B, 'update', convert))
  }

  const last = answers[answers.length - 1] as TimedAnswer
  t.equal(last.statusCode, 200, 'a retry ends with the order')
  const orders = [...(stage.emulator.sandbox.stores.get(STORE_B.hash)?.orders.values() ?? [])].filter(order => order.cartId === journey.cartId)
  t.equal(orders.length, 1, 'BigCommerce holds exactly one order for the cart')
  t.equal(last.body?.order?.order?.external_id, String(orders[0]?.id), 'the one BigCommerce made when the answer was lost')
  t.equal(stage.callsTo(STORE_B, ORDER_POST), 1, 'the order was created once: no POST was repeated')

  t.comment(`resilience: commit-then-drop on POST .../orders + ${LOOKUP_ATTEMPTS} failing look-ups (default breaker, ${COOLDOWN_MS} ms cooldown): ` +
    `Fast saw ${summarise(answers)} (${answers.map(a => a.ms).join(', ')} ms); BigCommerce calls: ${stage.callsTo(STORE_B) - before} ` +
    `(${ORDER_POST} x ${stage.callsTo(STORE_B, ORDER_POST)}); orders for the cart: ${orders.length}`)
})
