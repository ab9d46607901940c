import t from 'tap'
import { createCart, GB_ADDRESS, readyCheckout, sandbox, SEED_000_ADDRESS, STORE } from './helpers.js'

const OPTIONS = 'include=consignments.available_shipping_options'

t.test('a billing address is stored with its country name and a 13-hex id', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const { state_or_province: _name, ...codesOnly } = SEED_000_ADDRESS
  const answer = await call('POST', `${STORE}/v3/checkouts/${cart.id}/billing-address`, codesOnly)
  t.equal(answer.status, 200)
  const billing = answer.body.data.billing_address
  t.match(billing, { first_name: 'John', email: 'John+23roujwn@fast.in', country: 'United States', country_code: 'US', state_or_province: 'California', state_or_province_code: 'CA', postal_code: '94103' })
  t.match(billing.id, /^[0-9a-f]{13}$/)
  t.equal(answer.body.data.cart.email, 'John+23roujwn@fast.in')

  const updated = await call('PUT', `${STORE}/v3/checkouts/${cart.id}/billing-address/${billing.id}`, { ...SEED_000_ADDRESS, city: 'Oakland' })
  t.equal(updated.status, 200)
  t.equal(updated.body.data.billing_address.city, 'Oakland')
  t.equal(updated.body.data.billing_address.id, billing.id)
})

t.test('a billing address without email is refused with 422', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const answer = await call('POST', `${STORE}/v3/checkouts/${cart.id}/billing-address`, { country_code: 'US' })
  t.equal(answer.status, 422)
  t.match(answer.body.errors, { email: /required/ })
})

t.test('a US consignment offers Free Shipping (0) and Express (15)', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const item = cart.line_items.physical_items[0]
  const answer = await call('POST', `${STORE}/v3/checkouts/${cart.id}/consignments?${OPTIONS}`, [{ address: SEED_000_ADDRESS, line_items: [{ item_id: item.id, quantity: 1 }] }])
  t.equal(answer.status, 200)
  const [consignment] = answer.body.data.consignments
  t.match(consignment.id, /^[0-9a-f]{13}$/)
  t.same(consignment.line_item_ids, [item.id])
  t.match(consignment.available_shipping_options, [{ description: 'Free Shipping', cost: 0 }, { description: 'Express', cost: 15 }])
  for (const option of consignment.available_shipping_options) t.match(option.id, /^[0-9a-f]{32}$/)
  t.notOk('selected_shipping_option' in consignment)
})

t.test('a GB consignment offers International only; elsewhere nothing', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const item = cart.line_items.physical_items[0]
  const gb = await call('POST', `${STORE}/v3/checkouts/${cart.id}/consignments?${OPTIONS}`, [{ address: GB_ADDRESS, line_items: [{ item_id: item.id, quantity: 1 }] }])
  t.match(gb.body.data.consignments[0].available_shipping_options, [{ description: 'International', cost: 25 }])
  t.equal(gb.body.data.consignments[0].available_shipping_options.length, 1)

  const id = gb.body.data.consignments[0].id
  const germany = await call('PUT', `${STORE}/v3/checkouts/${cart.id}/consignments/${id}?${OPTIONS}`, { address: { ...GB_ADDRESS, country_code: 'DE', state_or_province: '' }, line_items: [{ item_id: item.id, quantity: 1 }] })
  t.equal(germany.status, 200)
  t.same(germany.body.data.consignments[0].available_shipping_options, [])
})

t.test('options are listed only with the include', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const item = cart.line_items.physical_items[0]
  const answer = await call('POST', `${STORE}/v3/checkouts/${cart.id}/consignments`, [{ address: SEED_000_ADDRESS, line_items: [{ item_id: item.id, quantity: 1 }] }])
  t.notOk('available_shipping_options' in answer.body.data.consignments[0])
})

