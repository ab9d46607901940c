/**
 * Finding 13 on update: Fast's `user_info.external_customer_id`, when it is a BigCommerce customer
 * id, makes the cart that customer's (PUT /v3/carts/{id} customer_id, carts.v3.yml updateCart), so
 * customer-group prices apply. Fixtures written by hand from carts.v3.yml.
 */
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { convertibleCart, CONVERT } from '../helpers/checkout-journey.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'
import { createBody, LINE_1, updateBody, useCaseReplay } from './flows.js'

t.test('finding 13: user_info.external_customer_id of a BigCommerce customer makes the cart that customer\'s', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'update-customer')
  await bridge.fast('create', createBody([{ id: LINE_1, product: '112', quantity: 1 }]))
  const before = replay.calls()
  const answer = await bridge.fast('update', updateBody({ user_info: { external_customer_id: '42' } }))
  t.equal(answer.statusCode, 200)
  t.same(answer.body.order.order.lines.map((l: any) => l.id.value), [LINE_1])
  t.equal(replay.calls() - before, 3, 'GET cart (whose is it?) + PUT customer_id 42 + GET checkout')
})

t.test('review 2 finding 6: a new customer once the order has a shipment is refused with 422, so the order can still be placed', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const before = bridge.exchanges.length
  const answer = await bridge.fast('update', journey.update({ user_info: { external_customer_id: '1' } }))
  t.equal(answer.statusCode, 422, JSON.stringify(answer.body))
  t.equal(answer.body.details[0].reason, 'CUSTOMER_AFTER_SHIPPING')
  t.same(bridge.exchanges.slice(before).filter(e => e.method !== 'GET').map(e => e.method), [], 'the cart was not changed')
  const converted = await bridge.fast('update', journey.update(CONVERT))
  t.equal(converted.statusCode, 200, JSON.stringify(converted.body))
})
