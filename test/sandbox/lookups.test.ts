import t from 'tap'
import { HOODIE_IMAGE, sandbox, STORE } from './helpers.js'
import { buildSandbox } from '../../src/sandbox/app.js'
import { validateAgainstOpenApi } from '../helpers/openapi.js'

t.test('shipping zones list the US and UK zones', async (t) => {
  const { call } = sandbox(t)
  const answer = await call('GET', `${STORE}/v2/shipping/zones`)
  t.equal(answer.status, 200)
  t.match(answer.body, [
    { id: 1, name: 'United States', type: 'country', enabled: true, locations: [{ country_iso2: 'US' }] },
    { id: 2, name: 'United Kingdom', type: 'country', enabled: true, locations: [{ country_iso2: 'GB' }] }
  ])
  const methods = await call('GET', `${STORE}/v2/shipping/zones/1/methods`)
  t.match(methods.body, [{ name: 'Free Shipping', settings: { rate: 0 } }, { name: 'Express', settings: { rate: 15 } }])
})

t.test('the store profile says USD with two decimals', async (t) => {
  const { call } = sandbox(t)
  const answer = await call('GET', `${STORE}/v2/store`)
  t.match(answer.body, { id: 'sandbox', currency: 'USD', decimal_places: 2, is_price_entered_with_tax: false, default_channel_id: 1 })
})

t.test('countries and states turn codes into names', async (t) => {
  const { call } = sandbox(t)
  const countries = await call('GET', `${STORE}/v2/countries?country_iso2=US`)
  t.match(countries.body, [{ id: 226, country: 'United States', country_iso2: 'US', country_iso3: 'USA', states: { resource: '/countries/226/states' } }])
  const states = await call('GET', `${STORE}/v2/countries/226/states?state_abbreviation=CA`)
  t.same(states.body, [{ id: 12, state: 'California', state_abbreviation: 'CA', country_id: 226 }])
  t.equal((await call('GET', `${STORE}/v2/countries?country_iso2=ZZ`)).status, 204)
  t.equal((await call('GET', `${STORE}/v2/countries/226`)).body.country, 'United States')
})

t.test('catalog products show variants, prices, stock and the primary image', async (t) => {
  const { call } = sandbox(t)
  const hoodie = await call('GET', `${STORE}/v3/catalog/products/112?include=variants,primary_image`)
  t.match(hoodie.body.data, { id: 112, name: 'Fast Hoodie', price: 29.99, base_variant_id: 77, inventory_level: 100, inventory_tracking: 'product', primary_image: { url_standard: HOODIE_IMAGE }, variants: [{ id: 77 }] })
  const tee = await call('GET', `${STORE}/v3/catalog/products/113?include=variants`)
  t.notOk('base_variant_id' in tee.body.data, 'a product with options has no base variant')
  t.match(tee.body.data.variants, [{ id: 80, price: 20, calculated_price: 20 }, { id: 81, sale_price: 15, calculated_price: 15, inventory_level: 5 }, { id: 82 }])
  const list = await call('GET', `${STORE}/v3/catalog/products?id:in=114,115`)
  t.match(list.body.data, [{ id: 114, inventory_level: 0 }, { id: 115, type: 'digital', price: 50 }])
  t.equal(list.body.meta.pagination.total, 2)
  t.equal((await call('GET', `${STORE}/v3/catalog/products/999`)).status, 404)
})

t.test('a bad or missing token is refused with 401', async (t) => {
  const { call } = sandbox(t)
  const v3 = await call('GET', `${STORE}/v3/catalog/products/112`, undefined, { 'x-auth-token': 'wrong' })
  t.equal(v3.status, 401)
  t.match(v3.body, { status: 401, title: 'Unauthorized' })
  const v2 = await call('GET', `${STORE}/v2/store`, undefined, { 'x-auth-token': '' })
  t.equal(v2.status, 401)
  t.match(v2.body, [{ status: 401 }])
  const otherStore = await call('GET', '/stores/nope/v2/store')
  t.equal(otherStore.status, 403)
})

t.test('each configured store has its own token and state', async (t) => {
  const { call } = sandbox(t, { stores: [{ hash: 'a1', accessToken: 'ta' }, { hash: 'b2', accessToken: 'tb' }] })
  t.equal((await call('GET', '/stores/a1/v2/store', undefined, { 'x-auth-token': 'ta' })).status, 200)
  t.equal((await call('GET', '/stores/b2/v2/store', undefined, { 'x-auth-token': 'ta' })).status, 401)
  const cart = await call('POST', '/stores/a1/v3/carts', { line_items: [{ product_id: 112, quantity: 1 }] }, { 'x-auth-token': 'ta' })
  t.equal((await call('GET', `/stores/b2/v3/carts/${cart.body.data.id}`, undefined, { 'x-auth-token': 'tb' })).status, 404)
})

t.test('customers are listed by id:in and email:in, in the official shape', async (t) => {
  const app = buildSandbox()
  t.teardown(() => app.close())
  const byEmail = await app.inject({ method: 'GET', url: '/stores/sandbox/v3/customers?email:in=JOHN%2B23roujwn@fast.in', headers: { 'x-auth-token': 'sandbox-token' } })
  t.equal(byEmail.statusCode, 200)
  t.same(byEmail.json().data.map((c: { id: number }) => c.id), [1])
  t.same(validateAgainstOpenApi({ method: 'GET', path: '/stores/sandbox/v3/customers', status: 200, body: byEmail.json() }), [])
  const none = await app.inject({ method: 'GET', url: '/stores/sandbox/v3/customers?id:in=99', headers: { 'x-auth-token': 'sandbox-token' } })
  t.same(none.json().data, [])
})
