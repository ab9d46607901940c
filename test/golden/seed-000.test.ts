/**
 * Golden test: Fast's recorded checkout (seed 000) replayed against BigCommerce fixtures. Every
 * field of each recorded answer must appear in ours with the same value (see helpers/recorded.ts
 * for the one exception, the recorded store's invented zero-amount discounts).
 */
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { replayScenario } from '../helpers/bigcommerce-fixtures.js'
import { missingFrom, recordedFlow } from '../helpers/recorded.js'

const steps = recordedFlow('seed-000-checkout')

t.test('the recorded seed-000 checkout gets the recorded answers, field by field', async t => {
  const bridge = await buildTestApp(t)
  replayScenario(t, 'seed-000-checkout')
  for (const step of steps) {
    const answer = await bridge.fast(step.operation, step.request)
    t.equal(answer.statusCode, 200, `${step.file} answers 200`)
    t.same(missingFrom(answer.body, step.response), [], `${step.file}: every recorded field is in our answer with the same value`)
  }
})

t.test('the comparison itself notices a changed, a missing and an extra entry', async t => {
  const recorded = { order: { total: '29.99', lines: [{ id: 'a', discounts: [{ total_amount: '0.00' }] }] } }
  t.same(missingFrom({ order: { total: '29.99', lines: [{ id: 'a', discounts: [] }], extra: 1 } }, recorded), [], 'extra fields and invented zero discounts are fine')
  t.not(missingFrom({ order: { total: '30.00', lines: [{ id: 'a', discounts: [] }] } }, recorded).length, 0, 'a changed amount is caught')
  t.not(missingFrom({ order: { lines: [{ id: 'a', discounts: [] }] } }, recorded).length, 0, 'a missing total is caught')
  t.not(missingFrom({ order: { total: '29.99', lines: [{ id: 'a', discounts: [] }, { id: 'b' }] } }, recorded).length, 0, 'an extra line is caught')
})
