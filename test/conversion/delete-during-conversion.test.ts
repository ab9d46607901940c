/**
 * Finding 6, the race: Fast's delete arrives while the conversion is still waiting for BigCommerce's
 * order POST. The delete waits for the conversion (the order's lease), then finds an order and
 * leaves it, and its cart, as they are.
 */
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { startFakeBigCommerce } from '../helpers/fake-bigcommerce.js'
import { convertBody, deleteBody, ORDER_ID } from '../use-cases/flows.js'
import { answering, CHECKOUT, heldReply, ok, ORDER_100, PATHS, seedConvertible } from './support.js'

t.test('finding 6: a delete during the conversion neither deletes the cart that became an order nor cancels the order', async t => {
  const bc = await startFakeBigCommerce(t)
  const post = heldReply()
  const routes = answering({
    [`GET ${PATHS.checkout}`]: [ok(CHECKOUT)],
    [`POST ${PATHS.createOrder}`]: [post.answer],
    [`PUT ${PATHS.order(100)}`]: [ok(ORDER_100)],
    [`GET ${PATHS.readOrder(100)}`]: [ok(ORDER_100)]
  })
  bc.handle(async request => {
    if (request.method === 'POST') post.markArrived()
    return await routes(request)
  })
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge)

  const conversion = bridge.fast('update', convertBody())
  await post.arrived
  const deletion = bridge.fast('delete', deleteBody({ orderId: ORDER_ID }))
  post.release({ status: 200, body: { data: { id: 100 }, meta: {} } })
  const [converted, deleted] = await Promise.all([conversion, deletion])

  t.equal(converted.statusCode, 200, 'the conversion succeeds')
  t.equal(deleted.statusCode, 200)
  t.same(deleted.body, {})
  const writes = bc.requests.filter(request => request.method === 'DELETE' || (request.method === 'PUT' && 'status_id' in JSON.parse(request.body || '{}')))
  t.same(writes.map(request => `${request.method} ${request.url}`), [], 'no cart DELETE, no status PUT')
})
