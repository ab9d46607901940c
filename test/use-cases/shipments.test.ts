/**
 * Shipping address and shipping option updates (seed 000 #2 and #3; fast-api.md §2.5.1 2 and 3),
 * against exchanges written from checkouts.v3.yml: the consignment endpoints take only
 * `consignments.available_shipping_options` as include, so their answers carry no line options.
 * Fast names plans either by the consignment id we gave it (seed 000) or by an opaque id of its
 * own (Fast's API document's examples).
 */
import t from 'tap'
import { buildTestApp, type TestBridge } from '../helpers/build-app.js'
import { convertibleCart, SHOPPER } from '../helpers/checkout-journey.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'
import { ADDRESS, createBody, LINE_1, LINE_2, reasonOf, updateBody, useCaseReplay, type LineSpec } from './flows.js'

const TEE_M_2: LineSpec[] = [{ id: LINE_1, product: '113', variant: '81', quantity: 2 }]
const SIZE_M = [{ key: 'Size', value: 'M' }]
// Plan ids as Fast's API document's examples send them (fast-api.md §2.5.1).
const FAST_PLAN_ID = 'OnzoaAyj1Wn8Ej-um5W8JfJLnqk='
const OTHER_FAST_PLAN_ID = 'FGRqQlj4HVs-OSN1mCRLGAec7K8='
const FREE_SHIPPING = '4dcbf24f457dd67d5f89bcf374e0bc9b'

type Ref = { id: string, quantity?: number }
const refs = (lines: Ref[]) => lines.map(line => ({ id: { value: line.id }, ...(line.quantity === undefined ? {} : { quantity: line.quantity }) }))
const shipment = (lines: Ref[], extra: Record<string, unknown> = {}) => ({ ship_to: ADDRESS, line_refs: refs(lines), ...extra })
const shipments = (...list: unknown[]) => updateBody({ shipments: list })
const shippingOption = (planId: string | undefined, optionId: string) => updateBody({ shipping_option: { ...(planId === undefined ? {} : { plan_id: { value: planId } }), option_id: { value: optionId } } })

/** Runs one Fast request and counts the BigCommerce exchanges it used. */
async function counted (bridge: TestBridge, replay: ReturnType<typeof useCaseReplay>, operation: 'create' | 'update', body: unknown) {
  const before = replay.calls()
  const answer = await bridge.fast(operation, body)
  return { answer, calls: replay.calls() - before }
}

t.test('finding 17: after a shipping address, the answer still shows each line\'s options (Size M)', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'update-shipments-line-options', ['01-create-cart', '04-add-consignment'])
  await bridge.fast('create', createBody(TEE_M_2))
  const { answer, calls } = await counted(bridge, replay, 'update', shipments(shipment([{ id: LINE_1, quantity: 2 }])))
  t.equal(answer.statusCode, 200)
  const order = answer.body.order.order
  t.same(order.lines[0].external_options, SIZE_M, 'the consignment answer has no options; the line keeps them')
  t.equal(order.shipment_plans[0].external_id, '6a1f0c2e9b7d4')
  t.equal(calls, 1, 'the POST consignment alone: California\'s name is bundled, and the options were recorded with the line')
})

t.test('finding 17: after a shipping option, the answer still shows each line\'s options', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'update-shipments-line-options')
  await bridge.fast('create', createBody(TEE_M_2))
  const shipped = await bridge.fast('update', shipments(shipment([{ id: LINE_1, quantity: 2 }])))
  const plan = shipped.body.order.order.shipment_plans[0]
  const { answer, calls } = await counted(bridge, replay, 'update', shippingOption(plan.external_id, plan.available_options[0].external_id))
  t.equal(answer.statusCode, 200)
  const order = answer.body.order.order
  t.same(order.lines[0].external_options, SIZE_M)
  t.equal(order.shipment_plans[0].selected_option.external_id, FREE_SHIPPING)
  t.equal(calls, 1, 'the PUT consignment alone: the options were recorded with the line')
})

