import t from 'tap'
import { CHECKOUT_INCLUDE, createCart, HOODIE_IMAGE, sandbox, STORE } from './helpers.js'

t.test('a new cart with product 112 answers like seed 000: variant 77, name, price and image', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  t.match(cart.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  t.equal(cart.currency.code, 'USD')
  t.equal(cart.base_amount, 29.99)
  t.equal(cart.cart_amount, 29.99)
  t.equal(cart.version, 1)
  const [item] = cart.line_items.physical_items
  t.match(item, { product_id: 112, variant_id: 77, name: 'Fast Hoodie', quantity: 1, list_price: 29.99, sale_price: 29.99, extended_sale_price: 29.99, image_url: HOODIE_IMAGE, options: [] })
  t.match(item.id, /^[0-9a-f-]{36}$/)
})

t.test('the checkout of a new cart reads with the same id and lines', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 2 }])
  const checkout = await call('GET', `${STORE}/v3/checkouts/${cart.id}?include=${CHECKOUT_INCLUDE}`)
  t.equal(checkout.status, 200)
  const data = checkout.body.data
  t.equal(data.id, cart.id)
  t.equal(data.cart.line_items.physical_items[0].id, cart.line_items.physical_items[0].id)
  t.equal(data.subtotal_ex_tax, 59.98)
  t.equal(data.grand_total, 59.98)
  t.equal(data.tax_total, 0)
  t.same(data.consignments, [])
  t.equal(data.order_id, null)
})

t.test('variant prices and sale prices come from the catalog', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [
    { product_id: 113, variant_id: 80, quantity: 1 },
    { product_id: 113, variant_id: 81, quantity: 2 }
  ])
  const [small, medium] = cart.line_items.physical_items
  t.match(small, { variant_id: 80, original_price: 20, list_price: 20, extended_list_price: 20, options: [{ name: 'Size', value: 'S' }] })
  t.match(medium, { variant_id: 81, original_price: 20, list_price: 15, sale_price: 15, extended_sale_price: 30, options: [{ name: 'Size', value: 'M' }] })
  t.equal(cart.base_amount, 50)
})

t.test('a product with options needs a variant id', async (t) => {
  const { call } = sandbox(t)
  const answer = await call('POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 113, quantity: 1 }] })
  t.equal(answer.status, 422)
  t.equal(answer.body.title, 'This product has options; variant ID is required')
})

t.test('option selections pick the matching variant', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 113, quantity: 1, option_selections: [{ option_id: 10, option_value: 103 }] }])
  t.equal(cart.line_items.physical_items[0].variant_id, 82)
})

t.test('an unknown product is refused with 422', async (t) => {
  const { call } = sandbox(t)
  const answer = await call('POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 999, quantity: 1 }] })
  t.equal(answer.status, 422)
  t.match(answer.body, { status: 422, title: /Product with id 999/, type: /^https:/ })
})

t.test('an out-of-stock product is refused on cart create and on add', async (t) => {
  const { call } = sandbox(t)
  const refused = await call('POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 114, quantity: 1 }] })
  t.equal(refused.status, 422)
  t.match(refused.body.title, /enough Sold Out Cap in stock/)

  const cart = await createCart(t, call, [{ product_id: 113, variant_id: 80, quantity: 5 }])
  const more = await call('POST', `${STORE}/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 113, variant_id: 80, quantity: 1 }] })
  t.equal(more.status, 422, 'only 5 size S tees in stock')
})

t.test('more than the maximum quantity per order is refused with 409', async (t) => {
  const { call } = sandbox(t)
  const answer = await call('POST', `${STORE}/v3/carts`, { line_items: [{ product_id: 112, quantity: 11 }] })
  t.equal(answer.status, 409)
  t.equal(answer.body.title, 'You can only purchase a maximum of 10 of the Fast Hoodie per order.')
})

t.test('adding the same variant again merges it into its line', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const added = await call('POST', `${STORE}/v3/carts/${cart.id}/items`, { line_items: [{ product_id: 112, quantity: 2 }, { product_id: 115, quantity: 1 }] })
  t.equal(added.status, 201)
  const data = added.body.data
  t.equal(data.line_items.physical_items.length, 1)
  t.equal(data.line_items.physical_items[0].quantity, 3)
  t.equal(data.line_items.physical_items[0].id, cart.line_items.physical_items[0].id)
  t.match(data.line_items.digital_items, [{ product_id: 115, variant_id: 95, name: 'Gift Card', list_price: 50, is_require_shipping: false }])
  t.equal(data.base_amount, 139.97)
  t.equal(data.version, 2)
})

t.test('a quantity update with a stale version is refused with 409', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  const item = cart.line_items.physical_items[0]
  const first = await call('PUT', `${STORE}/v3/carts/${cart.id}/items/${item.id}`, { line_item: { product_id: 112, quantity: 2 }, version: 1 })
  t.equal(first.status, 200)
  t.equal(first.body.data.line_items.physical_items[0].quantity, 2)
  t.equal(first.body.data.version, 2)
  const stale = await call('PUT', `${STORE}/v3/carts/${cart.id}/items/${item.id}`, { line_item: { product_id: 112, quantity: 3 }, version: 1 })
  t.equal(stale.status, 409)
  t.equal(stale.body.title, 'The request cannot be processed due to a possible conflict. Please review the changes and try again.')
})

t.test('removing the last item deletes the cart with a 204', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }, { product_id: 115, quantity: 1 }])
  const [hoodie] = cart.line_items.physical_items
  const giftCard = (await call('GET', `${STORE}/v3/carts/${cart.id}`)).body.data.line_items.digital_items[0]
  const first = await call('DELETE', `${STORE}/v3/carts/${cart.id}/items/${hoodie.id}`)
  t.equal(first.status, 200)
  t.equal(first.body.data.line_items.physical_items.length, 0)
  const last = await call('DELETE', `${STORE}/v3/carts/${cart.id}/items/${giftCard.id}`)
  t.equal(last.status, 204)
  t.equal(last.body, undefined)
  t.equal((await call('GET', `${STORE}/v3/carts/${cart.id}`)).status, 404)
})

t.test('a deleted cart is gone and a second delete is 404', async (t) => {
  const { call } = sandbox(t)
  const cart = await createCart(t, call, [{ product_id: 112, quantity: 1 }])
  t.equal((await call('DELETE', `${STORE}/v3/carts/${cart.id}`)).status, 204)
  const again = await call('DELETE', `${STORE}/v3/carts/${cart.id}`)
  t.equal(again.status, 404)
  t.match(again.body, { status: 404, title: 'Cart not found' })
})

t.test('unknown carts and checkouts are 404 with BigCommerce error bodies', async (t) => {
  const { call } = sandbox(t)
  const cart = await call('GET', `${STORE}/v3/carts/00000000-0000-4000-8000-000000000000`)
  t.equal(cart.status, 404)
  const checkout = await call('GET', `${STORE}/v3/checkouts/00000000-0000-4000-8000-000000000000`)
  t.equal(checkout.status, 404)
  t.match(checkout.body, { status: 404, title: 'Checkout not found', errors: [{ status: 404, title: 'Checkout not found' }] })
})
