/**
 * A spent quota on store A (issue 10): BigCommerce's X-Rate-Limit-Requests-Left reaches 0 and the
 * reset is further off than Fast's deadline. Fast is told at once (503 BIGCOMMERCE_QUOTA_SPENT with
 * Retry-After) and no call is spent on a certain 429; store B reads on; A reads again right after
 * the window. And the issue's own measurement: 300 sequential reads against BigCommerce's
 * 150-per-30-s quota once made 300 calls, 150 of them answered 429.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'
import { buildFaultStage, READ_ZONES, reasonOf, retryAfterOf, STORE_A, STORE_B, summarise, type TimedAnswer } from './support.js'

const QUOTA = { requests: 5, windowMs: 3_000 }
const READS = 10

t.test('with A\'s quota spent and its reset past the deadline, reads on A answer 503 at once with Retry-After and no call; B reads on; A reads again right after the window', async t => {
  const stage = await buildFaultStage(t, { FAST_DEADLINE_MS: '1000' })
  await stage.faults({ quota: QUOTA })

  const answersA: TimedAnswer[] = []
  for (let i = 0; i < READS; i++) answersA.push(await stage.fastAs(STORE_A, 'read', READ_ZONES))
  const answerB = await stage.fastAs(STORE_B, 'read', READ_ZONES)
  const callsInWindow = stage.callsTo(STORE_A)

  // Ten local reads take milliseconds: all of them fall in A's first 3-second window.
  t.same(answersA.map(answer => answer.statusCode), [...Array(QUOTA.requests).fill(200), ...Array(READS - QUOTA.requests).fill(503)],
    'the first five reads use the quota, the rest are answered 503')
  const refused = answersA.slice(QUOTA.requests)
  checkFastError(t, refused[0] as TimedAnswer, 503, 'BIGCOMMERCE_QUOTA_SPENT')
  t.ok(refused.every(answer => reasonOf(answer) === 'BIGCOMMERCE_QUOTA_SPENT'), 'every refused read says the quota is spent')
  const retryAfters = refused.map(retryAfterOf)
  t.ok(retryAfters.every(seconds => Number.isInteger(seconds) && seconds >= 1 && seconds <= QUOTA.windowMs / 1000),
    `with a Retry-After in whole seconds, at most the window (${retryAfters.join(', ')})`)
  t.equal(callsInWindow, QUOTA.requests, 'A: exactly its quota of calls, none for the refused reads')
  t.equal(stage.answeredWith(STORE_A, 429), 0, 'BigCommerce answered A no 429')
  t.equal(answerB.statusCode, 200, 'B reads meanwhile')
  t.equal(stage.callsTo(STORE_B), 1, 'with its one call')

  // A sleep, not an event: the window ends on BigCommerce's clock, and sleeping longer than the
  // Retry-After Fast was given cannot change what the next read should see.
  await sleep(Math.max(...retryAfters) * 1000)
  const after = [await stage.fastAs(STORE_A, 'read', READ_ZONES), await stage.fastAs(STORE_A, 'read', READ_ZONES)]
  t.same(after.map(answer => answer.statusCode), [200, 200], 'right after the window, A reads again')
  const afterCalls = stage.callsTo(STORE_A) - callsInWindow
  t.equal(afterCalls, 2, 'one call each')
  t.equal(stage.answeredWith(STORE_A, 429) + stage.answeredWith(STORE_B, 429), 0, 'and still no 429 anywhere')

  const ms = (answers: TimedAnswer[]): string => `${Math.min(...answers.map(a => a.ms))}-${Math.max(...answers.map(a => a.ms))} ms`
  t.comment(`resilience: spent quota (${QUOTA.requests} per ${QUOTA.windowMs} ms, deadline 1000 ms) on A: ${READS} reads saw ` +
    `${summarise(answersA)}; the 503s in ${ms(refused)}; BigCommerce calls to A: ${callsInWindow} (429s: ${stage.answeredWith(STORE_A, 429)}); ` +
    `B meanwhile: ${summarise([answerB])}, ${stage.callsTo(STORE_B)} call(s); after the window: ${summarise(after)}, ${afterCalls} calls`)
})

t.test("the issue's measurement: 300 sequential reads against a 150-per-30-s quota make 150 calls and meet no 429", async t => {
  const stage = await buildFaultStage(t)
  const quota = { requests: 150, windowMs: 30_000 }
  await stage.faults({ quota })

  const started = performance.now()
  const answers: TimedAnswer[] = []
  for (let i = 0; i < 300; i++) answers.push(await stage.fastAs(STORE_A, 'read', READ_ZONES))
  const elapsed = Math.round(performance.now() - started)

  // 300 local reads take a few seconds: all of them fall in the first 30-second window.
  const ok = answers.filter(answer => answer.statusCode === 200)
  const spent = answers.filter(answer => answer.statusCode === 503 && reasonOf(answer) === 'BIGCOMMERCE_QUOTA_SPENT')
  t.equal(ok.length, quota.requests, 'the quota answers 150 reads')
  t.equal(spent.length, 300 - quota.requests, 'the other 150 are told the quota is spent')
  t.equal(stage.callsTo(STORE_A), quota.requests, 'BigCommerce calls: 150, not 300')
  t.equal(stage.answeredWith(STORE_A, 429), 0, 'none answered 429 (the issue measured 150)')

  t.comment(`resilience: 300 sequential reads, quota 150 per 30 s (default deadline): Fast saw ${summarise(answers)} in ${elapsed} ms ` +
    `(the slowest 503 in ${Math.max(0, ...spent.map(a => a.ms))} ms); BigCommerce calls: ${stage.callsTo(STORE_A)}, 429s: ${stage.answeredWith(STORE_A, 429)} ` +
    '(issue 10 measured 300 calls, 150 of them 429)')
})
