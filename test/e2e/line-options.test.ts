/**
 * Finding 17 end to end on the sandbox store: the consignment endpoints cannot include the lines'
 * options (checkouts.v3.yml), so the bridge shows the options it recorded with each line.
 */
import t from 'tap'
import { DEFAULT_STORE } from '../../src/sandbox/app.js'
import { createCart, expectOk, SHOPPER } from '../helpers/checkout-journey.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'

const TEE_SIZE_M = [{ product: '113', variant: '81', quantity: 1 }]

function optionsOf (answer: any): unknown {
  return answer.order.order.lines.map((line: any) => line.external_options)
}

t.test('finding 17: after a shipping address, a line still shows its options, with no extra checkout read', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge, TEE_SIZE_M)
  const created = optionsOf(journey.answer)
  t.same(created, [[{ key: 'Size', value: 'M' }]], 'the cart answer shows Size M')
  const { result, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update({ shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: journey.lineId }, quantity: 1 }] }] })))
  t.same(optionsOf(result), created, 'the consignment answer has no options; the recorded ones are shown')
  t.notOk(byCall['GET /v3/checkouts/{id}'], `no checkout read: ${JSON.stringify(byCall)}`)
})

t.test('finding 17: a line recorded before options were kept costs one checkout read, and shows its options', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge, TEE_SIZE_M)
  // As a line saved before migration 4: its options unknown.
  const lines = await bridge.storage.listLines(DEFAULT_STORE.hash, journey.orderId)
  await bridge.storage.saveLines(lines.map(line => ({ ...line, options: null })))
  const { result, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update({ shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: journey.lineId }, quantity: 1 }] }] })))
  t.same(optionsOf(result), [[{ key: 'Size', value: 'M' }]])
  t.equal(byCall['GET /v3/checkouts/{id}'], 1, 'one checkout read for the answer')
})

t.test('two added lines with options unknown to their products: the first one is named, and the cart is unchanged', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const colour = (id: string) => ({ item_id: { value: id }, quantity: 1, external_product_id: '113', external_options: [{ key: 'Colour', value: 'Red' }] })
  const { result: answer, byCall } = await bridge.countCalls(async () => await bridge.fast('update', journey.update({ items: [colour('first'), colour('second')] })))
  t.equal(answer.statusCode, 422)
  t.equal(answer.body.details?.[0]?.reason, 'OPTION_NOT_FOUND')
  t.match(answer.body.message, /^items\[0\]/, 'the first entry in the request is the one named')
  t.same(Object.keys(byCall), ['GET /v3/catalog/products/{productId}'], `only the catalog was read: ${JSON.stringify(byCall)}`)
})
