/**
 * Each store has its own budget of concurrent BigCommerce calls (BIGCOMMERCE_CALLS_PER_STORE): a
 * burst on store A waits in A's own line and leaves B's calls free to go. No timing: A's calls are
 * held at the fake BigCommerce until the test releases them.
 */
import t from 'tap'
import { startFakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'
import type { FastAnswer } from '../helpers/fake-bigcommerce-guards.js'
import { buildTwoStoreBridge, STORE_A, STORE_B } from './two-stores.js'

const BUDGET = 2
const BURST = 5
const READ_ZONES = { type: 'ENTITY_TYPE_SHIPPING_ZONES' }
const NO_ZONES: FakeReply = { status: 200, body: [] }

t.test('a burst of calls for store A does not delay store B, and A never has more than its budget in flight', async t => {
  let inFlightA = 0
  let mostInFlightA = 0
  let holding = true
  const held: Array<() => void> = []
  let budgetReached!: () => void
  const aAtBudget = new Promise<void>(resolve => { budgetReached = resolve })

  const bc = await startFakeBigCommerce(t, async (request) => {
    if (!request.url.startsWith(`/stores/${STORE_A.hash}/`)) return NO_ZONES
    inFlightA++
    mostInFlightA = Math.max(mostInFlightA, inFlightA)
    if (holding) {
      await new Promise<void>(resolve => {
        held.push(resolve)
        if (held.length === BUDGET) budgetReached()
      })
    }
    inFlightA--
    return NO_ZONES
  })
  const bridge = await buildTwoStoreBridge(t, bc.url, { env: { BIGCOMMERCE_CALLS_PER_STORE: String(BUDGET) }, bigcommerceTimeoutMs: 60_000 })

  const settledA: FastAnswer[] = []
  const burst = Array.from({ length: BURST }, async () => {
    const answer = await bridge.fastAs(STORE_A.fastAppId, 'read', READ_ZONES)
    settledA.push(answer)
    return answer
  })
  await aAtBudget

  const answerB = await bridge.fastAs(STORE_B.fastAppId, 'read', READ_ZONES)
  t.equal(answerB.statusCode, 200, "B's call completes")
  t.same(answerB.body.shipping_zones, { shipping_zones: [] })
  t.equal(settledA.length, 0, "while every one of A's calls is still waiting")
  t.equal(held.length, BUDGET, `A's calls at BigCommerce: exactly its budget of ${BUDGET}; the other ${BURST - BUDGET} wait their turn`)

  holding = false
  for (const release of held.splice(0)) release()
  const answersA = await Promise.all(burst)
  t.same(answersA.map(answer => answer.statusCode), Array(BURST).fill(200), "every one of A's calls completes once released")
  t.equal(bc.requests.filter(request => request.url.startsWith(`/stores/${STORE_A.hash}/`)).length, BURST, 'each made its one call')
  t.ok(mostInFlightA <= BUDGET, `A never had more than ${BUDGET} calls in flight (most: ${mostInFlightA})`)
})
