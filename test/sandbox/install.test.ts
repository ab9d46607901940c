/**
 * The sandbox as BigCommerce's app platform: the control panel stand-in hands out install codes and
 * signed payloads, and the login host's POST /oauth2/token redeems a code once, for the app it was
 * made for, with the app's registered callback as redirect_uri.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jwtVerify } from 'jose'
import t, { type Test } from 'tap'
import { missingScopes, parseScopes } from '../../src/app-install/scopes.js'
import { buildSandbox, DEFAULT_APP, type BuildSandboxOptions } from '../../src/sandbox/app.js'
import { DEFAULT_SCOPE } from '../../src/sandbox/routes/oauth.js'

const APP_URL = 'https://app.example'

function sandboxWithApp (t: Test, options: BuildSandboxOptions = {}) {
  const app = buildSandbox({ apps: [{ ...DEFAULT_APP, appUrl: APP_URL }], ...options })
  t.teardown(async () => { await app.close() })
  return app
}

/** Presses Install on the control panel; answers where the browser is sent. */
async function pressInstall (app: ReturnType<typeof buildSandbox>): Promise<URL> {
  const response = await app.inject({ method: 'POST', url: '/__sandbox/control-panel/install', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'store=sandbox' })
  if (response.statusCode !== 303) throw new Error(`install answered ${response.statusCode}`)
  return new URL(response.headers.location as string)
}

function tokenRequest (code: string, overrides: Record<string, unknown> = {}) {
  return { client_id: DEFAULT_APP.clientId, client_secret: DEFAULT_APP.clientSecret, code, context: 'stores/sandbox', scope: DEFAULT_SCOPE, grant_type: 'authorization_code', redirect_uri: `${APP_URL}/auth`, ...overrides }
}

t.test('Install sends the browser to the app\'s /auth with a code, the scopes and the store', async (t) => {
  const app = sandboxWithApp(t)
  const auth = await pressInstall(app)
  t.equal(`${auth.origin}${auth.pathname}`, `${APP_URL}/auth`)
  t.match(Object.fromEntries(auth.searchParams), { code: /^[A-Za-z0-9_-]{20,}$/, scope: DEFAULT_SCOPE, context: 'stores/sandbox', account_uuid: /^[0-9a-f-]{36}$/ })
})

t.test('the code from Install becomes the store\'s token, once', async (t) => {
  const app = sandboxWithApp(t)
  const code = (await pressInstall(app)).searchParams.get('code') as string
  const first = await app.inject({ method: 'POST', url: '/oauth2/token', payload: tokenRequest(code) })
  t.equal(first.statusCode, 200)
  t.match(first.json(), { access_token: 'sandbox-token', scope: DEFAULT_SCOPE, context: 'stores/sandbox', user: { id: 1, email: String }, owner: { id: 1 }, account_uuid: /^[0-9a-f-]{36}$/ })
  t.ok(app.sandbox.installs.isInstalled(DEFAULT_APP.clientId, 'sandbox'), 'the app counts as installed')
  const again = await app.inject({ method: 'POST', url: '/oauth2/token', payload: tokenRequest(code) })
  t.equal(again.statusCode, 400, 'a used code is refused')
  t.equal(again.json().error, 'invalid_grant')
})

t.test('a code the control panel never handed out is refused', async (t) => {
  const app = sandboxWithApp(t)
  const answer = await app.inject({ method: 'POST', url: '/oauth2/token', payload: tokenRequest('any-code') })
  t.equal(answer.statusCode, 400)
  t.notOk(app.sandbox.installs.isInstalled(DEFAULT_APP.clientId, 'sandbox'))
})

t.test('a redirect_uri other than the app\'s registered callback is refused, and the code is not spent', async (t) => {
  const app = sandboxWithApp(t)
  const code = (await pressInstall(app)).searchParams.get('code') as string
  const wrong = await app.inject({ method: 'POST', url: '/oauth2/token', payload: tokenRequest(code, { redirect_uri: 'https://evil.example/auth' }) })
  t.equal(wrong.statusCode, 400)
  t.match(wrong.json().error_description, /redirect_uri/)
  const right = await app.inject({ method: 'POST', url: '/oauth2/token', payload: tokenRequest(code) })
  t.equal(right.statusCode, 200)
})

