/** Shipments end to end on the sandbox store: what a first shipping address costs in BigCommerce calls. */
import t from 'tap'
import { createCart, expectOk, SHOPPER } from '../helpers/checkout-journey.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'

const LONDON = { ...SHOPPER, phone: '+447700900123', address_1: '10 Downing Street', city_locality: 'London', state_province_code: 'LND', country: 'GB', country_code: 'GB', postal_code: 'SW1A 2AA' }
const TWO_LINES = [{ product: '112', quantity: 1 }, { product: '113', variant: '81', quantity: 1 }]

t.test('a first US shipping address is one call: the state\'s name is known without asking BigCommerce', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const { result, calls, byCall } = await bridge.countCalls(async () =>
    await expectOk(bridge, 'update', journey.update({ shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: journey.lineId }, quantity: 1 }] }] })))
  t.equal(result.order.order.shipment_plans[0].ship_to.state_province, 'California', 'BigCommerce got the name')
  t.equal(calls, 1, `the consignment POST alone: ${JSON.stringify(byCall)}`)
})

t.test('two shipments to a state the bundled table does not know look it up once between them', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge, TWO_LINES)
  const { result, byCall } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update({
    shipments: journey.lineIds.map((id, index) => ({ ship_to: { ...LONDON, address_1: `${10 + index} Downing Street` }, line_refs: [{ id: { value: id } }] }))
  })))
  t.equal(result.order.order.shipment_plans.length, 2)
  t.same(byCall, {
    'GET /v2/countries': 1,
    'GET /v2/countries/{countryId}/states': 1,
    'GET /v3/checkouts/{id}': 1,
    'POST /v3/checkouts/{id}/consignments': 1
  }, 'one lookup for both shipments, one read for the lines\' quantities, one POST for both consignments')
})
