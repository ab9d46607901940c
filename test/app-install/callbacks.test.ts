/**
 * The install callbacks as a merchant meets them in the control panel, against the sandbox's login
 * host: what each answers, and that a failed install stores nothing.
 */
import { Writable } from 'node:stream'
import t from 'tap'
import { DEFAULT_SCOPE } from '../../src/sandbox/routes/oauth.js'
import { buildInstallRig, signedPayload, STORE_HASH } from './support.js'

const SCOPE_WITHOUT_CUSTOMERS = DEFAULT_SCOPE.split(' ').filter(scope => scope !== 'store_v2_customers_read_only').join(' ')

t.test('Install stores the store with the scopes BigCommerce granted and opens the settings page', async (t) => {
  const rig = await buildInstallRig(t)
  const answer = await rig.install()
  t.equal(answer.statusCode, 200)
  t.match(answer.headers['content-type'], /text\/html/)
  t.match(await rig.stores.get(STORE_HASH), { storeHash: STORE_HASH, state: 'active', scopes: DEFAULT_SCOPE.split(' ') })
})

t.test('an install granted fewer scopes than the bridge needs is refused with a page naming them, and nothing is stored', async (t) => {
  const rig = await buildInstallRig(t, { scope: SCOPE_WITHOUT_CUSTOMERS })
  const answer = await rig.install()
  t.equal(answer.statusCode, 403)
  t.match(answer.headers['content-type'], /text\/html/)
  t.match(answer.body, /Some permissions are missing/)
  t.match(answer.body, /<li>Customers: read-only<\/li>/)
  t.equal(await rig.stores.get(STORE_HASH), undefined)
})

t.test('a code the login host refuses gives a clear page, and nothing is stored', async (t) => {
  const rig = await buildInstallRig(t)
  const answer = await rig.call('/auth', { code: 'never-handed-out', scope: DEFAULT_SCOPE, context: `stores/${STORE_HASH}` })
  t.equal(answer.statusCode, 400)
  t.match(answer.body, /BigCommerce did not accept this install/)
  t.equal(await rig.stores.get(STORE_HASH), undefined)
})

t.test('a code used twice installs once; the second /auth is refused', async (t) => {
  const rig = await buildInstallRig(t)
  const first = await rig.install()
  t.equal(first.statusCode, 200)
  const again = await rig.call('/auth', { code: first.code, scope: DEFAULT_SCOPE, context: `stores/${STORE_HASH}` })
  t.equal(again.statusCode, 400)
})

t.test('a login host that does not answer gives a try-again page, and nothing is stored', async (t) => {
  const rig = await buildInstallRig(t)
  await rig.emulator.close()
  const answer = await rig.call('/auth', { code: 'some-code', scope: DEFAULT_SCOPE, context: `stores/${STORE_HASH}` })
  t.equal(answer.statusCode, 503)
  t.match(answer.body, /try again/)
  t.equal(await rig.stores.get(STORE_HASH), undefined)
})

t.test('an /auth without a code or with a context that is not a store is a 400 page', async (t) => {
  const rig = await buildInstallRig(t)
  const queries: Array<Record<string, string>> = [{ scope: DEFAULT_SCOPE, context: `stores/${STORE_HASH}` }, { code: 'c', scope: DEFAULT_SCOPE, context: 'stores/../admin' }]
  for (const query of queries) {
    const answer = await rig.call('/auth', query)
    t.equal(answer.statusCode, 400)
    t.match(answer.body, /This link is incomplete/)
  }
})

t.test('/load of a store that never installed the app says so', async (t) => {
  const rig = await buildInstallRig(t)
  const answer = await rig.call('/load', { signed_payload_jwt: await signedPayload() })
  t.equal(answer.statusCode, 404)
  t.match(answer.body, /not installed/)
})

t.test('/uninstall forgets the store, and /load then says it is not installed', async (t) => {
  const rig = await buildInstallRig(t)
  await rig.install()
  const answer = await rig.call('/uninstall', { signed_payload_jwt: await signedPayload() })
  t.equal(answer.statusCode, 200)
  t.same(JSON.parse(answer.body), { uninstalled: STORE_HASH })
  t.match(await rig.stores.get(STORE_HASH), { state: 'uninstalled', scopes: [] })
  t.equal((await rig.call('/load', { signed_payload_jwt: await signedPayload() })).statusCode, 404)
})

t.test('/uninstall answers 5xx when the store cannot be forgotten, so BigCommerce calls again', async (t) => {
  const rig = await buildInstallRig(t)
  await rig.install()
  rig.stores.uninstall = async () => { throw new Error('database unavailable') }
  const answer = await rig.call('/uninstall', { signed_payload_jwt: await signedPayload() })
  t.equal(answer.statusCode, 500)
  t.equal(JSON.parse(answer.body).error, 'INTERNAL')
})

t.test('/remove_user answers 200: the bridge keeps no per-user data', async (t) => {
  const rig = await buildInstallRig(t)
  const answer = await rig.call('/remove_user', { signed_payload_jwt: await signedPayload() })
  t.equal(answer.statusCode, 200)
  t.match(JSON.parse(answer.body), { removed: true, note: /no per-user data/ })
})

t.test('the callbacks\' pages are not cached and send no referrer', async (t) => {
  const rig = await buildInstallRig(t)
  const answer = await rig.call('/load', { signed_payload_jwt: 'x' })
  t.equal(answer.headers['cache-control'], 'no-store')
  t.equal(answer.headers['referrer-policy'], 'no-referrer')
})

t.test('when BigCommerce refuses the app\'s own client secret, the page says the app is misconfigured (not "start again"), and the log says which setting', async (t) => {
  const chunks: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { chunks.push(chunk.toString('utf8')); done() } })
  const rig = await buildInstallRig(t, { logger: { level: 'info', stream } })
  // The developer rotated the secret in the Developer Portal; the bridge still has the old one.
  const app = rig.emulator.sandbox.apps[0]
  if (app !== undefined) app.clientSecret = 'rotated-in-the-developer-portal'
  const answer = await rig.install()
  t.equal(answer.statusCode, 502)
  t.match(answer.body, /contact the app&#39;s developer/)
  t.notMatch(answer.body, /Start the install again/, 'installing again cannot help')
  t.equal(await rig.stores.get(STORE_HASH), undefined)
  const logged = chunks.join('').split('\n').filter(Boolean).map(line => JSON.parse(line) as { level: number, reason?: string, msg: string })
  t.ok(logged.some(line => line.level >= 50 && line.reason === 'CLIENT_REFUSED' && /BIGCOMMERCE_CLIENT_ID|BIGCOMMERCE_CLIENT_SECRET/.test(line.msg)), 'an error for the operator names the settings to check')
})
