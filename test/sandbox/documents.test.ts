/**
 * Issue 8: the emulator answers as BigCommerce's documents and their examples do for the same
 * state. Each test names the item of the emulator brief and the document it follows.
 */
import t from 'tap'
import { createCart, GB_ADDRESS, readyCheckout, sandbox, SEED_000_ADDRESS, STORE } from './helpers.js'

t.test('item 1: a coupon shows on its line as coupon_amount and a "coupon" discount, not in discount_amount (checkouts.v3.yml "Coupon Applied")', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call, [{ product_id: 112, quantity: 2 }])
  const data = (await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })).body.data
  const line = data.cart.line_items.physical_items[0]
  t.match(line, { discount_amount: 0, coupon_amount: 6, discounts: [{ id: 'coupon', discounted_amount: 6 }], sale_price: 29.99, extended_sale_price: 59.98 })
  t.equal(data.cart.discount_amount, 0, 'the cart discount_amount excludes coupons')
  t.same(data.cart.discounts, [{ id: line.id, discounted_amount: 6 }], 'the cart lists each line with what came off it')
  t.match(data.cart.coupons, [{ code: 'SAVE10', discounted_amount: 6 }])
  t.match(data.coupons, [{ code: 'SAVE10', coupon_type: 'percentage_discount', discounted_amount: 6 }])
  t.equal(data.grand_total, 53.98)
})

t.test('item 1: without a coupon the cart still lists each line in discounts with 0, and lines have no discounts', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const line = cart.line_items.physical_items[0]
  t.same(cart.discounts, [{ id: line.id, discounted_amount: 0 }])
  t.same(line.discounts, [])
  t.equal(line.discount_amount, 0)
})

t.test('item 1: the carts API shows the same coupon money on the line, with the numeric coupon_type', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call, [{ product_id: 112, quantity: 2 }])
  await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })
  const cart = (await call('GET', `${STORE}/v3/carts/${cartId}`)).body.data
  const line = cart.line_items.physical_items[0]
  t.match(line, { discount_amount: 0, coupon_amount: 6, discounts: [{ id: 'coupon', discounted_amount: 6 }], extended_sale_price: 59.98 })
  t.same(cart.discounts, [{ id: line.id, discounted_amount: 6 }])
  t.match(cart.coupons, [{ code: 'SAVE10', coupon_type: '1', discounted_amount: 6 }])
  t.equal(cart.cart_amount, 53.98)
})

t.test('item 2: an order coupon\'s amount is its configured value and discount the money it took off (orderCoupons_Base)', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call, [{ product_id: 112, quantity: 2 }])
  await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  const coupons = (await call('GET', `${STORE}/v2/orders/${id}/coupons`)).body
  t.match(coupons, [{ code: 'SAVE10', type: 1, amount: 10, discount: 6 }], '10 % returns as 10; 6.00 came off 59.98')
})

t.test('item 2: a fixed order coupon shows 5 as amount and the 5.00 taken off as discount, applied to the order', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call, [{ product_id: 112, quantity: 1 }])
  await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'FIVEOFF' })
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  t.match((await call('GET', `${STORE}/v2/orders/${id}/coupons`)).body, [{ code: 'FIVEOFF', type: 2, amount: 5, discount: 5 }])
  const products = (await call('GET', `${STORE}/v2/orders/${id}/products`)).body
  t.match(products, [{ applied_discounts: [{ code: 'FIVEOFF', amount: '5.0000', target: 'order' }] }], 'a per-total coupon is an order-level discount')
})

const UK_NATIONAL_PHONE = '07700900123'

t.test('item 3: a billing address whose phone breaks AddressProperties.phone is refused with 422 and changes nothing', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const answer = await call('POST', `${STORE}/v3/checkouts/${cart.id}/billing-address`, { ...GB_ADDRESS, phone: UK_NATIONAL_PHONE })
  t.equal(answer.status, 422)
  t.match(answer.body, { status: 422, title: String, type: String, errors: { phone: String } })
  const checkout = (await call('GET', `${STORE}/v3/checkouts/${cart.id}`)).body.data
  t.equal(checkout.billing_address, undefined, 'no billing address was stored')
  t.equal(checkout.version, cart.version, 'the version did not move')
})

