/**
 * Records fixtures/bigcommerce/<use-case>/ by running the bridge against the sandbox store
 * (src/sandbox, a stateful BigCommerce emulator whose answers follow the official OpenAPI documents),
 * store hash `rbozo853xi`, token `test-access-token`. Every request the bridge makes and the sandbox's
 * answer become one `NN-<what>.json` (nock.define format), checked against the official documents
 * while recording (and again by test/openapi/fixtures-match-openapi.test.ts).
 *
 *   RECORD=all npx tap test/use-cases/record-fixtures.ts --disable-coverage   # every scenario
 *   RECORD=update-add-item npx tap test/use-cases/record-fixtures.ts ...     # one (comma-separated list)
 * Without RECORD it records nothing (tap also runs this file when given the folder).
 *
 * Existing files of a recorded scenario are replaced. The recorded files are then reviewed by hand;
 * customers (read a user) are not emulated by the sandbox, so that fixture is written by hand.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildSandbox } from '../../src/sandbox/app.js'
import { loadSeed } from '../../src/sandbox/seed.js'
import type { StoreSeed } from '../../src/sandbox/types.js'
import { FIXTURES_DIR } from '../helpers/bigcommerce-fixtures.js'
import { buildTestApp, type TestBridge } from '../helpers/build-app.js'
import { validateAgainstOpenApi } from '../helpers/openapi.js'
import { SCENARIOS, type RecordControl } from './scenarios.js'

const HASH = 'rbozo853xi'
const TOKEN = 'test-access-token'
const wanted = process.env.RECORD ?? ''
const only = wanted === 'all' ? undefined : wanted.split(',').filter(Boolean)


interface Exchange { step: number, method: string, url: string, body: unknown, contentType: string | undefined, status: number, payload: string }

/**
 * How long each recorded request waits before the sandbox handles it, so calls the bridge makes at
 * once are in flight together and recorded as one step (one number, replayed in either order).
 */
const OVERLAP_MS = 25