t.test('finding 14: a line_ref without a quantity ships the whole line (2 tees), not one', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'update-shipments-whole-line')
  await bridge.fast('create', createBody(TEE_M_2))
  const { answer, calls } = await counted(bridge, replay, 'update', shipments(shipment([{ id: LINE_1 }])))
  t.equal(answer.statusCode, 200)
  const order = answer.body.order.order
  t.same(order.shipment_plans[0].lines.map((line: any) => [line.id.value, line.quantity]), [[LINE_1, 2]], 'the consignment carries both tees')
  t.same(order.lines[0].external_options, SIZE_M, 'the checkout read for the quantity also gives the answer its options')
  t.equal(calls, 2, 'the checkout read that knows the quantity, then the POST consignment; no read after')
})

t.test('finding 15: a shipment named by Fast\'s own plan id makes the consignment, and the same id later changes it', async t => {
  const bridge = await buildTestApp(t)
  // 06 matches only a PUT of consignment 6a1f0c2e9b7d4: the second shipment changes it, no POST of another.
  useCaseReplay(t, 'update-shipments-fast-plan-id', ['01-create-cart', '04-add-consignment', '06-update-consignment-address'])
  await bridge.fast('create', createBody(TEE_M_2))
  const first = await bridge.fast('update', shipments(shipment([{ id: LINE_1, quantity: 2 }], { plan_id: { value: FAST_PLAN_ID } })))
  t.equal(first.statusCode, 200, 'not a 422 UNKNOWN_SHIPMENT_PLAN')
  t.equal(first.body.order.order.shipment_plans[0].external_id, '6a1f0c2e9b7d4')
  const moved = { ...ADDRESS, address_1: '1 Market Street', postal_code: '94105' }
  const second = await bridge.fast('update', shipments({ ...shipment([{ id: LINE_1, quantity: 2 }], { plan_id: { value: FAST_PLAN_ID } }), ship_to: moved }))
  t.equal(second.statusCode, 200)
  const plans = second.body.order.order.shipment_plans
  t.equal(plans.length, 1, 'the one consignment was changed (PUT), no second one made')
  t.equal(plans[0].ship_to.address_1, '1 Market Street')
})

t.test('finding 15: a shipping option named by Fast\'s own plan id is chosen on the order\'s only plan', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'update-shipments-fast-plan-id')
  await bridge.fast('create', createBody(TEE_M_2))
  await bridge.fast('update', shipments(shipment([{ id: LINE_1, quantity: 2 }], { plan_id: { value: FAST_PLAN_ID } })))
  await bridge.fast('update', shipments({ ...shipment([{ id: LINE_1, quantity: 2 }], { plan_id: { value: FAST_PLAN_ID } }), ship_to: { ...ADDRESS, address_1: '1 Market Street', postal_code: '94105' } }))
  const { answer, calls } = await counted(bridge, replay, 'update', shippingOption(OTHER_FAST_PLAN_ID, FREE_SHIPPING))
  t.equal(answer.statusCode, 200, 'not a 422')
  t.equal(answer.body.order.order.shipment_plans[0].selected_option.external_id, FREE_SHIPPING)
  t.equal(calls, 1, 'the PUT consignment alone: finding the only plan costs nothing')
})

t.test('finding 15: with two plans, Fast\'s own plan id is resolved by the option the shopper picked', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'update-shipping-option-second-plan')
  await bridge.fast('create', createBody([{ id: LINE_1, product: '112', quantity: 1 }, { id: LINE_2, product: '113', variant: '81', quantity: 1 }]))
  const moved = { ...ADDRESS, address_1: '1 Market Street', postal_code: '94105' }
  const shipped = await bridge.fast('update', shipments(
    shipment([{ id: LINE_1, quantity: 1 }], { plan_id: { value: FAST_PLAN_ID } }),
    { ...shipment([{ id: LINE_2, quantity: 1 }], { plan_id: { value: OTHER_FAST_PLAN_ID } }), ship_to: moved }))
  t.equal(shipped.statusCode, 200)
  const second = shipped.body.order.order.shipment_plans[1]
  const flatRate = second.available_options.find((option: any) => option.name === 'Flat Rate')
  const { answer, calls } = await counted(bridge, replay, 'update', shippingOption('a-plan-id-only-Fast-knows', flatRate.external_id))
  t.equal(answer.statusCode, 200)
  const plans = answer.body.order.order.shipment_plans
  t.notOk(plans[0].selected_option.external_id, 'the first plan has no option chosen')
  t.equal(plans[1].selected_option.external_id, flatRate.external_id, 'the second plan, the one offering that option, has it')
  t.equal(answer.body.order.order.total_shipping, '8.00')
  t.same(answer.body.order.order.lines.find((line: any) => line.id.value === LINE_2).external_options, SIZE_M)
  t.equal(calls, 2, 'one checkout read to find the plan (its lines\' options serve the answer) and the PUT')
})

