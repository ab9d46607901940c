import t from 'tap'
import { createCart, readyCheckout, sandbox, STORE } from './helpers.js'

t.test('creating an order twice from one checkout gives two orders at status 0', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  const first = await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)
  const second = await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)
  t.equal(first.status, 200)
  t.same(first.body, { data: { id: 100 }, meta: {} })
  t.same(second.body.data, { id: 101 })
  for (const id of [100, 101]) {
    const order = await call('GET', `${STORE}/v2/orders/${id}`)
    t.match(order.body, { id, status_id: 0, status: 'Incomplete', cart_id: cartId, order_source: 'checkout_api', total_inc_tax: '29.9900' })
  }
  const checkout = await call('GET', `${STORE}/v3/checkouts/${cartId}`)
  t.equal(checkout.status, 200, 'the cart survives conversion')
  t.equal(checkout.body.data.order_id, '101')
})

t.test('an order needs a billing address and a selected shipping option', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const answer = await call('POST', `${STORE}/v3/checkouts/${cart.id}/orders`)
  t.equal(answer.status, 422)
})

t.test('a digital-only checkout becomes an order with a billing address alone', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 115, quantity: 1 }])
  await call('POST', `${STORE}/v3/checkouts/${cart.id}/billing-address`, { email: 'a@example.com', country_code: 'US', first_name: 'A' })
  const answer = await call('POST', `${STORE}/v3/checkouts/${cart.id}/orders`)
  t.equal(answer.status, 200)
  const order = await call('GET', `${STORE}/v2/orders/${answer.body.data.id}?include=consignments.line_items&consignment_structure=object`)
  t.match(order.body, { order_is_digital: true, total_inc_tax: '50.0000', consignments: { shipping: [], downloads: [{ recipient_email: 'a@example.com', line_items: [{ product_id: 115, type: 'digital' }] }] } })
})

t.test('an order read with consignments.line_items shows address, method and lines', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call, [{ product_id: 112, quantity: 2 }])
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  const answer = await call('GET', `${STORE}/v2/orders/${id}?include=consignments.line_items&consignment_structure=object`)
  t.equal(answer.status, 200)
  const order = answer.body
  t.match(order, {
    subtotal_ex_tax: '59.9800',
    shipping_cost_ex_tax: '0.0000',
    total_tax: '0.0000',
    billing_address: { first_name: 'John', street_1: '349 9th Street', city: 'San Francisco', state: 'California', zip: '94103', country: 'United States', country_iso2: 'US', email: 'John+23roujwn@fast.in' },
    products: { resource: `/orders/${id}/products` }
  })
  const [shipping] = order.consignments.shipping
  t.match(shipping, { street_1: '349 9th Street', shipping_method: 'Free Shipping', cost_ex_tax: 0, shipping_zone_name: 'United States', items_total: 2 })
  t.match(shipping.line_items, [{ product_id: 112, variant_id: 77, name: 'Fast Hoodie', quantity: 2, price_ex_tax: '29.9900', total_inc_tax: '59.9800', total_tax: '0.0000', order_address_id: shipping.id }])
  const plain = await call('GET', `${STORE}/v2/orders/${id}`)
  t.match(plain.body.consignments, { resource: `/orders/${id}/consignments` })
})

t.test('orders are listed by cart_id and by external_order_id', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  const other = await readyCheckout(t, call)
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  await call('POST', `${STORE}/v3/checkouts/${other.cartId}/orders`)
  const byCart = await call('GET', `${STORE}/v2/orders?cart_id=${cartId}`)
  t.same(byCart.body.map((order: any) => order.id), [id])
  const none = await call('GET', `${STORE}/v2/orders?external_order_id=eb3b8e18-930d-4213-92a0-4993f9e536a8`)
  t.equal(none.status, 204, 'v2 answers an empty list with 204')
  await call('PUT', `${STORE}/v2/orders/${id}`, { external_order_id: 'eb3b8e18-930d-4213-92a0-4993f9e536a8' })
  const byExternal = await call('GET', `${STORE}/v2/orders?external_order_id=eb3b8e18-930d-4213-92a0-4993f9e536a8`)
  t.same(byExternal.body.map((order: any) => order.id), [id])
})

t.test('an order PUT changes status and external_order_id', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  const answer = await call('PUT', `${STORE}/v2/orders/${id}`, { status_id: 11, external_order_id: 'fast-1', external_source: 'fast', payment_method: 'Fast' })
  t.equal(answer.status, 200)
  t.match(answer.body, { id, status_id: 11, status: 'Awaiting Fulfillment', external_order_id: 'fast-1', external_source: 'fast', payment_method: 'Fast' })
  const invalid = await call('PUT', `${STORE}/v2/orders/${id}`, { status_id: 99 })
  t.equal(invalid.status, 400)
  t.match(invalid.body, [{ status: 400, message: /status_id/ }])
  const readOnly = await call('PUT', `${STORE}/v2/orders/${id}`, { cart_id: 'x' })
  t.match(readOnly.body, [{ status: 400, message: "The field 'cart_id' cannot be written to. Please remove it from your request before trying again." }])
})

t.test('deleting an order archives it', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  t.equal((await call('DELETE', `${STORE}/v2/orders/${id}`)).status, 204)
  const archived = await call('GET', `${STORE}/v2/orders/${id}`)
  t.equal(archived.body.is_deleted, true)
  t.equal((await call('GET', `${STORE}/v2/orders?cart_id=${cartId}`)).status, 204, 'archived orders leave the list')
  t.equal((await call('DELETE', `${STORE}/v2/orders/${id}`)).status, 404)
})

t.test('an unknown order is 404 with a v2 error body', async (t) => {
  const { call } = sandbox(t)
  const answer = await call('GET', `${STORE}/v2/orders/999`)
  t.equal(answer.status, 404)
  t.same(answer.body, [{ status: 404, message: 'The requested resource was not found.' }])
})

t.test('order coupons list the applied coupon', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  const coupons = await call('GET', `${STORE}/v2/orders/${id}/coupons`)
  t.match(coupons.body, [{ coupon_id: 1, order_id: id, code: 'SAVE10', amount: 10, type: 1, discount: 3 }])
  const order = await call('GET', `${STORE}/v2/orders/${id}`)
  t.match(order.body, { coupon_discount: '3.0000', total_inc_tax: '26.9900' })
  const products = await call('GET', `${STORE}/v2/orders/${id}/products`)
  t.match(products.body, [{ applied_discounts: [{ code: 'SAVE10', amount: '3.0000', target: 'product' }], discounted_total_inc_tax: '26.9900' }])
})

t.test('an order takes stock and a cancellation gives it back', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call, [{ product_id: 113, variant_id: 81, quantity: 5 }])
  const { id } = (await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).body.data
  const variant = async (): Promise<number> => (await call('GET', `${STORE}/v3/catalog/products/113/variants/81`)).body.data.inventory_level
  t.equal(await variant(), 0)
  t.equal((await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)).status, 422, 'no stock left for a second order')
  await call('PUT', `${STORE}/v2/orders/${id}`, { status_id: 5 })
  t.equal(await variant(), 5)
})
