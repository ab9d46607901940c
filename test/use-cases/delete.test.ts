/**
 * Seed 004 delete: the shopper gave up or Fast abandoned the cart. A cart is deleted (DELETE
 * /v3/carts/{id}); one already gone still answers {}; a converted order is cancelled (status 5).
 * Budget (spec/bigcommerce.md §1.7): "delete: 1".
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { FIXTURES_DIR, type FixtureDefinition } from '../helpers/bigcommerce-fixtures.js'
import { buildTestApp } from '../helpers/build-app.js'
import { runScenario } from './scenarios.js'

t.test('Fast deletes a cart: BigCommerce deletes it and Fast gets {}', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'delete-cart')
  t.equal(answers.delete.statusCode, 200)
  t.same(answers.delete.body, {})
  t.equal(calls.delete, 1, 'DELETE cart (204)')
})

t.test('deleting a cart that is already gone still answers {}', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls, replay } = await runScenario(t, bridge, 'delete-cart-already-gone')
  t.equal(answers.again.statusCode, 200)
  t.same(answers.again.body, {})
  t.equal(calls.again, 1, 'DELETE cart (404), taken as deleted')
  replay.assertDone()
})

t.test('deleting a converted order cancels it in BigCommerce (status 5) and answers {}', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls } = await runScenario(t, bridge, 'delete-converted-order')
  t.equal(answers.delete.statusCode, 200)
  t.same(answers.delete.body, {})
  const put = JSON.parse(readFileSync(join(FIXTURES_DIR, 'delete-converted-order', '14-set-order-status-5.json'), 'utf8')) as FixtureDefinition
  t.same(put.body, { status_id: 5 })
  t.equal(calls.delete, 1, 'PUT order status 5')
})
