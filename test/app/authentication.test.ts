/**
 * Authentication through the whole app: anything but a valid Fast token for a store we serve gets
 * 401 in Fast's error body, before any database or BigCommerce work.
 */
import { SignJWT } from 'jose'
import t, { type Test } from 'tap'
import { createFastSigner } from '../../src/fast/signer.js'
import { buildTestApp, FAST_APP_ID, type TestBridge } from '../helpers/build-app.js'
import { checkFastError, forbidBigCommerce, throwingStorage } from '../helpers/fake-bigcommerce-guards.js'

const ORDER_ID = 'eb3b8e18-930d-4213-92a0-4993f9e536a8'
const OPERATIONS = ['create', 'read', 'update', 'delete'] as const
/** A body each operation would act on (read: a database lookup, then BigCommerce). */
const BODY = JSON.stringify({
  type: 'ENTITY_TYPE_ORDER',
  order: { order_id: { value: ORDER_ID }, external_order_id: 'a98a387e-02ec-41a8-a38e-e3ca5fb0548d', bill_to: { first_name: 'John' } }
})

/** The app with a storage that throws on any use and BigCommerce forbidden. */
async function setup (t: Test): Promise<{ bridge: TestBridge, storage: ReturnType<typeof throwingStorage> }> {
  forbidBigCommerce(t)
  const storage = throwingStorage()
  const bridge = await buildTestApp(t, { storage })
  return { bridge, storage }
}

async function post (bridge: TestBridge, operation: string, authorization: string | undefined, body = BODY) {
  const response = await bridge.app.inject({
    method: 'POST',
    url: `/fast/v1/${operation}`,
    headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
    payload: body
  })
  return { statusCode: response.statusCode, headers: response.headers, body: response.json() }
}

/** Every operation answers 401 to this Authorization header, touching neither storage nor BigCommerce. */
async function refusedEverywhere (t: Test, bridge: TestBridge, storage: ReturnType<typeof throwingStorage>, authorization: string | undefined, message: RegExp): Promise<void> {
  for (const operation of OPERATIONS) {
    const answer = await post(bridge, operation, authorization)
    checkFastError(t, answer, 401, 'UNAUTHENTICATED')
    t.equal(answer.body.code, 16, 'UNAUTHENTICATED')
    t.match(answer.body.message, message, `${operation}: the message says why`)
    const token = authorization?.split(' ')[1]
    if (token !== undefined && token.length > 8) t.notMatch(JSON.stringify(answer.body), token, 'the token is not echoed')
  }
  t.same(storage.touched, [], 'the database was not touched')
}

t.test('no Authorization header answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  await refusedEverywhere(t, bridge, storage, undefined, /missing Authorization/)
})

t.test('an empty Authorization header answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  await refusedEverywhere(t, bridge, storage, '', /Authorization/)
})

t.test('an Authorization header that is not Bearer answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  await refusedEverywhere(t, bridge, storage, 'Basic dXNlcjpwYXNzd29yZA==', /not a Bearer token/)
  const token = bridge.jwks.bearer(FAST_APP_ID).slice('Bearer '.length)
  await refusedEverywhere(t, bridge, storage, `Token ${token}`, /not a Bearer token/)
  await refusedEverywhere(t, bridge, storage, token, /not a Bearer token/)
})

t.test('a garbage token answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  for (const garbage of ['Bearer ', 'Bearer garbage', 'Bearer a.b.c', 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.', `Bearer ${'x'.repeat(40_000)}`]) {
    await refusedEverywhere(t, bridge, storage, garbage, /token|Authorization/)
  }
})