t.test('finding 15: an option no plan of the order offers is refused with 422 UNKNOWN_SHIPMENT_PLAN before any change', async t => {
  const bridge = await buildTestApp(t)
  const replay = useCaseReplay(t, 'update-shipping-option-second-plan', ['01-create-cart', '04-add-consignments', '06-read-checkout-for-the-option'])
  await bridge.fast('create', createBody([{ id: LINE_1, product: '112', quantity: 1 }, { id: LINE_2, product: '113', variant: '81', quantity: 1 }]))
  await bridge.fast('update', shipments(
    shipment([{ id: LINE_1, quantity: 1 }], { plan_id: { value: FAST_PLAN_ID } }),
    { ...shipment([{ id: LINE_2, quantity: 1 }], { plan_id: { value: OTHER_FAST_PLAN_ID } }), ship_to: { ...ADDRESS, address_1: '1 Market Street', postal_code: '94105' } }))
  const { answer, calls } = await counted(bridge, replay, 'update', shippingOption('a-plan-id-only-Fast-knows', 'no-such-option'))
  t.equal(answer.statusCode, 422)
  t.equal(reasonOf(answer), 'UNKNOWN_SHIPMENT_PLAN')
  t.equal(calls, 1, 'the read that looked for the option, no PUT')
})

t.test('finding 16: a UK shopper\'s shipping address reaches BigCommerce whole: +44 phone, and the state BigCommerce does not list sent as its code', async t => {
  const bridge = await buildTestApp(t)
  // 04-add-consignment matches only a body with phone "+447700900123" and state_or_province "LND"
  // (CreateConsignmentRequest.address requires state_or_province); 03 answers the state lookup with [].
  const replay = useCaseReplay(t, 'update-shipments-unknown-state')
  await bridge.fast('create', createBody(TEE_M_2))
  const london = { first_name: 'John', last_name: 'Smith', email: ADDRESS.email, phone: '07700 900123', address_1: '10 Downing Street', city_locality: 'London', state_province_code: 'LND', country_code: 'GB', postal_code: 'SW1A 2AA' }
  const { answer, calls } = await counted(bridge, replay, 'update', shipments({ ship_to: london, line_refs: refs([{ id: LINE_1, quantity: 2 }]) }))
  t.equal(answer.statusCode, 200)
  const shipTo = answer.body.order.order.shipment_plans[0].ship_to
  t.match(shipTo, { phone: '+447700900123', state_province: 'LND', country_code: 'GB', postal_code: 'SW1A 2AA' })
  t.equal(calls, 3, 'GB\'s states are not bundled: country and state lookups, then the POST consignment')
})

t.test('review 2 finding 2: a second shipment without ship_to is refused with 400 before the first changes BigCommerce', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const before = bridge.exchanges.length
  const answer = await bridge.fast('update', journey.update({ shipments: [{ ship_to: { ...SHOPPER, city_locality: 'Oakland' } }, { line_refs: [] }] }))
  t.equal(answer.statusCode, 400)
  t.equal(reasonOf(answer), 'SHIP_TO_MISSING')
  t.same(bridge.exchanges.slice(before).filter(e => e.method !== 'GET').map(e => `${e.method} ${e.path.split('?')[0]}`), [], 'no consignment was changed')
})
