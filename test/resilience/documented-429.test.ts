/**
 * BigCommerce's own 429, as its documents write it: the body is customers.v3.yml's 429 example
 * (the one OpenAPI document here with a 429 example, on validate-credentials), the headers are the ones BigCommerce's
 * rate-limit guide names (spec/bigcommerce.md §4: X-Rate-Limit-Time-Reset-Ms, -Requests-Left,
 * -Requests-Quota, -Time-Window-Ms, X-Retry-After in seconds). The emulator's own 429 must carry the
 * same document's fields, so our two doubles cannot drift from it together.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { parse } from 'yaml'
import { buildTestApp } from '../helpers/build-app.js'
import { startFakeBigCommerce } from '../helpers/fake-bigcommerce.js'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'
import { REFERENCE_DIR } from '../helpers/openapi.js'
import { buildSandbox, DEFAULT_STORE } from '../../src/sandbox/app.js'

const CUSTOMERS = parse(readFileSync(join(REFERENCE_DIR, 'customers.v3.yml'), 'utf8'))
// Written on POST /customers/validate-credentials; BigCommerce's quota 429 is the same on every path.
const DOCUMENTED_429 = CUSTOMERS.paths['/customers/validate-credentials'].post.responses['429'].content['application/json'].examples.response.value
const READ_USER = { type: 'ENTITY_TYPE_USER', user: { external_user_id: '7' } }

t.test('the documented 429 example is what the test serves (so this test reads the document, not our memory of it)', async (t) => {
  t.match(DOCUMENTED_429, { status: 429, title: 'Too many requests' })
})

t.test('BigCommerce\'s documented 429 with a reset past the deadline: Fast gets 503 BIGCOMMERCE_QUOTA_SPENT with the reset as Retry-After, and the store is not called again before it', async (t) => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(() => ({
    status: 429,
    headers: { 'x-rate-limit-time-reset-ms': '6500', 'x-rate-limit-requests-left': '0', 'x-rate-limit-requests-quota': '150', 'x-rate-limit-time-window-ms': '30000', 'x-retry-after': '7' },
    body: DOCUMENTED_429
  }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url, FAST_DEADLINE_MS: '2000' } })
  const first = await bridge.fast('read', READ_USER)
  checkFastError(t, first, 503, 'BIGCOMMERCE_QUOTA_SPENT')
  t.equal(first.headers['retry-after'], '7', 'the longer of 6.5 s (rounded up) and X-Retry-After 7 s')
  const second = await bridge.fast('read', READ_USER)
  checkFastError(t, second, 503, 'BIGCOMMERCE_QUOTA_SPENT')
  t.equal(bc.calls(), 1, 'the second read made no call: the store is closed until its reset')
})

t.test('the emulator\'s quota 429 has the documented 429 example\'s fields, status and title, and the documented headers', async (t) => {
  const emulator = buildSandbox({ logger: false })
  t.teardown(async () => { await emulator.close() })
  await emulator.inject({ method: 'POST', url: '/__sandbox/faults', payload: { quota: { requests: 1, windowMs: 30_000 } } })
  const request = { method: 'GET' as const, url: `/stores/${DEFAULT_STORE.hash}/v3/customers?id:in=7`, headers: { 'x-auth-token': DEFAULT_STORE.accessToken, accept: 'application/json' } }
  await emulator.inject(request)
  const limited = await emulator.inject(request)
  t.equal(limited.statusCode, 429)
  const body = limited.json() as Record<string, unknown>
  for (const [field, value] of Object.entries(DOCUMENTED_429 as Record<string, unknown>)) {
    t.equal(typeof body[field], typeof value, `${field} is there, a ${typeof value} as in the document`)
  }
  t.match(body, { status: 429, title: DOCUMENTED_429.title })
  for (const name of ['x-rate-limit-time-reset-ms', 'x-rate-limit-requests-left', 'x-rate-limit-requests-quota', 'x-rate-limit-time-window-ms', 'x-retry-after']) {
    t.ok(limited.headers[name] !== undefined, `${name} is sent`)
  }
  t.equal(limited.headers['x-rate-limit-requests-left'], '0')
})
