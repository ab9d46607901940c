/**
 * No token, secret, JWT or shopper PII in logs: the seed-000 create and bill_to update, a refused
 * token and a BigCommerce refusal, logged at trace level into memory, and the text searched.
 *
 * The first test runs with the app's own redaction; the second switches redaction off, to show that
 * nothing sensitive is even handed to the logger.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Writable } from 'node:stream'
import nock from 'nock'
import t, { type Test } from 'tap'
import { replayScenario } from '../helpers/bigcommerce-fixtures.js'
import { ACCESS_TOKEN, buildTestApp, FAST_APP_ID, STORE_HASH } from '../helpers/build-app.js'
import { MAX_ATTEMPTS } from '../../src/bigcommerce/retry-policy.js'

const FAST_DIR = new URL('../../fixtures/fast/seed-000-checkout/', import.meta.url)
const step = (file: string): { request: Record<string, any> } => JSON.parse(readFileSync(new URL(file, FAST_DIR), 'utf8')) as { request: Record<string, any> }
const CREATE = step('01-create-cart.json').request
const UPDATE_BILL_TO = step('03-update-bill-to.json').request

const CART_ID = 'a98a387e-02ec-41a8-a38e-e3ca5fb0548d'
const BILLING_ADDRESS_ID = '60a4bbe4a6d8a'
const SECRETS = {
  'BigCommerce access token': ACCESS_TOKEN,
  'shopper email': 'John+23roujwn@fast.in',
  'shopper email, lower-cased': 'john+23roujwn@fast.in',
  'shopper phone': '+15555555555',
  'shopper phone digits': '5555555555',
  'shopper street': '349 9th Street'
}

function memoryLog (): { stream: Writable, text: () => string, lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    }
  })
  const text = (): string => chunks.join('')
  return { stream, text, lines: () => text().split('\n').filter(Boolean).map(line => JSON.parse(line) as Record<string, unknown>) }
}

async function runCheckout (t: Test, logger: Record<string, unknown>): Promise<{ tokens: string[] }> {
  const bridge = await buildTestApp(t, { logger })
  replayScenario(t, 'seed-000-checkout', ['01-create-cart', '03-add-billing-address', '04-read-checkout-after-billing'])
  const authorization = bridge.jwks.bearer(FAST_APP_ID)
  const expired = bridge.jwks.bearer(FAST_APP_ID, { expiresInSeconds: -600 })
  const headers = { authorization }

  const created = await bridge.fast('create', CREATE, headers)
  t.equal(created.statusCode, 200, 'create answers 200')
  const updated = await bridge.fast('update', UPDATE_BILL_TO, headers)
  t.equal(updated.statusCode, 200, 'bill_to update answers 200')

  // A second bill_to is a PUT; BigCommerce refuses it, with the shopper's data in its answer.
  const refusal = nock('https://api.bigcommerce.com')
    .put(`/stores/${STORE_HASH}/v3/checkouts/${CART_ID}/billing-address/${BILLING_ADDRESS_ID}`)
    .reply(422, { status: 422, title: 'The billing address is invalid', type: 'https://developer.bigcommerce.com/api-docs', errors: { email: 'John+23roujwn@fast.in is not allowed', phone: '+15555555555' } })
  // A new request_id each time: a repeated one would be answered from the idempotency store.
  const refused = await bridge.fast('update', { ...UPDATE_BILL_TO, request_id: { value: randomUUID() } }, headers)
  t.equal(refused.statusCode, 422, 'the refused update answers 422')
  t.ok(refusal.isDone(), 'BigCommerce was asked')

  // BigCommerce failing outright (every attempt: a PUT is repeated): logged at error level with the cause.
  const failure = nock('https://api.bigcommerce.com')
    .put(`/stores/${STORE_HASH}/v3/checkouts/${CART_ID}/billing-address/${BILLING_ADDRESS_ID}`)
    .times(MAX_ATTEMPTS)
    .reply(500, { status: 500, title: 'Internal error for John+23roujwn@fast.in' })
  const failed = await bridge.fast('update', { ...UPDATE_BILL_TO, request_id: { value: randomUUID() } }, headers)
  t.equal(failed.statusCode, 502, 'the failed update answers 502')
  t.ok(failure.isDone(), 'BigCommerce was asked')

  const stranger = await bridge.fast('read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: CREATE.order.order.id.value } } }, { authorization: expired })
  t.equal(stranger.statusCode, 401, 'an expired token answers 401')
  const unknown = await bridge.fast('read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: '00000000-0000-4000-8000-000000000000' } } }, headers)
  t.equal(unknown.statusCode, 404, 'an unknown order answers 404')

  return { tokens: [authorization, expired].map(header => header.slice('Bearer '.length)) }
}

function assertClean (t: Test, text: string, tokens: string[]): void {
  for (const token of tokens) {
    t.notMatch(text, token, 'the JWT is not logged')
    for (const [index, segment] of token.split('.').entries()) {
      if (segment.length > 16) t.notMatch(text, segment, `no JWT segment ${index} is logged`)
    }
  }
  t.notMatch(text, /eyJ[A-Za-z0-9_-]{10,}/, 'nothing that looks like a JWT is logged')
  t.notMatch(text, /bearer /i, 'no Authorization header value is logged')
  for (const [what, secret] of Object.entries(SECRETS)) {
    t.notMatch(text, secret, `no ${what} in the log`)
  }
}

t.test('with the app\'s redaction, a checkout logged at trace level leaks no token and no PII', async (t) => {
  const log = memoryLog()
  const { tokens } = await runCheckout(t, { level: 'trace', stream: log.stream })
  const lines = log.lines()
  t.ok(lines.length > 10, `something was logged (${lines.length} lines)`)
  t.ok(lines.some(line => line.msg === 'bigcommerce call'), 'BigCommerce calls are logged')
  t.ok(lines.some(line => line.reason === 'REJECTED_BY_BIGCOMMERCE'), 'the refusal is logged')
  const failure = lines.find(line => line.reason === 'BIGCOMMERCE_ERROR' && line.level === 50)
  t.ok(failure, 'the failure is logged as an error')
  t.match(failure?.err, { name: 'BigCommerceError', call: 'PUT /v3/checkouts/{id}/billing-address/{addressId}', status: 500, stack: /client\.ts/ }, 'with the call, status and where it failed')
  t.ok(lines.some(line => line.reason === 'UNAUTHENTICATED'), 'the refused token is logged (without the token)')
  assertClean(t, log.text(), tokens)
})

t.test('even without any redaction configured, nothing sensitive reaches the logger', async (t) => {
  const log = memoryLog()
  const { tokens } = await runCheckout(t, { level: 'trace', stream: log.stream, redact: { paths: [] } })
  t.ok(log.lines().length > 10, 'something was logged')
  assertClean(t, log.text(), tokens)
})

t.test('a signed payload or install code sent where no install callback is served is not logged', async (t) => {
  const log = memoryLog()
  // No install settings: BigCommerce calling anyway (the settings lost, APP_URL's path mistyped) meets the 404 handler.
  const bridge = await buildTestApp(t, { logger: { level: 'trace', stream: log.stream } })
  const payload = `eyJhbGciOiJIUzI1NiJ9.canary-signed-payload-${randomUUID()}.signature`
  const code = `canary-install-code-${randomUUID()}`
  const load = await bridge.app.inject({ method: 'GET', url: `/load?signed_payload_jwt=${payload}` })
  const auth = await bridge.app.inject({ method: 'GET', url: `/auth?code=${code}&scope=store_cart&context=stores/${STORE_HASH}` })
  t.same([load.statusCode, auth.statusCode], [404, 404])
  const text = log.text()
  t.match(text, '"url":"/load"', 'the request is logged, by its path')
  t.notMatch(text, payload, 'not the signed payload')
  t.notMatch(text, code, 'nor the install code')
  t.notMatch(load.body + auth.body, /canary/, 'nor do the answers repeat them')
})