t.test('item 3: a consignment address whose phone breaks the pattern is refused with 422, on create and on update', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const item = cart.line_items.physical_items[0]
  const bad = await call('POST', `${STORE}/v3/checkouts/${cart.id}/consignments`, [{ address: { ...GB_ADDRESS, phone: UK_NATIONAL_PHONE }, line_items: [{ item_id: item.id, quantity: 1 }] }])
  t.equal(bad.status, 422)
  t.match(bad.body, { errors: { phone: String } })
  t.same((await call('GET', `${STORE}/v3/checkouts/${cart.id}`)).body.data.consignments, [], 'no consignment was made')
  const good = await call('POST', `${STORE}/v3/checkouts/${cart.id}/consignments`, [{ address: { ...GB_ADDRESS, phone: '+447700900123' }, line_items: [{ item_id: item.id, quantity: 1 }] }])
  t.equal(good.status, 200)
  const consignment = good.body.data.consignments[0]
  const update = await call('PUT', `${STORE}/v3/checkouts/${cart.id}/consignments/${consignment.id}`, { address: { ...GB_ADDRESS, phone: UK_NATIONAL_PHONE } })
  t.equal(update.status, 422)
  t.equal((await call('GET', `${STORE}/v3/checkouts/${cart.id}`)).body.data.consignments[0].address.phone, '+447700900123', 'the stored address is unchanged')
})

t.test('item 3: a new consignment without state_or_province or postal_code is refused with 422 (CreateConsignmentRequest.address)', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const item = cart.line_items.physical_items[0]
  const { state_or_province: _state, state_or_province_code: _code, postal_code: _zip, ...partial } = SEED_000_ADDRESS
  const answer = await call('POST', `${STORE}/v3/checkouts/${cart.id}/consignments`, [{ address: partial, line_items: [{ item_id: item.id, quantity: 1 }] }])
  t.equal(answer.status, 422)
  t.match(answer.body, { errors: { state_or_province: String, postal_code: String } })
  t.same((await call('GET', `${STORE}/v3/checkouts/${cart.id}`)).body.data.consignments, [])
})

