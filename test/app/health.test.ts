/**
 * GET /health: the process is up. It answers 200 without touching the database, BigCommerce or
 * Fast's JWKS, so a broken dependency cannot make the platform restart a healthy process.
 */
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { startFakeBigCommerce } from '../helpers/fake-bigcommerce.js'
import { forbidBigCommerce, throwingStorage } from '../helpers/fake-bigcommerce-guards.js'

t.test('GET /health answers 200 {status: "ok"}', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  const response = await bridge.app.inject({ method: 'GET', url: '/health' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^application\/json/)
  t.same(response.json(), { status: 'ok' })
})

t.test('GET /health answers 200 while the database is broken and BigCommerce unreachable', async (t) => {
  const bc = forbidBigCommerce(t)
  const storage = throwingStorage()
  const bridge = await buildTestApp(t, { storage })
  bridge.jwks.setMode('hang')
  const response = await bridge.app.inject({ method: 'GET', url: '/health' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ok' })
  t.same(storage.touched, [], 'the database was not touched')
  t.equal(bc.calls(), 0, 'BigCommerce was not called')
  t.equal(bridge.jwks.fetchCount(), 0, "Fast's JWKS was not fetched")
})

t.test('GET /health answers 200 when nothing listens at the BigCommerce URL', async (t) => {
  const bc = await startFakeBigCommerce()
  const url = bc.url
  await bc.close()
  const bridge = await buildTestApp(t, { storage: throwingStorage(), env: { BIGCOMMERCE_API_URL: url } })
  const response = await bridge.app.inject({ method: 'GET', url: '/health' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ok' })
})

t.test('GET /health needs no token, and a bad one does not matter', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { storage: throwingStorage() })
  const response = await bridge.app.inject({ method: 'GET', url: '/health', headers: { authorization: 'Bearer garbage' } })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ok' })
})

t.test('HEAD /health answers 200 with no body', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { storage: throwingStorage() })
  const response = await bridge.app.inject({ method: 'HEAD', url: '/health' })
  t.equal(response.statusCode, 200)
  t.equal(response.body, '')
})

t.test('POST /health is not a route: 404 in Fast\'s error shape', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { storage: throwingStorage() })
  const response = await bridge.app.inject({ method: 'POST', url: '/health', headers: { 'content-type': 'application/json' }, payload: '{}' })
  t.equal(response.statusCode, 404)
  t.match(response.json(), { code: 5, message: String, details: [{ reason: 'NO_SUCH_ROUTE' }] })
})
