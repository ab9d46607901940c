/**
 * Every answer of a scripted full checkout, and every request body sent to the emulator, must
 * match the official OpenAPI document of its endpoint (test/helpers/openapi.ts).
 */
import t from 'tap'
import { validateAgainstOpenApi } from '../helpers/openapi.js'
import { CHECKOUT_INCLUDE, GB_ADDRESS, sandbox, SEED_000_ADDRESS, STORE, type Answer, type Call } from './helpers.js'

interface Exchange { method: string, path: string, request: unknown, answer: Answer }

function recording (call: Call): { call: Call, exchanges: Exchange[] } {
  const exchanges: Exchange[] = []
  return {
    exchanges,
    call: async (method, path, body, headers) => {
      const answer = await call(method, path, body, headers)
      exchanges.push({ method, path, request: body, answer })
      return answer
    }
  }
}

t.test('every answer of a full checkout matches the official schema of its endpoint', async (t) => {
  const harness = sandbox(t)
  const { call, exchanges } = recording(harness.call)

  const created = await call('POST', `${STORE}/v3/carts?include=line_items.physical_items.options,line_items.digital_items.options`, {
    line_items: [{ product_id: 112, quantity: 1 }, { product_id: 113, variant_id: 81, quantity: 2 }]
  })
  const cartId: string = created.body.data.id
  await call('POST', `${STORE}/v3/carts/${cartId}/items?include=line_items.physical_items.options`, { line_items: [{ product_id: 115, quantity: 1 }, { product_id: 116, quantity: 1, option_selections: [{ option_id: 20, option_value: 'For Ada' }] }] })
  const cart = (await call('GET', `${STORE}/v3/carts/${cartId}?include=line_items.physical_items.options`)).body.data
  const [hoodie, tee, mug] = cart.line_items.physical_items
  await call('PUT', `${STORE}/v3/carts/${cartId}/items/${hoodie.id}`, { line_item: { product_id: 112, quantity: 2 }, version: cart.version })
  await call('GET', `${STORE}/v3/checkouts/${cartId}?include=${CHECKOUT_INCLUDE}`)
  const billed = await call('POST', `${STORE}/v3/checkouts/${cartId}/billing-address`, SEED_000_ADDRESS)
  await call('PUT', `${STORE}/v3/checkouts/${cartId}/billing-address/${billed.body.data.billing_address.id}`, { ...SEED_000_ADDRESS, company: 'Fast' })
  const shipped = await call('POST', `${STORE}/v3/checkouts/${cartId}/consignments?include=consignments.available_shipping_options`, [
    { address: SEED_000_ADDRESS, line_items: [{ item_id: hoodie.id, quantity: 2 }, { item_id: mug.id, quantity: 1 }] },
    { address: GB_ADDRESS, line_items: [{ item_id: tee.id, quantity: 2 }] }
  ])
  const [us, gb] = shipped.body.data.consignments
  await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${us.id}?include=consignments.available_shipping_options`, { shipping_option_id: us.available_shipping_options[1].id })
  await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${gb.id}?include=consignments.available_shipping_options`, { shipping_option_id: gb.available_shipping_options[0].id })
  await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })
  await call('DELETE', `${STORE}/v3/checkouts/${cartId}/coupons/SAVE10`)
  const freeShipping = await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'FREESHIP' })
  await call('DELETE', `${STORE}/v3/checkouts/${cartId}/coupons/FREESHIP`, { version: freeShipping.body.data.version })
  await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })
  await call('GET', `${STORE}/v3/checkouts/${cartId}?include=${CHECKOUT_INCLUDE}`)
  const order = await call('POST', `${STORE}/v3/checkouts/${cartId}/orders`)
  const orderId: number = order.body.data.id
  await call('GET', `${STORE}/v2/orders/${orderId}?include=consignments.line_items&consignment_structure=object`)
  await call('GET', `${STORE}/v2/orders/${orderId}`)
  await call('GET', `${STORE}/v2/orders?cart_id=${cartId}`)
  await call('GET', `${STORE}/v2/orders?cart_id=${cartId}&status_id=0`)
  await call('PUT', `${STORE}/v2/orders/${orderId}`, { status_id: 12, external_order_id: 'eb3b8e18-930d-4213-92a0-4993f9e536a8', payment_method: 'Fast' })
  await call('GET', `${STORE}/v2/orders?external_order_id=eb3b8e18-930d-4213-92a0-4993f9e536a8`)
  await call('GET', `${STORE}/v2/orders/${orderId}/coupons`)
  await call('GET', `${STORE}/v2/orders/${orderId}/products`)
  await call('GET', `${STORE}/v2/orders/${orderId}/shipping_addresses`)
  await call('GET', `${STORE}/v2/order_statuses`)
  await call('GET', `${STORE}/v2/shipping/zones`)
  await call('GET', `${STORE}/v2/shipping/zones/1`)
  await call('GET', `${STORE}/v2/shipping/zones/1/methods`)
  await call('GET', `${STORE}/v2/store`)
  await call('GET', `${STORE}/v2/countries?country_iso2=US`)
  await call('GET', `${STORE}/v2/countries/226`)
  await call('GET', `${STORE}/v2/countries/226/states?state_abbreviation=CA`)
  await call('GET', `${STORE}/v2/countries/226/states/12`)
  await call('GET', `${STORE}/v3/catalog/products?id:in=112,113&include=variants,primary_image,images`)
  await call('GET', `${STORE}/v3/catalog/products/113?include=variants,primary_image,options`)
  await call('GET', `${STORE}/v3/catalog/products/116?include=variants,modifiers`)
  await call('GET', `${STORE}/v3/catalog/products/113/variants`)
  await call('GET', `${STORE}/v3/catalog/products/113/variants/81`)
  await call('GET', `${STORE}/v3/catalog/variants?sku=FAST-HOODIE`)
  await call('DELETE', `${STORE}/v3/checkouts/${cartId}/consignments/${gb.id}`)
  const digital = cart.line_items.digital_items[0]
  await call('DELETE', `${STORE}/v3/carts/${cartId}/items/${digital.id}`)
  await call('PUT', `${STORE}/v3/carts/${cartId}`, { customer_id: 0 })
  await call('DELETE', `${STORE}/v2/orders/${orderId}`)
  await call('DELETE', `${STORE}/v3/carts/${cartId}`)

  for (const exchange of exchanges) {
    const name = `${exchange.method} ${exchange.path} -> ${exchange.answer.status}`
    t.ok(exchange.answer.status < 300, `${name} succeeded`)
    t.same(validateAgainstOpenApi({ method: exchange.method, path: exchange.path, status: exchange.answer.status, body: exchange.answer.body, kind: 'response' }), [], `${name}: response matches the schema`)
    if (exchange.request !== undefined) {
      t.same(validateAgainstOpenApi({ method: exchange.method, path: exchange.path, body: exchange.request, kind: 'request' }), [], `${name}: request matches the schema`)
    }
  }
})

