/**
 * Input built to hurt, from anyone holding a valid token: bodies nested thousands deep, strings that
 * are not Unicode, ids that cannot name anything in BigCommerce. Each is a 400 in Fast's error body,
 * decided before any deep code runs and before any BigCommerce call.
 */
import { randomUUID } from 'node:crypto'
import t, { type Test } from 'tap'
import { buildTestApp, FAST_APP_ID, type TestBridge } from '../helpers/build-app.js'
import { checkFastError, forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'

const ORDER_ID = 'eb3b8e18-930d-4213-92a0-4993f9e536a8'
const REQUEST_ID = { value: '7b0a3c55-2f7e-4c1e-9d57-3f2b8f0e1a11' }
const LONE_SURROGATE = '\ud800'

async function setup (t: Test): Promise<TestBridge> {
  forbidBigCommerce(t)
  return await buildTestApp(t)
}

/** `{"a":{"a":...{}}}` nested `depth` objects deep, as text (JSON.stringify itself would recurse). */
function nestedObjects (depth: number): string {
  return '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1)
}

async function post (bridge: TestBridge, operation: string, payload: string, contentType = 'application/json') {
  const response = await bridge.app.inject({
    method: 'POST',
    url: `/fast/v1/${operation}`,
    headers: { authorization: bridge.jwks.bearer(FAST_APP_ID), 'content-type': contentType },
    payload
  })
  return { statusCode: response.statusCode, headers: response.headers, body: response.json() }
}

t.test('a body nested 5,000 deep with a request_id answers 400 BODY_TOO_DEEP, not a 500', async (t) => {
  const bridge = await setup(t)
  for (const operation of ['create', 'read', 'update', 'delete']) {
    const payload = `{"request_id":${JSON.stringify(REQUEST_ID)},"type":"ENTITY_TYPE_ORDER","order":${nestedObjects(5000)}}`
    const answer = await post(bridge, operation, payload)
    checkFastError(t, answer, 400, 'BODY_TOO_DEEP')
    t.match(answer.body.message, /32/, `${operation}: the message gives the limit`)
  }
})

t.test('a body of 5,000 nested arrays answers 400 BODY_TOO_DEEP', async (t) => {
  const bridge = await setup(t)
  const answer = await post(bridge, 'update', `{"request_id":${JSON.stringify(REQUEST_ID)},"order":${'['.repeat(5000)}${']'.repeat(5000)}}`)
  checkFastError(t, answer, 400, 'BODY_TOO_DEEP')
})

t.test('a body with content-type application/json; charset=utf-8 is read', async (t) => {
  const bridge = await setup(t)
  const payload = JSON.stringify({ type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: ORDER_ID } } })
  for (const contentType of ['application/json; charset=utf-8', 'Application/JSON;charset=UTF-8']) {
    const answer = await post(bridge, 'read', payload, contentType)
    // Read and looked up: an order this store does not know.
    checkFastError(t, answer, 404, 'ORDER_NOT_FOUND')
  }
})

t.test('a lone surrogate in any string answers 400 INVALID_REQUEST naming the field, without a BigCommerce call', async (t) => {
  const bridge = await setup(t)
  const cases: Array<{ operation: 'read' | 'update' | 'delete', field: string, order?: Record<string, unknown>, user?: Record<string, unknown> }> = [
    { operation: 'read', field: 'order.external_order_id', order: { external_order_id: `abc${LONE_SURROGATE}` } },
    { operation: 'delete', field: 'order.external_order_id', order: { external_order_id: LONE_SURROGATE } },
    { operation: 'update', field: 'order.external_id', order: { external_id: `\udc00${ORDER_ID}`, bill_to: { first_name: 'J' } } },
    { operation: 'update', field: 'order.coupon.code', order: { order_id: { value: ORDER_ID }, coupon: { code: `SAVE${LONE_SURROGATE}` } } },
    { operation: 'read', field: 'user.email', user: { email: `a${LONE_SURROGATE}@example.com` } }
  ]
  for (const { operation, field, order, user } of cases) {
    const body = { request_id: { value: randomUUID() }, type: user === undefined ? 'ENTITY_TYPE_ORDER' : 'ENTITY_TYPE_USER', ...(order === undefined ? {} : { order }), ...(user === undefined ? {} : { user }) }
    const answer = await bridge.fast(operation, body)
    checkFastError(t, answer, 400, 'INVALID_REQUEST')
    t.match(answer.body.message, field, `${operation} ${field}: the message names the field`)
    t.equal(answer.body.details[0].metadata.field, field, `${operation} ${field}: so does the metadata`)
  }
})

t.test('a lone surrogate in a key answers 400 INVALID_REQUEST', async (t) => {
  const bridge = await setup(t)
  const answer = await post(bridge, 'read', '{"type":"ENTITY_TYPE_ORDER","order":{"\\udfff":1,"order_id":{"value":"x"}}}')
  checkFastError(t, answer, 400, 'INVALID_REQUEST')
  t.match(answer.body.message, /order/)
})

t.test('a surrogate pair (an emoji) is well-formed and read as usual', async (t) => {
  const bridge = await setup(t)
  const answer = await bridge.fast('read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: `${ORDER_ID}\ud83d\ude00` } } })
  checkFastError(t, answer, 404, 'ORDER_NOT_FOUND')
})

t.test('an external order id that can be neither a cart id nor an order number answers 400 INVALID_ID without a BigCommerce call', async (t) => {
  const bridge = await setup(t)
  const ids = ['hoodie', '0', '-1', '1.5', '99999999999999999999', `${ORDER_ID}x`, '../carts', 'eb3b8e18930d421392a04993f9e536a8']
  for (const operation of ['read', 'delete'] as const) {
    for (const id of ids) {
      const answer = await bridge.fast(operation, { request_id: { value: randomUUID() }, type: 'ENTITY_TYPE_ORDER', order: { external_order_id: id } })
      checkFastError(t, answer, 400, 'INVALID_ID')
      t.match(answer.body.message, /external_order_id/, `${operation} ${JSON.stringify(id)}: the message names the field`)
    }
  }
})

t.test('a user id that cannot be a BigCommerce customer id answers 404 USER_NOT_FOUND without a BigCommerce call', async (t) => {
  const bridge = await setup(t)
  for (const id of ['99999999999999999999', '0', '007', 'abc', '1e3']) {
    const answer = await bridge.fast('read', { type: 'ENTITY_TYPE_USER', user: { external_user_id: id } })
    checkFastError(t, answer, 404, 'USER_NOT_FOUND')
  }
})
