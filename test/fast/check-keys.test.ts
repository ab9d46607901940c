/**
 * The settings page's "Fast's keys fetchable" check (`checkKeys()`, behind `fastify.checkFastKeys()`): it asks
 * Fast's JWKS now, within the same one-fetch-per-30-s budget as token checks, and says how many usable keys it
 * found or why there are none. It never throws.
 */
import t from 'tap'
import { knownAudiences } from '../../src/fast/auth.js'
import { createFastSigner } from '../../src/fast/signer.js'
import { startFastAuthenticator } from '../helpers/fast-auth.js'

const APP_ID = 'app-1'

t.test('with Fast\'s JWKS up, the check counts the usable keys', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  t.same(await auth.checkKeys(), { ok: true, keys: 1 })
  t.equal(fast.fetchCount(), 1, 'the check fetched the JWKS')
})

t.test('the check counts only keys usable for RS256 signatures', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  fast.addKey()
  fast.publishJwk({ ...createFastSigner({ kid: 'rs512-key' }).jwk(), alg: 'RS512' })
  fast.publishJwk({ ...createFastSigner({ kid: 'enc-key' }).jwk(), use: 'enc' })
  t.same(await auth.checkKeys(), { ok: true, keys: 2 })
})

t.test('with Fast\'s JWKS unreachable, the check says so without throwing', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  fast.setMode('reset')
  t.same(await auth.checkKeys(), { ok: false, reason: 'Fast\'s JWKS could not be reached' })
})

t.test('with Fast\'s JWKS answering an HTTP error, the check names the status', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  fast.setMode('http-error')
  t.same(await auth.checkKeys(), { ok: false, reason: 'Fast\'s JWKS answered HTTP 503' })
})

t.test('with Fast\'s JWKS not answering in time, the check says so', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t, { jwks: { timeoutMs: 200 } })
  fast.setMode('hang')
  t.same(await auth.checkKeys(), { ok: false, reason: 'Fast\'s JWKS did not answer in time' })
})

t.test('with Fast\'s JWKS answering something that is not JSON, the check says so', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  fast.setMode('garbage')
  t.same(await auth.checkKeys(), { ok: false, reason: 'Fast\'s JWKS is not JSON' })
})

t.test('with a JWKS that publishes no usable key, the check says so', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  fast.removeKey(fast.signer.kid)
  fast.publishJwk({ ...createFastSigner({ kid: 'rs512-key' }).jwk(), alg: 'RS512' })
  t.same(await auth.checkKeys(), { ok: false, reason: 'Fast\'s JWKS holds no usable RS256 key' })
})

t.test('a check right after a fetch answers from it without fetching again', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  await auth.authenticate(fast.bearer(APP_ID), knownAudiences([APP_ID]))
  t.same(await auth.checkKeys(), { ok: true, keys: 1 })
  t.same(await auth.checkKeys(), { ok: true, keys: 1 })
  t.equal(fast.fetchCount(), 1, 'the check shares the 30 s fetch budget of token checks')
})

t.test('a check after the minimum interval fetches again and sees a new key', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t)
  t.same(await auth.checkKeys(), { ok: true, keys: 1 })
  fast.addKey()
  advance(30_000)
  t.same(await auth.checkKeys(), { ok: true, keys: 2 })
  t.equal(fast.fetchCount(), 2)
})

t.test('when the JWKS goes down, the check reports it while cached keys still verify tokens', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t)
  t.same(await auth.checkKeys(), { ok: true, keys: 1 })
  fast.setMode('http-error')
  advance(30_000)
  t.same(await auth.checkKeys(), { ok: false, reason: 'Fast\'s JWKS answered HTTP 503' })
  t.match(await auth.authenticate(fast.bearer(APP_ID), knownAudiences([APP_ID])), { aud: APP_ID })
})

t.test('a check after the authenticator is closed answers not ok', async (t) => {
  const { auth } = await startFastAuthenticator(t)
  await auth.close()
  t.match(await auth.checkKeys(), { ok: false, reason: String })
})
