/**
 * Each request is logged with its URL, and the install callbacks' URLs carry the install code and the
 * signed payload. A whole install, open and uninstall, with refusals, logged at trace level into
 * memory: the paths are there, the query strings are not, nor the token BigCommerce handed over.
 */
import { Writable } from 'node:stream'
import t from 'tap'
import { DEFAULT_SCOPE } from '../../src/sandbox/routes/oauth.js'
import { ACCESS_TOKEN, buildInstallRig, CLIENT_SECRET, signedPayload, STORE_HASH } from './support.js'

t.test('the callbacks\' request logs hold paths without queries, and no code, JWT, token or email', async (t) => {
  const chunks: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { chunks.push(chunk.toString('utf8')); done() } })
  // No redaction configured: nothing sensitive may even reach the logger.
  const rig = await buildInstallRig(t, { logger: { level: 'trace', stream, redact: { paths: [] } } })

  const installed = await rig.install()
  t.equal(installed.statusCode, 200)
  const refusedCode = await rig.call('/auth', { code: installed.code, scope: DEFAULT_SCOPE, context: `stores/${STORE_HASH}` })
  t.equal(refusedCode.statusCode, 400)
  const payload = await signedPayload()
  t.equal((await rig.call('/load', { signed_payload_jwt: payload })).statusCode, 200)
  const forged = await signedPayload({ secret: 'another-apps-secret' })
  t.equal((await rig.call('/load', { signed_payload_jwt: forged })).statusCode, 401)
  t.equal((await rig.call('/remove_user', { signed_payload_jwt: payload })).statusCode, 200)
  t.equal((await rig.call('/uninstall', { signed_payload_jwt: payload })).statusCode, 200)

  const text = chunks.join('')
  const lines = text.split('\n').filter(Boolean).map(line => JSON.parse(line) as { msg?: string, url?: string })
  const urls = lines.filter(line => line.msg === 'request completed').map(line => line.url)
  t.same(urls, ['/auth', '/auth', '/load', '/load', '/remove_user', '/uninstall'], 'each request is logged by its path')
  t.ok(lines.some(line => line.msg === 'app installed'), 'the install is logged')
  for (const [what, secret] of Object.entries({ 'install code': installed.code, 'access token': ACCESS_TOKEN, 'client secret': CLIENT_SECRET, 'owner email': 'owner@store.example', 'installing user\'s email': 'owner@sandbox.fast-bigcommerce.test' })) {
    t.notOk(text.includes(secret), `no ${what} in the log`)
  }
  for (const token of [payload, forged]) {
    for (const segment of token.split('.')) t.notOk(text.includes(segment), 'no part of a signed payload in the log')
  }
  t.notMatch(text, /signed_payload_jwt|code=/, 'no query string in the log')
})