t.test('a code made for one store does not install another', async (t) => {
  const app = sandboxWithApp(t, { stores: [{ hash: 'sandbox', accessToken: 'sandbox-token' }, { hash: 'other', accessToken: 'other-token' }] })
  const code = (await pressInstall(app)).searchParams.get('code') as string
  const answer = await app.inject({ method: 'POST', url: '/oauth2/token', payload: tokenRequest(code, { context: 'stores/other' }) })
  t.equal(answer.statusCode, 400)
  t.notOk(app.sandbox.installs.isInstalled(DEFAULT_APP.clientId, 'other'))
})

t.test('a wrong client secret is refused with 401', async (t) => {
  const app = sandboxWithApp(t)
  const code = (await pressInstall(app)).searchParams.get('code') as string
  const answer = await app.inject({ method: 'POST', url: '/oauth2/token', payload: tokenRequest(code, { client_secret: 'wrong' }) })
  t.equal(answer.statusCode, 401)
})

t.test('the token exchange also takes a form-encoded body', async (t) => {
  const app = sandboxWithApp(t)
  const code = (await pressInstall(app)).searchParams.get('code') as string
  const response = await app.inject({
    method: 'POST',
    url: '/oauth2/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(tokenRequest(code) as Record<string, string>).toString()
  })
  t.equal(response.statusCode, 200)
  t.equal(response.json().access_token, 'sandbox-token')
})

t.test('the scopes the sandbox grants by default are every one the bridge needs', async (t) => {
  t.same(missingScopes(parseScopes(DEFAULT_SCOPE)), [])
})

t.test('Open sends the browser to /load with a payload signed as BigCommerce signs it', async (t) => {
  const app = sandboxWithApp(t)
  const response = await app.inject({ method: 'POST', url: '/__sandbox/control-panel/open', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'store=sandbox' })
  t.equal(response.statusCode, 303)
  const load = new URL(response.headers.location as string)
  t.equal(`${load.origin}${load.pathname}`, `${APP_URL}/load`)
  const { payload, protectedHeader } = await jwtVerify(load.searchParams.get('signed_payload_jwt') as string, new TextEncoder().encode(DEFAULT_APP.clientSecret), { algorithms: ['HS256'], audience: DEFAULT_APP.clientId, issuer: 'bc' })
  t.equal(protectedHeader.alg, 'HS256')
  t.match(payload, { sub: 'stores/sandbox', user: { id: 1, email: String }, owner: { id: 1 }, url: '/', channel_id: 1, jti: String })
  t.equal((payload.exp as number) - (payload.nbf as number), 24 * 60 * 60, 'valid 24 hours')
})

t.test('Uninstall calls the app\'s /uninstall server to server and shows its answer', async (t) => {
  const seen: string[] = []
  const appServer = createServer((req: IncomingMessage, res) => {
    seen.push(req.url ?? '')
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  })
  await new Promise<void>(resolve => appServer.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => appServer.close(() => resolve())))
  const appUrl = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`
  const app = buildSandbox({ apps: [{ ...DEFAULT_APP, appUrl }] })
  t.teardown(async () => { await app.close() })
  const code = (await pressInstall(app)).searchParams.get('code') as string
  await app.inject({ method: 'POST', url: '/oauth2/token', payload: { ...tokenRequest(code), redirect_uri: `${appUrl}/auth` } })

  const response = await app.inject({ method: 'POST', url: '/__sandbox/control-panel/uninstall', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'store=sandbox' })
  t.equal(response.statusCode, 200)
  t.match(response.body, /Uninstalled: the app answered 200/)
  t.match(response.body, /The app is not installed on this store/)
  t.equal(seen.length, 1)
  t.match(seen[0], /^\/uninstall\?signed_payload_jwt=ey/)
  t.notOk(app.sandbox.installs.isInstalled(DEFAULT_APP.clientId, 'sandbox'))
})

t.test('the control panel page names the store and the app and offers Install, Open and Uninstall', async (t) => {
  const app = sandboxWithApp(t)
  const response = await app.inject({ method: 'GET', url: '/__sandbox/control-panel' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /text\/html/)
  for (const text of ['sandbox', DEFAULT_APP.clientId, APP_URL, '>Install<', '>Open<', '>Uninstall<', 'not installed']) t.match(response.body, text)
})

t.test('an app with no URL yet cannot be installed from the control panel', async (t) => {
  const app = buildSandbox()
  t.teardown(async () => { await app.close() })
  const response = await app.inject({ method: 'POST', url: '/__sandbox/control-panel/install', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'store=sandbox' })
  t.equal(response.statusCode, 409)
})