t.test('item 4: editing a cart whose last item was removed answers 500; reading it answers 404 (bigcommerce.md §3.3)', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const item = cart.line_items.physical_items[0]
  t.equal((await call('DELETE', `${STORE}/v3/carts/${cart.id}/items/${item.id}`)).status, 204)
  const add = await call('POST', `${STORE}/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 112, quantity: 1 }] })
  t.equal(add.status, 500)
  t.match(add.body, { status: 500, title: String })
  t.equal((await call('PUT', `${STORE}/v3/carts/${cart.id}/items/${item.id}`, { line_item: { product_id: 112, quantity: 2 } })).status, 500)
  t.equal((await call('DELETE', `${STORE}/v3/carts/${cart.id}/items/${item.id}`)).status, 500)
  t.equal((await call('PUT', `${STORE}/v3/carts/${cart.id}`, { customer_id: 0 })).status, 500)
  t.equal((await call('GET', `${STORE}/v3/carts/${cart.id}`)).status, 404)
  t.equal((await call('GET', `${STORE}/v3/checkouts/${cart.id}`)).status, 404)
})

t.test('item 4: an add to a cart id that never existed is still 404', async (t) => {
  const { call } = sandbox(t)
  const add = await call('POST', `${STORE}/v3/carts/00000000-0000-4000-8000-000000000000/items`, { line_items: [{ product_id: 112, quantity: 1 }] })
  t.equal(add.status, 404)
})

t.test('item 5: consignment answers carry no line item options even when asked; only shipping options may be included', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 113, variant_id: 81, quantity: 1 }])
  const item = cart.line_items.physical_items[0]
  const include = 'cart.line_items.physical_items.options,consignments.available_shipping_options'
  const created = await call('POST', `${STORE}/v3/checkouts/${cart.id}/consignments?include=${include}`, [{ address: SEED_000_ADDRESS, line_items: [{ item_id: item.id, quantity: 1 }] }])
  t.equal(created.status, 200)
  t.equal(created.body.data.cart.line_items.physical_items[0].options, undefined, 'POST: no options')
  const consignment = created.body.data.consignments[0]
  t.ok(Array.isArray(consignment.available_shipping_options), 'POST: shipping options included')
  const updated = await call('PUT', `${STORE}/v3/checkouts/${cart.id}/consignments/${consignment.id}?include=${include}`, { shipping_option_id: consignment.available_shipping_options[0].id })
  t.equal(updated.status, 200)
  t.equal(updated.body.data.cart.line_items.physical_items[0].options, undefined, 'PUT: no options')
  t.ok(Array.isArray(updated.body.data.consignments[0].available_shipping_options), 'PUT: shipping options included')
})

t.test('item 6: deleting a coupon with a stale version is refused with 409 and keeps the coupon (DeleteCouponCodeRequest)', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  const applied = (await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })).body.data
  const stale = await call('DELETE', `${STORE}/v3/checkouts/${cartId}/coupons/SAVE10`, { version: applied.version - 1 })
  t.equal(stale.status, 409)
  t.equal(stale.body.title, 'The request cannot be processed due to a possible conflict. Please review the changes and try again.')
  t.match((await call('GET', `${STORE}/v3/checkouts/${cartId}`)).body.data.coupons, [{ code: 'SAVE10' }])
  const current = await call('DELETE', `${STORE}/v3/checkouts/${cartId}/coupons/SAVE10`, { version: applied.version })
  t.equal(current.status, 200)
  t.same(current.body.data.coupons, [])
})

t.test('item 6: deleting a cart item with a stale version is refused with 409 (CartLineItemDelete)', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }, { product_id: 113, variant_id: 80, quantity: 1 }])
  const item = cart.line_items.physical_items[0]
  const stale = await call('DELETE', `${STORE}/v3/carts/${cart.id}/items/${item.id}`, { version: cart.version + 1 })
  t.equal(stale.status, 409)
  t.equal((await call('GET', `${STORE}/v3/carts/${cart.id}`)).body.data.line_items.physical_items.length, 2)
})

t.test('item 8: an option selection alone picks the variant of a product with options (Fast Socks)', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 117, quantity: 1, option_selections: [{ option_id: 12, option_value: 122 }] }])
  t.match(cart.line_items.physical_items[0], { product_id: 117, variant_id: 99, options: [{ name: 'Color', nameId: 12, value: 'White', valueId: 122 }] })
})

t.test('item 8: a product with a required text modifier is refused without it, with BigCommerce\'s 422', async (t) => {
  const { call } = sandbox(t)
  const answer = await call('POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 116, quantity: 1 }] })
  t.equal(answer.status, 422)
  t.equal(answer.body.title, 'Please create some text for the Engraving option')
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const add = await call('POST', `${STORE}/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 116, quantity: 1 }] })
  t.equal(add.status, 422, 'the same on add')
})

t.test('item 8: the modifier text is kept on the line, shown in its options and carried into the order', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call, [{ product_id: 116, quantity: 1, option_selections: [{ option_id: 20, option_value: 'For Ada' }] }])
  const cart = (await call('GET', `${STORE}/v3/carts/${cartId}?include=line_items.physical_items.options`)).body.data
  t.match(cart.line_items.physical_items[0], { product_id: 116, variant_id: 96, options: [{ name: 'Engraving', nameId: 20, value: 'For Ada' }] })
  t.equal(checkout.cart.line_items.physical_items.length, 1)
  const other = await call('POST', `${STORE}/v3/carts/${cartId}/items`, { line_items: [{ product_id: 116, quantity: 1, option_selections: [{ option_id: 20, option_value: 'For Bob' }] }] })
  t.equal(other.body.data.line_items.physical_items.length, 2, 'another text is another line, not a merge')
  await call('DELETE', `${STORE}/v3/carts/${cartId}/items/${other.body.data.line_items.physical_items[1].id}`)
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  const products = (await call('GET', `${STORE}/v2/orders/${id}/products`)).body
  t.match(products, [{ product_id: 116, product_options: [{ display_name: 'Engraving', display_value: 'For Ada', type: 'Text field' }] }])
})