function what (ex: Exchange): string {
  const path = ex.url.replace(/^\/stores\/[^/]+/, '').split('?')[0]
  const body = ex.body as Record<string, any> | undefined
  const failed = ex.status >= 400 ? '-refused' : ''
  const m = ex.method
  let name: string
  if (m === 'POST' && path === '/v3/carts') name = 'create-cart'
  else if (m === 'POST' && /^\/v3\/carts\/[^/]+\/items$/.test(path)) name = `add-item-${String(body?.line_items?.[0]?.product_id)}`
  else if (m === 'PUT' && /\/items\//.test(path)) name = `set-quantity-${String(body?.line_item?.quantity)}`
  else if (m === 'DELETE' && /\/items\//.test(path)) name = ex.status === 204 ? 'remove-last-item' : 'remove-item'
  else if (m === 'DELETE' && /^\/v3\/carts\/[^/]+$/.test(path)) name = 'delete-cart'
  else if (m === 'GET' && /^\/v3\/checkouts\/[^/]+$/.test(path)) name = 'read-checkout'
  else if (m === 'POST' && path.endsWith('/billing-address')) name = 'add-billing-address'
  else if (m === 'PUT' && path.includes('/billing-address/')) name = 'update-billing-address'
  else if (m === 'POST' && path.endsWith('/consignments')) name = 'add-consignment'
  else if (m === 'PUT' && path.includes('/consignments/')) name = body?.shipping_option_id !== undefined ? 'select-shipping-option' : 'update-consignment'
  else if (m === 'POST' && path.endsWith('/coupons')) name = `add-coupon-${String(body?.coupon_code).toLowerCase()}`
  else if (m === 'DELETE' && path.includes('/coupons/')) name = `remove-coupon-${path.split('/').pop()?.toLowerCase() ?? ''}`
  else if (m === 'POST' && path.endsWith('/orders')) name = 'create-order'
  else if (m === 'PUT' && /^\/v2\/orders\/\d+$/.test(path)) name = body?.external_order_id !== undefined ? 'stamp-order' : `set-order-status-${String(body?.status_id)}`
  else if (m === 'GET' && /^\/v2\/orders\/\d+$/.test(path)) name = 'read-order'
  else if (m === 'GET' && /^\/v2\/orders\/\d+\/coupons$/.test(path)) name = 'read-order-coupons'
  else if (m === 'GET' && path === '/v2/orders') name = 'list-orders-of-cart'
  else if (m === 'GET' && path === '/v2/countries') name = `country-${new URL(ex.url, 'http://x').searchParams.get('country_iso2')?.toLowerCase() ?? 'all'}`
  else if (m === 'GET' && /\/states$/.test(path)) name = `state-${new URL(ex.url, 'http://x').searchParams.get('state_abbreviation')?.toLowerCase() ?? 'all'}`
  else if (m === 'GET' && path.startsWith('/v3/catalog/products/')) name = `read-product-${path.split('/').pop() ?? ''}`
  else if (m === 'GET' && path === '/v2/shipping/zones') name = 'shipping-zones'
  else name = `${m.toLowerCase()}-${path.split('/').filter(Boolean).slice(-1)[0] ?? 'call'}`
  return `${name}${failed}`
}

function write (t: Test, scenario: string, exchanges: Exchange[], origin: string): void {
  const dir = join(FIXTURES_DIR, scenario)
  mkdirSync(dir, { recursive: true })
  for (const name of readdirSync(dir)) rmSync(join(dir, name))
  exchanges.forEach((ex) => {
    const path = decodeURIComponent(ex.url)
    // The sandbox writes its own origin into v2 resource links; BigCommerce writes its API origin.
    const payload = ex.payload.replaceAll(origin, 'https://api.bigcommerce.com')
    const response = payload === '' ? undefined : JSON.parse(payload) as unknown
    const fixture = {
      scope: 'https://api.bigcommerce.com:443',
      method: ex.method,
      path,
      ...(ex.body === undefined ? {} : { body: ex.body }),
      status: ex.status,
      ...(response === undefined ? {} : { response }),
      // The Content-Type the bridge declared is kept: createOrder requires it even without a body.
      reqheaders: { 'x-auth-token': TOKEN, ...(ex.contentType === undefined ? {} : { 'content-type': ex.contentType }) }
    }
    const errors = [
      ...validateAgainstOpenApi({ method: ex.method, path, status: ex.status, body: response }),
      ...validateAgainstOpenApi({ method: ex.method, path, body: ex.body, kind: 'request' })
    ]
    if (errors.length > 0) t.fail(`${scenario}: ${ex.method} ${path} does not match the official documents`, { errors })
    const file = `${String(ex.step).padStart(2, '0')}-${what(ex)}.json`
    writeFileSync(join(dir, file), JSON.stringify(fixture, null, 2) + '\n')
  })
}

function seedWithStateZone (): StoreSeed {
  const seed = loadSeed()
  seed.shipping_zones = [
    ...seed.shipping_zones,
    {
      id: 3,
      name: 'California',
      type: 'state',
      locations: [{ id: 3, country_iso2: 'US', state_iso2: 'CA' }],
      tax_rate: '0',
      tax_name: 'Sales Tax',
      methods: [{ id: 4, name: 'Local courier', type: 'perorder', rate: '5.00', transit_time: '1 business day' }]
    } as unknown as StoreSeed['shipping_zones'][number]
  ]
  return seed
}

if (wanted === '') t.pass('nothing recorded: set RECORD=all or RECORD=<scenario>,...')
for (const [scenario, script] of Object.entries(SCENARIOS)) {
  if (wanted === '' || (only !== undefined && !only.includes(scenario))) continue
  t.test(`record ${scenario}`, async t => {
    const sandbox = buildSandbox({ stores: [{ hash: HASH, accessToken: TOKEN }], ...(script.stateZone === true ? { seed: seedWithStateZone() } : {}) })
    const exchanges: Exchange[] = []
    let recording = true
    // A request that arrives while another is in flight is in that one's step.
    const steps = new WeakMap<object, number>()
    let step = 0
    let inFlight = 0
    sandbox.addHook('onRequest', async (request) => {
      if (!recording || !request.url.startsWith('/stores/')) return
      if (inFlight === 0) step++
      inFlight++
      steps.set(request, step)
      await new Promise(resolve => setTimeout(resolve, OVERLAP_MS))
    })
    sandbox.addHook('onResponse', async (request) => {
      if (steps.has(request)) inFlight--
    })
    sandbox.addHook('onSend', async (request, reply, payload) => {
      const at = steps.get(request)
      if (at !== undefined) {
        exchanges.push({ step: at, method: request.method, url: request.url, body: request.body, contentType: request.headers['content-type'], status: reply.statusCode, payload: typeof payload === 'string' ? payload : '' })
      }
      return payload
    })
    const address = await sandbox.listen({ port: 0, host: '127.0.0.1' })
    t.teardown(async () => { await sandbox.close() })
    const bridge: TestBridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: address } })
    const control: RecordControl = {
      async direct (method, path, body) {
        recording = false
        try {
          const answer = await sandbox.inject({ method, url: `/stores/${HASH}${path}`, headers: { 'x-auth-token': TOKEN, 'content-type': 'application/json' }, payload: body === undefined ? undefined : JSON.stringify(body) })
          return answer.json()
        } finally {
          recording = true
        }
      }
    }
    await script.run({ bridge, step: async (_name, request) => await request() }, control)
    write(t, scenario, exchanges, address)
    t.pass(`${scenario}: ${exchanges.length} exchanges`)
  })
}
