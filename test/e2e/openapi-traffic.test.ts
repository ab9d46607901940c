/**
 * Every request the bridge sends to the sandbox store, and every answer it gets, during a journey
 * through every operation, matches BigCommerce's official OpenAPI document of its endpoint.
 */
import t from 'tap'
import { convertibleCart, CONVERT, expectOk } from '../helpers/checkout-journey.js'
import { validateAgainstOpenApi } from '../helpers/openapi.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'

t.test('the bridge and the sandbox store speak BigCommerce as its documents define it', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge, 'Express')
  await expectOk(bridge, 'read', journey.read())
  await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: 'tee' }, quantity: 2, external_product_id: '113', external_variant_id: '81' }] }))
  await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: 'tee' }, quantity: 1, external_product_id: '113', external_variant_id: '81' }] }))
  await expectOk(bridge, 'update', journey.update({ coupon: { code: 'SAVE10' } }))
  await expectOk(bridge, 'update', journey.update({ coupon: { code: 'SAVE10', remove: true } }))
  await bridge.fast('update', journey.update({ items: [{ item_id: { value: 'cap' }, quantity: 1, external_product_id: '114' }] }))
  await expectOk(bridge, 'update', journey.update({ ...CONVERT, coupon: { code: 'SAVE10' } }))
  await expectOk(bridge, 'update', journey.update({ status: 'ORDER_STATUS_BOOKED', convert_cart_to_order: true }))
  await expectOk(bridge, 'read', journey.read())
  await expectOk(bridge, 'read', { type: 'ENTITY_TYPE_SHIPPING_ZONES' })
  await expectOk(bridge, 'read', { type: 'ENTITY_TYPE_USER', user: { external_user_id: '1' } })
  await expectOk(bridge, 'delete', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: journey.orderId } } })

  t.ok(bridge.exchanges.length >= 25, `${bridge.exchanges.length} exchanges were checked`)
  for (const [index, exchange] of bridge.exchanges.entries()) {
    const name = `${index + 1}. ${exchange.method} ${exchange.path.split('?')[0]} -> ${exchange.status}`
    t.same(validateAgainstOpenApi({ method: exchange.method, path: exchange.path, body: exchange.request, kind: 'request' }), [], `${name}: our request`)
    t.same(validateAgainstOpenApi({ method: exchange.method, path: exchange.path, status: exchange.status, body: exchange.response, kind: 'response' }), [], `${name}: its answer`)
  }
})