t.test('error answers match the schemas the documents declare for them', async (t) => {
  const { call } = sandbox(t)
  const cart = (await call('POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 112, quantity: 1 }] })).body.data
  const item = cart.line_items.physical_items[0]
  const cases: Array<[string, string, string, unknown, number]> = [
    ['stale item update', 'PUT', `${STORE}/v3/carts/${cart.id}/items/${item.id}`, { line_item: { product_id: 112, quantity: 2 }, version: 99 }, 409],
    ['stale billing address', 'POST', `${STORE}/v3/checkouts/${cart.id}/billing-address`, { ...SEED_000_ADDRESS, version: 99 }, 409],
    ['unknown checkout', 'GET', `${STORE}/v3/checkouts/00000000-0000-4000-8000-000000000000`, undefined, 404],
    ['unknown product', 'GET', `${STORE}/v3/catalog/products/999`, undefined, 404],
    ['phone that breaks the pattern', 'POST', `${STORE}/v3/checkouts/${cart.id}/billing-address`, { ...SEED_000_ADDRESS, phone: '07700900123' }, 422],
    ['consignment without postal_code', 'POST', `${STORE}/v3/checkouts/${cart.id}/consignments`, [{ address: { ...SEED_000_ADDRESS, postal_code: undefined }, line_items: [{ item_id: item.id, quantity: 1 }] }], 422],
    ['missing required modifier', 'POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 116, quantity: 1 }] }, 422],
    ['stale coupon delete', 'DELETE', `${STORE}/v3/checkouts/${cart.id}/coupons/SAVE10`, { version: 99 }, 409],
    ['last item removed', 'DELETE', `${STORE}/v3/carts/${cart.id}/items/${item.id}`, undefined, 204],
    ['add to a deleted cart', 'POST', `${STORE}/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 112, quantity: 1 }] }, 500]
  ]
  for (const [name, method, path, body, status] of cases) {
    const answer = await call(method as 'GET', path, body)
    t.equal(answer.status, status, name)
    if (status >= 300) t.same(validateAgainstOpenApi({ method, path, status, body: answer.body, kind: 'response' }), [], `${name}: body matches the declared ${status}`)
  }
})
