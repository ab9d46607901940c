/** Shared set-up for the sandbox tests: a fresh emulator per test and a small JSON client over inject(). */
import type { Test } from 'tap'
import { buildSandbox, type BuildSandboxOptions, type SandboxServer } from '../../src/sandbox/app.js'

export const STORE = '/stores/sandbox'
export const HOODIE_IMAGE = 'https://cdn11.bigcommerce.com/s-rbozo853xi/products/112/images/382/fast-hoodie-black__93230.1614697898.220.290.jpg?c=1'

export const CHECKOUT_INCLUDE = 'cart.line_items.physical_items.options,cart.line_items.digital_items.options,consignments.available_shipping_options'

export const SEED_000_ADDRESS = {
  first_name: 'John',
  last_name: 'Smith',
  email: 'John+23roujwn@fast.in',
  phone: '+15555555555',
  address1: '349 9th Street',
  city: 'San Francisco',
  state_or_province: 'California',
  state_or_province_code: 'CA',
  country_code: 'US',
  postal_code: '94103'
}

export const GB_ADDRESS = {
  first_name: 'Jane',
  last_name: 'Doe',
  email: 'jane@example.co.uk',
  address1: '10 Downing Street',
  city: 'London',
  state_or_province: 'London',
  country_code: 'GB',
  postal_code: 'SW1A 2AA'
}

export interface Answer {
  status: number
  body: any
  headers: Record<string, unknown>
}

export type Call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>

export interface Harness {
  app: SandboxServer
  call: Call
}

export function sandbox (t: Test, options: BuildSandboxOptions = {}): Harness {
  const app = buildSandbox(options)
  t.teardown(async () => { await app.close() })
  const call: Call = async (method, path, body, headers = {}) => {
    const response = await app.inject({
      method,
      url: path,
      headers: { 'x-auth-token': 'sandbox-token', accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      payload: body === undefined ? undefined : JSON.stringify(body)
    })
    return { status: response.statusCode, body: response.body === '' ? undefined : JSON.parse(response.body), headers: response.headers }
  }
  return { app, call }
}

/** A cart with `items`, answered by POST /v3/carts; fails the test unless it is created. */
export async function createCart (t: Test, call: Call, items: unknown[]): Promise<any> {
  const answer = await call('POST', `${STORE}/v3/carts?include=line_items.physical_items.options`, { line_items: items })
  t.equal(answer.status, 201, `cart created: ${JSON.stringify(answer.body)}`)
  return answer.body.data
}

/** Cart with one hoodie, billing and a US consignment with "Free Shipping" selected: ready to order. */
export async function readyCheckout (t: Test, call: Call, items: unknown[] = [{ product_id: 112, quantity: 1 }]): Promise<{ cartId: string, checkout: any }> {
  const cart = await createCart(t, call, items)
  await call('POST', `${STORE}/v3/checkouts/${cart.id}/billing-address`, SEED_000_ADDRESS)
  const physical = cart.line_items.physical_items.map((item: any) => ({ item_id: item.id, quantity: item.quantity }))
  const withConsignment = await call('POST', `${STORE}/v3/checkouts/${cart.id}/consignments?include=consignments.available_shipping_options`, [{ address: SEED_000_ADDRESS, line_items: physical }])
  const consignment = withConsignment.body.data.consignments[0]
  const free = consignment.available_shipping_options.find((option: any) => option.description === 'Free Shipping')
  const selected = await call('PUT', `${STORE}/v3/checkouts/${cart.id}/consignments/${consignment.id}?include=consignments.available_shipping_options`, { shipping_option_id: free.id })
  t.equal(selected.status, 200, 'shipping option selected')
  return { cartId: cart.id, checkout: selected.body.data }
}
