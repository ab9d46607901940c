/**
 * Seed 004 delete: the shopper gave up or Fast abandoned the cart. A cart is deleted (DELETE
 * /v3/carts/{id}); one already gone still answers {}. Fast also sends a delete after every
 * successful conversion (fast-api.md §2.6): a converted order, or a cart whose conversion may have
 * made one, is left as it is (cancelling is ORDER_STATUS_CANCELED's job).
 * Budget (spec/bigcommerce.md §1.7): "delete: 1" (a converted order: 0).
 */
import t from 'tap'
import { loadFixture } from '../helpers/bigcommerce-fixtures.js'
import { buildTestApp } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'
import { seedConvertible } from '../conversion/support.js'
import { convertBody, deleteBody, ORDER_ID, readyCheckout, useCaseReplay } from './flows.js'
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

t.test('finding 6: a delete after conversion leaves the order as it is and answers {}', async t => {
  const bridge = await buildTestApp(t)
  const { answers, calls, replay } = await runScenario(t, bridge, 'delete-converted-order')
  t.equal(answers.delete.statusCode, 200)
  t.same(answers.delete.body, {})
  t.equal(calls.delete, 0, 'no BigCommerce call: the order is not cancelled, its cart not deleted')
  replay.assertDone()
})

t.test('finding 6: a delete naming the converted order by its cart id (external_order_id) leaves it alone too', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'delete-converted-order')
  await readyCheckout(bridge)
  const converted = await bridge.fast('update', convertBody())
  t.equal(converted.statusCode, 200)
  const cartId = loadFixture('delete-converted-order', '01-create-cart').response as { data: { id: string } }
  const bcOrderId = String(converted.body.order.order.external_id)
  const before = replay.calls()
  for (const by of [{ externalOrderId: cartId.data.id }, { externalOrderId: bcOrderId }]) {
    const answer = await bridge.fast('delete', deleteBody(by))
    t.equal(answer.statusCode, 200, JSON.stringify(by))
    t.same(answer.body, {})
  }
  t.equal(replay.calls() - before, 0, 'no BigCommerce call')
})

t.test('finding 6: a delete while the conversion\'s outcome is unknown touches neither the cart nor an order it may have become', async t => {
  const bridge = await buildTestApp(t)
  const trap = forbidBigCommerce(t)
  await seedConvertible(bridge, 'started')
  const answer = await bridge.fast('delete', deleteBody({ orderId: ORDER_ID }))
  t.equal(answer.statusCode, 200)
  t.same(answer.body, {})
  t.equal(trap.calls(), 0, `no BigCommerce call (${trap.seen.join(', ')})`)
})
