/**
 * The settings page inside the whole app, with the real installed stores (sealed tokens, SQLite):
 * opened by a signed /load as BigCommerce sends it, saved through POST /settings. The rules that
 * live in the stores, not in the page, are checked here: an App ID belongs to one store, and an
 * uninstall ends what an open page can still do.
 */
import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { MockAgent } from 'undici'
import { buildApp, type App } from '../../src/app.js'
import { readConfig } from '../../src/config.js'
import { DEFAULT_APP } from '../../src/sandbox/app.js'
import { signPayload } from '../../src/sandbox/signed-payload.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { startFastJwksServer } from '../helpers/fast-auth.js'
import { NO_DELAY_SHEDDING } from '../helpers/test-env.js'
import { ALL_SCOPES, formOf, visibleText } from './harness.js'

const APP_URL = 'https://fast-bridge.example'
const FROM_THE_PAGE = { origin: APP_URL, 'sec-fetch-site': 'same-origin' }
const APP_ID = '088fdade-8809-471c-89c2-f429fa844af2'

async function installedApp (t: Test, appUrl: string = APP_URL): Promise<App> {
  const jwks = await startFastJwksServer()
  t.teardown(jwks.close)
  // BigCommerce's API as the connection check sees it; nothing leaves the machine.
  const bigcommerce = new MockAgent()
  bigcommerce.disableNetConnect()
  bigcommerce.get('https://api.bigcommerce.com').intercept({ path: /^\/stores\/[a-z0-9]+\/v2\/store$/ }).reply(200, { name: 'A store' }).persist()
  const app = await buildApp({
    config: readConfig({
      BIGCOMMERCE_CLIENT_ID: DEFAULT_APP.clientId,
      BIGCOMMERCE_CLIENT_SECRET: DEFAULT_APP.clientSecret,
      APP_URL: appUrl,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      FAST_JWKS_URL: jwks.jwksUrl,
      LOG_LEVEL: 'silent',
      ...NO_DELAY_SHEDDING
    }),
    storage: openSqliteStorage(':memory:'),
    bigcommerceDispatcher: bigcommerce,
    logger: false
  })
  t.teardown(async () => { await app.close(); await bigcommerce.close() })
  for (const storeHash of ['storea', 'storeb']) await app.stores.install({ storeHash, accessToken: `token-${storeHash}`, scopes: ALL_SCOPES })
  return app
}

async function load (app: App, storeHash: string, under = ''): Promise<string> {
  const jwt = await signPayload(DEFAULT_APP, { storeHash, user: { id: 1, email: 'owner@example.com' } })
  const answer = await app.inject({ method: 'GET', url: `${under}/load?signed_payload_jwt=${jwt}` })
  if (answer.statusCode !== 200) throw new Error(`/load answered ${answer.statusCode}`)
  return answer.body
}

async function save (app: App, fields: Record<string, string>): Promise<{ statusCode: number, body: string }> {
  const answer = await app.inject({ method: 'POST', url: '/settings', headers: { 'content-type': 'application/x-www-form-urlencoded', ...FROM_THE_PAGE }, payload: new URLSearchParams(fields).toString() })
  return { statusCode: answer.statusCode, body: answer.body }
}

t.test('a saved App ID makes Fast\'s tokens for it select the store', async t => {
  const app = await installedApp(t)
  const saved = await save(app, formOf(await load(app, 'storea'), { fast_app_id: APP_ID, status_BOOKED: '7' }))
  t.equal(saved.statusCode, 200)
  t.match(visibleText(saved.body), 'Saved.')
  t.match(await app.stores.get('storea'), { fastAppId: APP_ID, orderStatusIds: { BOOKED: 7, PENDING_FULFILLMENT: 11, CANCELED: 5 } })
  t.match(await app.stores.findByFastAppId(APP_ID), { hash: 'storea', accessToken: 'token-storea' })
})

t.test('an App ID another installed store holds is refused as taken, and neither store changes', async t => {
  const app = await installedApp(t)
  t.equal(await app.stores.saveSettings('storeb', { fastAppId: APP_ID, orderStatusIds: null }), 'saved')
  const answer = await save(app, formOf(await load(app, 'storea'), { fast_app_id: APP_ID }))
  t.equal(answer.statusCode, 409)
  t.match(visibleText(answer.body), 'Another store uses this Fast App ID already.')
  t.equal((await app.stores.get('storea'))?.fastAppId, null)
  t.match(await app.stores.findByFastAppId(APP_ID), { hash: 'storeb' })
})

t.test('a page opened before an uninstall saves nothing afterwards', async t => {
  const app = await installedApp(t)
  const page = await load(app, 'storea')
  await app.stores.uninstall('storea')
  const answer = await save(app, formOf(page, { fast_app_id: APP_ID }))
  t.equal(answer.statusCode, 404)
  t.match(visibleText(answer.body), 'Fast Checkout is not installed on this store.')
  t.equal(await app.stores.findByFastAppId(APP_ID), undefined)
})

t.test('a form body over the limit is refused with 413 and a page, not a server error', async t => {
  const app = await installedApp(t)
  const answer = await save(app, formOf(await load(app, 'storea'), { fast_app_id: 'a'.repeat(10_000) }))
  t.equal(answer.statusCode, 413)
  t.match(visibleText(answer.body), 'The form is larger than the settings page sends')
  t.equal((await app.stores.get('storea'))?.fastAppId, null)
})

t.test('a body of another type is refused with 415 and a page', async t => {
  const app = await installedApp(t)
  const answer = await app.inject({ method: 'POST', url: '/settings', headers: { 'content-type': 'text/xml', ...FROM_THE_PAGE }, payload: '<x/>' })
  t.equal(answer.statusCode, 415)
  t.match(answer.headers['content-type'], /^text\/html/)
})

t.test('an app served under a path (APP_URL https://host/bridge) gives Fast a URL the bridge serves Fast at', async t => {
  const app = await installedApp(t, `${APP_URL}/bridge`)
  const page = await load(app, 'storea', '/bridge')
  const fastUrl = /The URL to give Fast as this store's seller API: <code>([^<]+)<\/code>/.exec(page)?.[1]
  if (fastUrl === undefined) throw new Error('the page shows no URL for Fast')
  t.equal(new URL(fastUrl).origin, APP_URL, 'on the app\'s host')
  // Without a Fast token: Fast's authentication answers (401), not "no such route" (404).
  const answer = await app.inject({ method: 'POST', url: `${new URL(fastUrl).pathname}/read`, headers: { 'content-type': 'application/json' }, payload: '{}' })
  t.equal(answer.statusCode, 401)
})
