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
