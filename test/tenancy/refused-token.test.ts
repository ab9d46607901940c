/**
 * BigCommerce refusing a store's access token (401: revoked, scopes changed, app uninstalled
 * elsewhere): Fast gets a clear 503 STORE_TOKEN_REFUSED saying what the merchant must do, the store
 * is marked in the directory, and its next calls are answered without calling BigCommerce. Other
 * stores are served as before. A 403 is a missing scope: another clear error, nothing marked.
 */
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import t from 'tap'
import { staticStoreDirectory } from '../../src/stores/store-directory.js'
import { buildTestApp } from '../helpers/build-app.js'
import { startFakeBigCommerce, type FakeReply, type RecordedRequest } from '../helpers/fake-bigcommerce.js'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'
import { buildTwoStoreBridge, markingStoreDirectory, STORE_A, STORE_B } from './two-stores.js'

const READ_ZONES = { type: 'ENTITY_TYPE_SHIPPING_ZONES' }
const NO_ZONES: FakeReply = { status: 200, body: [] }
const CREATE = {
  type: 'ENTITY_TYPE_ORDER',
  order: { is_cart: true, order: { id: { value: randomUUID() }, lines: [{ id: { value: randomUUID() }, external_product_id: '112', quantity: 1 }] } }
}

function refused (status: 401 | 403): FakeReply {
  return { status, body: { status, title: status === 401 ? 'Unauthorized' : 'You do not have permission to access this resource', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' } }
}

const toStore = (hash: string) => (request: RecordedRequest): boolean => request.url.startsWith(`/stores/${hash}/`)

t.test("BigCommerce refusing store A's token: Fast gets the clear error, A's next call makes no BigCommerce call, B is served", async t => {
  const bc = await startFakeBigCommerce(t, request => toStore(STORE_A.hash)(request) ? refused(401) : NO_ZONES)
  const stores = markingStoreDirectory([STORE_A, STORE_B])
  const bridge = await buildTwoStoreBridge(t, bc.url, { stores })

  const first = await bridge.fastAs(STORE_A.fastAppId, 'read', READ_ZONES)
  checkFastError(t, first, 503, 'STORE_TOKEN_REFUSED')
  t.equal(first.body.message, "BigCommerce refused this store's access token; the merchant must open the app in the BigCommerce control panel to re-authorise it")
  t.notOk(first.headers['retry-after'], 'no Retry-After: it lasts until the merchant acts')
  t.notMatch(JSON.stringify(first.body), STORE_A.accessToken, 'the token is not repeated')
  t.same(stores.marked, [STORE_A.hash], 'store A is marked in the directory')

  const callsToA = bc.requests.filter(toStore(STORE_A.hash)).length
  const next = await bridge.fastAs(STORE_A.fastAppId, 'create', CREATE)
  checkFastError(t, next, 503, 'STORE_TOKEN_REFUSED')
  t.equal(bc.requests.filter(toStore(STORE_A.hash)).length, callsToA, "A's next call makes no BigCommerce call")

  const b = await bridge.fastAs(STORE_B.fastAppId, 'read', READ_ZONES)
  t.equal(b.statusCode, 200, 'store B is served as before')
  t.equal(bc.requests.filter(toStore(STORE_B.hash)).length, 1, "with its own call to B's store")
})

t.test('a refused store is answered before its request is checked or its request_id kept: once re-authorised, the same request is served', async t => {
  const bc = await startFakeBigCommerce(t, () => ({ status: 204 }))
  const stores = markingStoreDirectory([STORE_A, STORE_B])
  await stores.markTokenRefused?.(STORE_A.hash, STORE_A.accessToken)
  const bridge = await buildTwoStoreBridge(t, bc.url, { stores })

  const badBody = await bridge.fastAs(STORE_A.fastAppId, 'update', { type: 'ENTITY_TYPE_ORDER', order: 'not an order' })
  checkFastError(t, badBody, 503, 'STORE_TOKEN_REFUSED')

  const deletion = { request_id: { value: randomUUID() }, type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, external_order_id: randomUUID() } }
  checkFastError(t, await bridge.fastAs(STORE_A.fastAppId, 'delete', deletion), 503, 'STORE_TOKEN_REFUSED')
  t.equal(bc.calls(), 0, 'no BigCommerce call')

  stores.reauthorise(STORE_A.hash)
  const retried = await bridge.fastAs(STORE_A.fastAppId, 'delete', deletion)
  t.same([retried.statusCode, retried.body], [200, {}], 'the refusal was not kept as the answer to that request_id')
  t.equal(bc.calls(), 1, 'the retry deleted the cart')
})

t.test("the environment's single store, whose refusal cannot be recorded, answers the clear error on each of its calls", async t => {
  const bc = await startFakeBigCommerce(t, () => refused(401))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  checkFastError(t, await bridge.fast('read', READ_ZONES), 503, 'STORE_TOKEN_REFUSED')
  checkFastError(t, await bridge.fast('read', READ_ZONES), 503, 'STORE_TOKEN_REFUSED')
  t.equal(bc.calls(), 2, 'each call asks BigCommerce again: a token fixed in the environment is used at once')
})

t.test('a 403 from BigCommerce is a missing scope: a clear error naming the re-install, and the store is not marked', async t => {
  const bc = await startFakeBigCommerce(t, () => refused(403))
  const stores = markingStoreDirectory([STORE_A, STORE_B])
  const bridge = await buildTwoStoreBridge(t, bc.url, { stores })
  const answer = await bridge.fastAs(STORE_A.fastAppId, 'read', READ_ZONES)
  checkFastError(t, answer, 503, 'STORE_SCOPE_MISSING')
  t.match(answer.body.message, /re-install the app/)
  t.equal(answer.body.details[0].metadata.call, 'GET /v2/shipping/zones', 'which call lacked its scope')
  t.same(stores.marked, [])
  await bridge.fastAs(STORE_A.fastAppId, 'read', READ_ZONES)
  t.equal(bc.calls(), 2, 'the next call still goes to BigCommerce')
})

t.test('a directory that fails to record the refusal still leaves Fast with the clear error', async t => {
  const bc = await startFakeBigCommerce(t, () => refused(401))
  const inner = staticStoreDirectory([STORE_A, STORE_B])
  const stores = { findByFastAppId: inner.findByFastAppId, markTokenRefused: async () => { throw new Error('database unavailable') } }
  const bridge = await buildTwoStoreBridge(t, bc.url, { stores })
  checkFastError(t, await bridge.fastAs(STORE_A.fastAppId, 'read', READ_ZONES), 503, 'STORE_TOKEN_REFUSED')
})

t.test("a refused token is logged as a warning naming the store and the call, never the token", async t => {
  const bc = await startFakeBigCommerce(t, () => refused(401))
  const lines: Array<Record<string, unknown>> = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean).map(line => JSON.parse(line) as Record<string, unknown>))
      done()
    }
  })
  const stores = markingStoreDirectory([STORE_A, STORE_B])
  const bridge = await buildTwoStoreBridge(t, bc.url, { stores, logger: { stream, level: 'info' } })
  await bridge.fastAs(STORE_A.fastAppId, 'read', READ_ZONES)
  await bridge.fastAs(STORE_A.fastAppId, 'read', READ_ZONES)
  // Each request's own info line (plugins/request-log.ts) names the store too; it says what was answered, not why.
  const about = lines.filter(line => line.msg !== 'request completed' && (JSON.stringify(line).includes('STORE_TOKEN_REFUSED') || line.store === STORE_A.hash))
  t.ok(about.length >= 3, 'the refusal, the marking and the next answer are logged')
  t.same(about.map(line => line.level), about.map(() => 40), 'each as a warning: the merchant must act, the bridge is not failing')
  t.ok(about.some(line => line.call === 'GET /v2/shipping/zones'), 'the refused call is named')
  t.notOk(JSON.stringify(lines).includes(STORE_A.accessToken), 'the token is not')
})
