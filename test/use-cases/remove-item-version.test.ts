/**
 * Finding 18 (issue 8): removing a line is a cart change like any other, so it carries the cart
 * version BigCommerce last answered (deleteCartLineItem: `CartLineItemDelete` body) and a
 * storefront change made meanwhile is refused (409) instead of silently overwritten.
 */
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { loadFixture } from '../helpers/bigcommerce-fixtures.js'
import { runScenario } from './scenarios.js'

t.test('finding 18: removing a line sends the cart version the cart was created with', async t => {
  // The exchange only matches a DELETE whose body is {version: 1}: the version createCart answered.
  t.same(loadFixture('update-remove-item', '02-remove-item').body, { version: 1 })
  const bridge = await buildTestApp(t)
  const { answers, replay } = await runScenario(t, bridge, 'update-remove-item')
  t.equal(answers.remove.statusCode, 200)
  t.equal(answers.remove.body.order.order.lines.length, 1, 'the other line stays')
  replay.assertDone()
})

t.test('finding 18: removing the last line sends the version too, and the order reads as an empty cart', async t => {
  t.same(loadFixture('update-remove-last-item', '02-remove-last-item').body, { version: 1 })
  const bridge = await buildTestApp(t)
  const { answers, replay } = await runScenario(t, bridge, 'update-remove-last-item')
  t.equal(answers.remove.statusCode, 200)
  t.same(answers.remove.body.order.order.lines, [])
  replay.assertDone()
})
