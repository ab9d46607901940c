/**
 * Stored answers are sealed at rest, bound to their store and request_id: a replay from the
 * database sends the original bytes; an answer that no longer opens (its key removed, or copied from
 * another record) is never sent as garbage nor run again, but answers 422 REQUEST_ID_UNUSABLE.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { fingerprint } from '../../src/idempotency/fingerprint.js'
import { answerKeyId, openAnswer } from '../../src/idempotency/sealed-answer.js'
import { createKeyring } from '../../src/secrets/keyring.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { buildTestApp, STORE_HASH, TEST_KEYRING } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'

/** An update of an order the bridge does not know: a definitive 404, stored for replays, no BigCommerce call. */
const updateOf = (requestId: string) => ({
  request_id: { value: requestId },
  type: 'ENTITY_TYPE_ORDER',
  order: { order_id: { value: 'unknown-order' }, bill_to: { email: 'sealed@example.com', country_code: 'US' } }
})

/** Opens the same database file as often as asked, as bridges sharing one database do. */
async function databaseFile (t: Test): Promise<() => ReturnType<typeof openSqliteStorage>> {
  const dir = await mkdtemp(join(tmpdir(), 'fbc-sealed-answers-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  return () => openSqliteStorage(join(dir, 'fast-bigcommerce.db'))
}

/** What the database holds for a request_id, read the way a second instance would. */
async function storedAnswer (storage: ReturnType<typeof openSqliteStorage>, requestId: string) {
  const result = await storage.claimRequest(STORE_HASH, requestId, fingerprint('/fast/v1/update', updateOf(requestId)), 'reader', 1000)
  if (result.state !== 'completed') throw new Error(`request ${requestId} is ${result.state}`)
  return result.response
}

t.test('a stored answer is sealed in the database and replayed from it in its original bytes', async t => {
  forbidBigCommerce(t)
  const open = await databaseFile(t)
  const storage = open()
  const first = await buildTestApp(t, { storage, idempotency: { reapIntervalMs: 0 } })
  const answer = await first.app.inject({ method: 'POST', url: '/fast/v1/update', headers: { authorization: first.jwks.bearer('fast-app-test'), 'content-type': 'application/json' }, payload: updateOf('req-1') })
  t.equal(answer.statusCode, 404)
  const stored = await storedAnswer(storage, 'req-1')
  t.equal(stored.statusCode, 404, 'the status is kept plain')
  t.equal(answerKeyId(TEST_KEYRING, stored.body), TEST_KEYRING.currentKeyId, 'the body is sealed under the current key')
  t.notMatch(stored.body, 'ORDER_NOT_FOUND')
  t.equal(openAnswer(TEST_KEYRING, stored.body, `${STORE_HASH}\u0000req-1`), answer.body)

  // Another bridge on the same database (its replay cache empty) replays from the record.
  const second = await buildTestApp(t, { storage: open(), idempotency: { reapIntervalMs: 0 } })
  const replayed = await second.app.inject({ method: 'POST', url: '/fast/v1/update', headers: { authorization: second.jwks.bearer('fast-app-test'), 'content-type': 'application/json' }, payload: updateOf('req-1') })
  t.equal(replayed.headers['idempotent-replayed'], 'true')
  t.equal(replayed.statusCode, 404)
  t.equal(replayed.body, answer.body, 'byte for byte')
})

t.test('an answer stored sealed but not deflated, as earlier versions stored it, still replays after an upgrade', async t => {
  forbidBigCommerce(t)
  const storage = openSqliteStorage(':memory:')
  const bridge = await buildTestApp(t, { storage, idempotency: { reapIntervalMs: 0 } })
  const request = updateOf('req-old')
  const body = '{"code":5,"message":"stored by an earlier version","details":[]}'
  await storage.claimRequest(STORE_HASH, 'req-old', fingerprint('/fast/v1/update', request), 'earlier', 1000)
  await storage.completeRequest(STORE_HASH, 'req-old', 'earlier', { statusCode: 404, headers: { 'content-type': 'application/json; charset=utf-8' }, body: TEST_KEYRING.seal(body, `${STORE_HASH}\u0000req-old`) })
  const replayed = await bridge.app.inject({ method: 'POST', url: '/fast/v1/update', headers: { authorization: bridge.jwks.bearer('fast-app-test'), 'content-type': 'application/json' }, payload: request })
  t.equal(replayed.headers['idempotent-replayed'], 'true')
  t.equal(replayed.statusCode, 404)
  t.equal(replayed.body, body)
})

t.test('an answer sealed under a key since removed is refused as unusable, not replayed nor run again', async t => {
  const bigcommerce = forbidBigCommerce(t)
  const open = await databaseFile(t)
  const before = await buildTestApp(t, { storage: open(), idempotency: { reapIntervalMs: 0 } })
  t.equal((await before.fast('update', updateOf('req-1'))).statusCode, 404)

  const after = await buildTestApp(t, { storage: open(), keyring: createKeyring(randomBytes(32).toString('base64')), idempotency: { reapIntervalMs: 0 } })
  const answer = await after.fast('update', updateOf('req-1'))
  t.equal(answer.statusCode, 422)
  t.same(answer.body, {
    code: 9,
    message: 'The answer stored for this request_id can no longer be read; send the request again with a new request_id',
    details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'REQUEST_ID_UNUSABLE', domain: 'fast-bigcommerce', metadata: {} }]
  })
  t.equal(bigcommerce.calls(), 0)
})

t.test('a sealed answer copied into another request_id\'s record does not open there', async t => {
  forbidBigCommerce(t)
  const storage = openSqliteStorage(':memory:')
  const bridge = await buildTestApp(t, { storage, idempotency: { reapIntervalMs: 0 } })
  t.equal((await bridge.fast('update', updateOf('req-1'))).statusCode, 404)
  const sealed = await storedAnswer(storage, 'req-1')
  // req-2's record, completed with req-1's sealed answer, as a hand with database access could.
  const other = updateOf('req-2')
  await storage.claimRequest(STORE_HASH, 'req-2', fingerprint('/fast/v1/update', other), 'intruder', 1000)
  t.ok(await storage.completeRequest(STORE_HASH, 'req-2', 'intruder', sealed))
  const answer = await bridge.fast('update', other)
  t.equal(answer.statusCode, 422)
  t.equal(answer.body.details[0].reason, 'REQUEST_ID_UNUSABLE')
})
