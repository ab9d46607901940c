/**
 * Finding 13 on update: Fast's `user_info.external_customer_id`, when it is a BigCommerce customer
 * id, makes the cart that customer's (PUT /v3/carts/{id} customer_id, carts.v3.yml updateCart), so
 * customer-group prices apply. Fixtures written by hand from carts.v3.yml.
 */
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
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
