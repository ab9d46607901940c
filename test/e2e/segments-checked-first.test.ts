/**
 * Bad input never reaches BigCommerce, also when it sits in a later segment of one update: every
 * segment's input is checked before the first segment makes a call.
 */
import t from 'tap'
import { createCart, SHOPPER } from '../helpers/checkout-journey.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'

const ADD_TEE = { items: [{ item_id: { value: 'tee-line' }, quantity: 1, external_product_id: '113', external_variant_id: '81' }] }

const BAD_LATER_SEGMENTS: Array<[string, Record<string, unknown>, string]> = [
  ['a shipment without ship_to', { shipments: [{ line_refs: [] }] }, 'SHIP_TO_MISSING'],
  ['a billing address without an email', { bill_to: { ...SHOPPER, email: '' } }, 'ADDRESS_INCOMPLETE'],
  ['a shipping option without an option id', { shipping_option: { plan_id: { value: 'p' } } }, 'OPTION_ID_MISSING'],
  ['a coupon without a code', { coupon: { code: ' ' } }, 'COUPON_CODE_MISSING']
]

for (const [what, segment, reason] of BAD_LATER_SEGMENTS) {
  t.test(`an item add followed by ${what} is refused whole: ${reason}, no BigCommerce call, the cart unchanged`, async t => {
    const bridge = await buildSandboxBridge(t)
    const journey = await createCart(bridge)
    const { result, calls } = await bridge.countCalls(async () => await bridge.fast('update', journey.update({ ...ADD_TEE, ...segment })))
    t.ok(result.statusCode === 400 || result.statusCode === 422, `a client error, not ${result.statusCode}`)
    t.equal(result.body.details[0].reason, reason)
    t.equal(calls, 0, 'no BigCommerce call: the item was not added')
  })
}

t.test('a shipment may name a line the same request adds: the early check lets it through', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const answer = await bridge.fast('update', journey.update({
    ...ADD_TEE,
    shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: journey.lineId }, quantity: 1 }, { id: { value: 'tee-line' }, quantity: 1 }] }]
  }))
  t.equal(answer.statusCode, 200, JSON.stringify(answer.body))
  t.same(answer.body.order.order.shipment_plans[0].lines.map((line: any) => line.id.value), [journey.lineId, 'tee-line'])
})