t.test('selecting Express adds 15.00 to the totals', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call)
  const consignment = checkout.consignments[0]
  t.match(consignment.selected_shipping_option, { description: 'Free Shipping', cost: 0 })
  t.equal(checkout.grand_total, 29.99)
  const express = consignment.available_shipping_options.find((option: any) => option.description === 'Express')
  const answer = await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${consignment.id}?${OPTIONS}`, { shipping_option_id: express.id })
  t.equal(answer.status, 200)
  const data = answer.body.data
  t.match(data.consignments[0].selected_shipping_option, { id: express.id, description: 'Express', cost: 15 })
  t.equal(data.consignments[0].shipping_cost_ex_tax, 15)
  t.equal(data.shipping_cost_total_ex_tax, 15)
  t.equal(data.grand_total, 44.99)
})

t.test('an option from another consignment or destination is refused', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call)
  const answer = await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${checkout.consignments[0].id}`, { shipping_option_id: '0'.repeat(32) })
  t.equal(answer.status, 422)
})

t.test('changing the address and the option in one call is refused', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call)
  const consignment = checkout.consignments[0]
  const answer = await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${consignment.id}`, { address: SEED_000_ADDRESS, shipping_option_id: consignment.available_shipping_options[1].id })
  t.equal(answer.status, 422)
})

t.test('a new consignment address clears the selected option', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call)
  const consignment = checkout.consignments[0]
  const answer = await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${consignment.id}?${OPTIONS}`, { address: { ...SEED_000_ADDRESS, city: 'Oakland' } })
  t.notOk('selected_shipping_option' in answer.body.data.consignments[0])
})

t.test('a consignment can be deleted', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call)
  const answer = await call('DELETE', `${STORE}/v3/checkouts/${cartId}/consignments/${checkout.consignments[0].id}`)
  t.equal(answer.status, 200)
  t.same(answer.body.data.consignments, [])
  t.equal((await call('DELETE', `${STORE}/v3/checkouts/${cartId}/consignments/${checkout.consignments[0].id}`)).status, 404)
})

t.test('a digital item cannot be put in a consignment', async (t) => {
  const { call } = sandbox(t)
  await createCart(t, call, [{ product_id: 115, quantity: 1 }])
  const cart = (await call('POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 115, quantity: 1 }] })).body.data
  const answer = await call('POST', `${STORE}/v3/checkouts/${cart.id}/consignments`, [{ address: SEED_000_ADDRESS, line_items: [{ item_id: cart.line_items.digital_items[0].id, quantity: 1 }] }])
  t.equal(answer.status, 422)
})

t.test('checkout mutations with a stale version are refused with 409', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const ok = await call('POST', `${STORE}/v3/checkouts/${cart.id}/billing-address`, { ...SEED_000_ADDRESS, version: 1 })
  t.equal(ok.status, 200)
  t.equal(ok.body.data.version, 2)
  const stale = await call('POST', `${STORE}/v3/checkouts/${cart.id}/coupons`, { coupon_code: 'SAVE10', version: 1 })
  t.equal(stale.status, 409)
})

t.test('a flat tax rate on the zone is charged on items and shipping', async (t) => {
  const { loadSeed } = await import('../../src/sandbox/seed.js')
  const seed = loadSeed()
  seed.shipping_zones[0].tax_rate = '10'
  const { call } = sandbox(t, { seed })
  const { cartId, checkout } = await readyCheckout(t, call)
  const express = checkout.consignments[0].available_shipping_options[1]
  const answer = await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${checkout.consignments[0].id}`, { shipping_option_id: express.id })
  const data = answer.body.data
  t.equal(data.tax_total, 4.5, '10 % of 29.99 (3.00) + 10 % of 15.00 (1.50)')
  t.same(data.taxes, [{ name: 'Sales Tax', amount: 4.5 }])
  t.equal(data.grand_total, 49.49)
  t.equal(data.consignments[0].shipping_cost_inc_tax, 16.5)
})
