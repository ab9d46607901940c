import t from 'tap'
import { readyCheckout, sandbox, STORE } from './helpers.js'

t.test('SAVE10 takes 10 % off the items', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call, [{ product_id: 112, quantity: 2 }])
  const answer = await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'save10' })
  t.equal(answer.status, 200)
  const data = answer.body.data
  t.match(data.coupons, [{ code: 'SAVE10', coupon_type: 'percentage_discount', discounted_amount: 6 }])
  t.match(data.cart.line_items.physical_items[0], { coupon_amount: 6, discount_amount: 0, extended_sale_price: 59.98 }, 'coupon money is in coupon_amount, as in the "Coupon Applied" example')
  t.equal(data.cart.cart_amount_ex_tax, 53.98)
  t.equal(data.grand_total, 53.98)
  const cart = await call('GET', `${STORE}/v3/carts/${cartId}`)
  t.match(cart.body.data.coupons, [{ code: 'SAVE10', coupon_type: '1', id: '1' }])
})

t.test('FREESHIP makes the selected shipping free: costs are listed before discounts, the coupon takes them off', async (t) => {
  const { call } = sandbox(t)
  const { cartId, checkout } = await readyCheckout(t, call)
  const express = checkout.consignments[0].available_shipping_options[1]
  await call('PUT', `${STORE}/v3/checkouts/${cartId}/consignments/${checkout.consignments[0].id}`, { shipping_option_id: express.id })
  const answer = await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'FREESHIP' })
  const data = answer.body.data
  t.match(data.consignments[0], { shipping_cost_ex_tax: 15, coupon_discounts: [{ code: 'FREESHIP', amount: 15 }] })
  t.equal(data.shipping_cost_total_ex_tax, 15, 'checkouts.v3.yml: "Shipping cost before any discounts are applied"')
  t.equal(data.grand_total, 29.99)
  t.match(data.coupons, [{ code: 'FREESHIP', coupon_type: 'free_shipping', discounted_amount: 15 }])
})

t.test('FIVEOFF takes a fixed 5.00 off the order, spread over the lines', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call, [{ product_id: 112, quantity: 1 }, { product_id: 113, variant_id: 82, quantity: 1 }])
  const data = (await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'FIVEOFF' })).body.data
  const lines = data.cart.line_items.physical_items
  t.equal(Math.round((lines[0].coupon_amount + lines[1].coupon_amount) * 100), 500)
  t.equal(data.grand_total, 44.99)
})

t.test('EXPIRED is refused with 422 and an unknown code with 400', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  const expired = await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'EXPIRED' })
  t.equal(expired.status, 422)
  t.match(expired.body.title, /expired/)
  const unknown = await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'NOPE' })
  t.equal(unknown.status, 400)
  t.match(unknown.body.title, /not valid/)
})

t.test('a coupon can be removed by its code', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })
  const removed = await call('DELETE', `${STORE}/v3/checkouts/${cartId}/coupons/SAVE10`)
  t.equal(removed.status, 200)
  t.same(removed.body.data.coupons, [])
  t.equal(removed.body.data.grand_total, 29.99)
  t.equal((await call('DELETE', `${STORE}/v3/checkouts/${cartId}/coupons/SAVE10`)).status, 404)
})

t.test('a second, different coupon is refused', async (t) => {
  const { call } = sandbox(t)
  const { cartId } = await readyCheckout(t, call)
  t.equal((await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })).status, 200)
  t.equal((await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'SAVE10' })).status, 200, 'the same code again is fine')
  t.equal((await call('POST', `${STORE}/v3/checkouts/${cartId}/coupons`, { coupon_code: 'FREESHIP' })).status, 400)
})