t.test('an unsigned token (alg none) answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const now = Math.floor(Date.now() / 1000)
  const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ iss: 'api.fast.co', aud: FAST_APP_ID, iat: now, exp: now + 300 })}.`
  await refusedEverywhere(t, bridge, storage, `Bearer ${token}`, /algorithm/)
})

t.test('an expired token answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  await refusedEverywhere(t, bridge, storage, bridge.jwks.bearer(FAST_APP_ID, { expiresInSeconds: -600 }), /expired/)
})

t.test('a token from the wrong issuer answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  await refusedEverywhere(t, bridge, storage, bridge.jwks.bearer(FAST_APP_ID, { iss: 'evil' }), /issuer/)
})

t.test('a token for a Fast App ID we do not serve answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  await refusedEverywhere(t, bridge, storage, bridge.jwks.bearer('someone-elses-app'), /audience/)
  await refusedEverywhere(t, bridge, storage, bridge.jwks.bearer([FAST_APP_ID, 'someone-elses-app']), /audience/)
})

t.test('a token signed by a key Fast does not publish answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  const stranger = createFastSigner()
  await refusedEverywhere(t, bridge, storage, bridge.jwks.bearer(FAST_APP_ID, { signer: stranger }), /signing key/)
})

t.test('a token signed by another key under Fast\'s key id (forged) answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  const impostor = createFastSigner({ kid: bridge.jwks.signer.kid })
  await refusedEverywhere(t, bridge, storage, bridge.jwks.bearer(FAST_APP_ID, { signer: impostor }), /signature/)
})

t.test('an HS256 token keyed with Fast\'s public key (algorithm confusion) answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  const secret = bridge.jwks.signer.publicKey.export({ type: 'spki', format: 'pem' })
  const now = Math.floor(Date.now() / 1000)
  const jwt = await new SignJWT({ iss: 'api.fast.co', aud: FAST_APP_ID, iat: now, exp: now + 300 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: bridge.jwks.signer.kid })
    .sign(Buffer.from(secret))
  await refusedEverywhere(t, bridge, storage, `Bearer ${jwt}`, /algorithm/)
})

t.test('a token whose signature was tampered with answers 401', async (t) => {
  const { bridge, storage } = await setup(t)
  const [header, payload, signature] = bridge.jwks.bearer(FAST_APP_ID).slice('Bearer '.length).split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
  const forged = Buffer.from(JSON.stringify({ ...claims, aud: FAST_APP_ID, sub: 'admin' })).toString('base64url')
  await refusedEverywhere(t, bridge, storage, `Bearer ${header}.${forged}.${signature}`, /signature/)
})

t.test('the 401 comes before the body is even looked at', async (t) => {
  const { bridge, storage } = await setup(t)
  const answer = await post(bridge, 'create', undefined, '{not json')
  checkFastError(t, answer, 401, 'UNAUTHENTICATED')
  const huge = await post(bridge, 'create', undefined, JSON.stringify({ padding: 'x'.repeat(300 * 1024) }))
  t.equal(huge.statusCode, 401, 'an oversized body from a stranger gets 401 too')
  t.same(storage.touched, [])
})

t.test('a valid token gets past authentication (and reaches the database)', async (t) => {
  const { bridge, storage } = await setup(t)
  const answer = await post(bridge, 'read', bridge.jwks.bearer(FAST_APP_ID))
  t.not(answer.statusCode, 401, 'not 401')
  t.ok(storage.touched.length > 0, 'the database was asked: the guard above is real')
  // The throwing database makes this an unexpected failure: a 500 in Fast's shape that leaks nothing.
  checkFastError(t, answer, 500, 'INTERNAL')
  t.notMatch(answer.body.message, /storage|must not be called/, 'the internal error stays in our logs')
})

t.test('a valid token with the scheme in lower case is accepted', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  const token = bridge.jwks.bearer(FAST_APP_ID).slice('Bearer '.length)
  const answer = await post(bridge, 'read', `bearer ${token}`, JSON.stringify({ type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: ORDER_ID } } }))
  checkFastError(t, answer, 404, 'ORDER_NOT_FOUND')
})

t.test('the settings page\'s key check finds the key Fast publishes', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  t.same(await bridge.app.checkFastKeys(), { ok: true, keys: 1 })
})

t.test('the settings page\'s key check says why Fast\'s keys cannot be fetched, without throwing', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  bridge.jwks.setMode('http-error')
  t.same(await bridge.app.checkFastKeys(), { ok: false, reason: 'Fast\'s JWKS answered HTTP 503' })
})