t.test('item 8: customer_id and channel_id given on cart create are stored and echoed', async (t) => {
  const { call } = sandbox(t)
  const answer = await call('POST', `${STORE}/v3/carts`, { customer_id: 7, channel_id: 2, line_items: [{ product_id: 112, quantity: 1 }] })
  t.equal(answer.status, 201)
  t.match(answer.body.data, { customer_id: 7, channel_id: 2 })
  t.match((await call('GET', `${STORE}/v3/checkouts/${answer.body.data.id}`)).body.data.cart, { customer_id: 7, channel_id: 2 })
})

t.test('item 9: orders are listed by cart_id and status_id together; Incomplete orders are listed (the document excludes nothing)', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  const first = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data.id
  const second = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data.id
  await call('PUT', `${STORE}/v2/orders/${second}`, { status_id: 11 })
  t.same((await call('GET', `${STORE}/v2/orders?cart_id=${cartId}&status_id=0`)).body.map((order: any) => order.id), [first])
  t.same((await call('GET', `${STORE}/v2/orders?cart_id=${cartId}&status_id=11`)).body.map((order: any) => order.id), [second])
  t.same((await call('GET', `${STORE}/v2/orders?cart_id=${cartId}`)).body.map((order: any) => order.id), [first, second])
  t.equal((await call('GET', `${STORE}/v2/orders?cart_id=${cartId}&status_id=5`)).status, 204)
})

t.test('item 10: PUT /v2/orders/{id} writes payment_method and the order serves it back', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  const put = await call('PUT', `${STORE}/v2/orders/${id}`, { payment_method: 'Fast' })
  t.equal(put.status, 200)
  t.equal(put.body.payment_method, 'Fast')
  t.equal((await call('GET', `${STORE}/v2/orders/${id}`)).body.payment_method, 'Fast')
})

t.test('item 8: the catalog lists the required text modifier with include=modifiers, so a client can find its id', async (t) => {
  const { call } = sandbox(t)
  const product = (await call('GET', `${STORE}/v3/catalog/products/116?include=modifiers`)).body.data
  t.match(product.modifiers, [{ id: 20, product_id: 116, display_name: 'Engraving', type: 'text', required: true }])
  t.equal((await call('GET', `${STORE}/v3/catalog/products/116`)).body.data.modifiers, undefined, 'only when asked')
})

t.test('item 4: an order after the cart\'s customer_id changed is refused: "A shipping address for this order is incomplete" (bigcommerce.md §3.3)', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call)
  t.equal((await call('PUT', `${STORE}/v3/carts/${cartId}`, { customer_id: 7 })).status, 201)
  const refused = await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)
  t.equal(refused.status, 422)
  t.match(refused.body.title, /^A shipping address for this order is incomplete/)
  const consignment = checkout.consignments[0]
  await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${consignment.id}`, { address: SEED_000_ADDRESS })
  const options = (await call('GET', `${STORE}/v3/checkouts/${cartId}?include=consignments.available_shipping_options`)).body.data.consignments[0].available_shipping_options
  await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${consignment.id}`, { shipping_option_id: options[0].id })
  t.equal((await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).status, 200, 'the shipping address given again, the order is made')
})

t.test('item 4: setting the same customer_id again changes nothing for the order', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  await call('PUT', `${STORE}/v3/carts/${cartId}`, { customer_id: 0 })
  t.equal((await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).status, 200)
})

t.test('item 3: a consignment update with a good address but an unknown item is refused and leaves the address as it was', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call)
  const consignment = checkout.consignments[0]
  const answer = await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${consignment.id}`, { address: GB_ADDRESS, line_items: [{ item_id: 'nope', quantity: 1 }] })
  t.equal(answer.status, 422)
  const after = (await call('GET', `${STORE}/v3/checkouts/${cartId}`)).body.data
  t.equal(after.consignments[0].address.country_code, 'US', 'the address did not change')
  t.ok(after.consignments[0].selected_shipping_option, 'the chosen option is still there')
  t.equal(after.version, checkout.version)
})
