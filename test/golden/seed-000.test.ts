/**
 * Golden test: Fast's recorded checkout (seed 000) replayed against BigCommerce fixtures. Every
 * field of each recorded answer must appear in ours with the same value. One exception, by
 * decision: the recorded lines carry two zero-amount VENDOR discounts that the recorded store's
 * own bridge invented; we emit discounts only from BigCommerce's data, so those entries are not
 * expected.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { replayScenario } from '../helpers/bigcommerce-fixtures.js'

const SEED_DIR = join(import.meta.dirname, '../../fixtures/fast/seed-000-checkout')
const steps = readdirSync(SEED_DIR).sort().map(file => ({ file, ...JSON.parse(readFileSync(join(SEED_DIR, file), 'utf8')) as { operation: 'create' | 'read' | 'update', request: unknown, response: unknown } }))

/** The recorded store's invented discounts: zero amounts that say nothing. */
function withoutInventedDiscounts (path: string, recorded: unknown[]): unknown[] {
  if (!/\.lines\[\d+\]\.discounts$/.test(path)) return recorded
  return recorded.filter(entry => (entry as { total_amount?: string }).total_amount !== '0.00')
}

/** Differences where `recorded` is not contained in `ours`, as readable paths. */
function missingFrom (ours: unknown, recorded: unknown, path = '$'): string[] {
  if (Array.isArray(recorded)) {
    const expected = withoutInventedDiscounts(path, recorded)
    if (!Array.isArray(ours)) return [`${path}: expected an array, got ${JSON.stringify(ours)}`]
    if (ours.length !== expected.length) return [`${path}: expected ${expected.length} entries, got ${ours.length}`]
    return expected.flatMap((entry, index) => missingFrom(ours[index], entry, `${path}[${index}]`))
  }
  if (recorded !== null && typeof recorded === 'object') {
    if (ours === null || typeof ours !== 'object' || Array.isArray(ours)) return [`${path}: expected an object, got ${JSON.stringify(ours)}`]
    return Object.entries(recorded).flatMap(([key, value]) => {
      if (!(key in ours)) return [`${path}.${key}: missing`]
      return missingFrom((ours as Record<string, unknown>)[key], value, `${path}.${key}`)
    })
  }
  return Object.is(ours, recorded) ? [] : [`${path}: expected ${JSON.stringify(recorded)}, got ${JSON.stringify(ours)}`]
}

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
