/**
 * A burst of 500s on store A's reads (issue 10): Fast's reads fail (502/503) until
 * BIGCOMMERCE_BREAKER_FAILURES attempts in a row have failed; then A's breaker is open and its reads
 * are answered 503 BIGCOMMERCE_CIRCUIT_OPEN at once, with Retry-After and no call, while store B
 * reads on. Once BigCommerce is well again and the cooldown has passed, a trial read closes it.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'
import { buildFaultStage, READ_ZONES, retryAfterOf, STORE_A, STORE_B, summarise, ZONES_CALL, type TimedAnswer } from './support.js'

const FAILURES = 5
// Long enough that the few local calls between the breaker opening and the checks of it never
// outlast it, even on a loaded machine; short enough to wait out.
const COOLDOWN_MS = 1_000

t.test('a 5xx burst on store A opens its breaker: A is answered 503 at once without calls, B reads on, and after the cooldown A reads again', async t => {
  const stage = await buildFaultStage(t, { BIGCOMMERCE_BREAKER_FAILURES: String(FAILURES), BIGCOMMERCE_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS) })
  await stage.faults({ faults: [{ type: 'server_error', status: 500, store: STORE_A.hash, match: ZONES_CALL }] })

  // Read until BigCommerce has seen FAILURES failed attempts (retries included), at most one read per attempt.
  const failing: TimedAnswer[] = []
  while (stage.callsTo(STORE_A) < FAILURES && failing.length < FAILURES) failing.push(await stage.fastAs(STORE_A, 'read', READ_ZONES))
  for (const answer of failing) checkFastError(t, answer, answer.statusCode === 502 ? 502 : 503, /^BIGCOMMERCE_/)
  t.ok(failing.every(answer => answer.statusCode === 502 || answer.statusCode === 503), `the failing reads answer 502 or 503 (${summarise(failing)})`)
  const failedCalls = stage.callsTo(STORE_A)
  t.equal(failedCalls, FAILURES, `BigCommerce saw ${FAILURES} failed attempts, and no more`)

  const open = await stage.fastAs(STORE_A, 'read', READ_ZONES)
  checkFastError(t, open, 503, 'BIGCOMMERCE_CIRCUIT_OPEN')
  const retryAfter = retryAfterOf(open)
  t.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= Math.ceil(COOLDOWN_MS / 1000), `Retry-After is the rest of the cooldown in whole seconds (${retryAfter})`)
  const openCalls = stage.callsTo(STORE_A) - failedCalls
  t.equal(openCalls, 0, 'and no call reached BigCommerce')

  const answerB = await stage.fastAs(STORE_B, 'read', READ_ZONES)
  t.equal(answerB.statusCode, 200, "B reads while A's breaker is open")
  t.equal(stage.callsTo(STORE_B), 1, 'with its one call')

  await stage.faults({})
  // A sleep, not an event: the cooldown runs on the bridge's clock, and sleeping past the
  // Retry-After Fast was given cannot change what the next read should see.
  await sleep(retryAfter * 1000)
  const trial = await stage.fastAs(STORE_A, 'read', READ_ZONES)
  const next = await stage.fastAs(STORE_A, 'read', READ_ZONES)
  t.equal(trial.statusCode, 200, 'after the cooldown the trial read succeeds')
  t.equal(next.statusCode, 200, 'and the breaker is closed: the read after it succeeds too')
  const recoveryCalls = stage.callsTo(STORE_A) - failedCalls - openCalls
  t.equal(recoveryCalls, 2, 'one call each')

  t.comment(`resilience: 5xx burst (500 on every read of A), breaker ${FAILURES} failures / ${COOLDOWN_MS} ms cooldown: ` +
    `failing reads saw ${summarise(failing)} (${failing.map(a => a.ms).join(', ')} ms), ${failedCalls} BigCommerce calls; ` +
    `open: ${summarise([open])} in ${open.ms} ms, ${openCalls} calls; B meanwhile: ${summarise([answerB])} in ${answerB.ms} ms, ${stage.callsTo(STORE_B)} call(s); ` +
    `after the cooldown: ${summarise([trial, next])}, ${recoveryCalls} calls`)
})
