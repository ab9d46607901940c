/**
 * Who may save: only the holder of the session token /load put in the page, for the store it
 * names, from the page itself. A forged, expired or borrowed token, or a form another site's page
 * sends, changes nothing; the token shows up in no log line and no URL.
 */
import { SignJWT } from 'jose'
import t, { type Test } from 'tap'
import { createSessionTokens, SESSION_TTL_SECONDS } from '../../src/app-install/settings/session-token.js'
import { APP_URL, buildHarness, CLIENT_SECRET, formOf, OTHER_STORE, sessionTokenOf, STORE, visibleText } from './harness.js'

const APP_ID = '088fdade-8809-471c-89c2-f429fa844af2'

async function assertRefused (t: Test, answer: { statusCode: number, body: string }, statusCode: number, text: string): Promise<void> {
  t.equal(answer.statusCode, statusCode)
  t.match(visibleText(answer.body), text)
  t.notMatch(answer.body, '<form', 'no form to fill in')
}

t.test('a form without a session token is refused (401) and saves nothing', async t => {
  const harness = await buildHarness(t)
  const { session: _session, ...fields } = formOf((await harness.open()).body, { fast_app_id: APP_ID })
  await assertRefused(t, await harness.submit(fields), 401, 'Your session has ended. Open Fast Checkout again from the Apps menu')
  t.equal(harness.stores.records.get(STORE)?.fastAppId, null)
})

t.test('a session token signed with another secret is refused', async t => {
  const harness = await buildHarness(t)
  const forged = await createSessionTokens({ clientSecret: 'another-apps-secret', appUrl: APP_URL }).issue({ storeHash: STORE, userId: 7 })
  await assertRefused(t, await harness.submit(formOf((await harness.open()).body, { session: forged, fast_app_id: APP_ID })), 401, 'Your session has ended.')
  t.equal(harness.stores.records.get(STORE)?.fastAppId, null)
})

t.test("BigCommerce's signed_payload_jwt itself (signed with the client secret) is not a session", async t => {
  const harness = await buildHarness(t)
  const now = Math.floor(Date.UTC(2026, 11, 1, 8) / 1000)
  const signedPayload = await new SignJWT({ user: { id: 7, email: 'merchant@example.com' }, uid: 7 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(`stores/${STORE}`).setIssuer('bc').setAudience('fast-bigcommerce:settings')
    .setIssuedAt(now).setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode(CLIENT_SECRET))
  await assertRefused(t, await harness.submit(formOf((await harness.open()).body, { session: signedPayload, fast_app_id: APP_ID })), 401, 'Your session has ended.')
})

t.test('an unsigned token (alg none) is refused', async t => {
  const harness = await buildHarness(t)
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  const unsigned = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: `stores/${STORE}`, uid: 7, iss: APP_URL, aud: 'fast-bigcommerce:settings', exp: 4_000_000_000 })}.`
  await assertRefused(t, await harness.submit(formOf((await harness.open()).body, { session: unsigned, fast_app_id: APP_ID })), 401, 'Your session has ended.')
})

t.test('a session token edited to name another store is refused', async t => {
  const harness = await buildHarness(t)
  const page = await harness.open()
  const [header, payload, signature] = sessionTokenOf(page.body).split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
  const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: `stores/${OTHER_STORE}` })).toString('base64url')}.${signature}`
  await assertRefused(t, await harness.submit(formOf(page.body, { session: edited, fast_app_id: APP_ID })), 401, 'Your session has ended.')
  t.equal(harness.stores.records.get(OTHER_STORE)?.fastAppId, 'app-of-other-store')
})

t.test('the session lasts an hour: a page saved 59 minutes after it opened is saved', async t => {
  const harness = await buildHarness(t)
  const page = await harness.open()
  harness.advance(59 * 60_000)
  t.equal((await harness.submit(formOf(page.body, { fast_app_id: APP_ID }))).statusCode, 200)
  t.equal(harness.stores.records.get(STORE)?.fastAppId, APP_ID)
})

t.test('a page saved after its hour is refused, saying to open the app again', async t => {
  const harness = await buildHarness(t)
  const page = await harness.open()
  harness.advance((SESSION_TTL_SECONDS + 10) * 1000)
  await assertRefused(t, await harness.submit(formOf(page.body, { fast_app_id: APP_ID })), 401, 'Your session has ended. Open Fast Checkout again from the Apps menu of your BigCommerce control panel.')
  t.equal(harness.stores.records.get(STORE)?.fastAppId, null)
})

t.test('the store comes from the session: a form naming another store changes only the session\'s store', async t => {
  const harness = await buildHarness(t)
  const answer = await harness.submit({ ...formOf((await harness.open(STORE)).body, { fast_app_id: APP_ID }), store_hash: OTHER_STORE, context: `stores/${OTHER_STORE}` })
  t.equal(answer.statusCode, 200)
  t.equal(harness.stores.records.get(STORE)?.fastAppId, APP_ID)
  t.equal(harness.stores.records.get(OTHER_STORE)?.fastAppId, 'app-of-other-store')
})

t.test('a session of a store uninstalled since gets the not-installed page, and nothing is saved', async t => {
  const harness = await buildHarness(t)
  const page = await harness.open()
  harness.stores.records.set(STORE, { ...harness.stores.records.get(STORE)!, state: 'uninstalled' })
  await assertRefused(t, await harness.submit(formOf(page.body, { fast_app_id: APP_ID })), 404, 'Fast Checkout is not installed on this store.')
  t.equal(harness.stores.records.get(STORE)?.fastAppId, null)
})

for (const [why, headers] of [
  ["another site's Origin", { origin: 'https://evil.example' }],
  ['an opaque Origin (null)', { origin: 'null' }],
  ['our origin on another port', { origin: 'https://fast-bridge.example:8443' }],
  ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
  ['Sec-Fetch-Site same-site (a sibling subdomain)', { origin: APP_URL, 'sec-fetch-site': 'same-site' }]
] as const) {
  t.test(`a form sent with ${why} is refused (403) even with a valid session, and saves nothing`, async t => {
    const harness = await buildHarness(t)
    const answer = await harness.submit(formOf((await harness.open()).body, { fast_app_id: APP_ID }), headers)
    await assertRefused(t, answer, 403, 'This form can only be sent from the Fast Checkout settings page.')
    t.equal(harness.stores.records.get(STORE)?.fastAppId, null)
  })
}

t.test('a client that sends neither Origin nor Sec-Fetch-Site still saves with a valid session', async t => {
  const harness = await buildHarness(t)
  t.equal((await harness.submit(formOf((await harness.open()).body, { fast_app_id: APP_ID }), {})).statusCode, 200)
  t.equal(harness.stores.records.get(STORE)?.fastAppId, APP_ID)
})

t.test('the session token is in no log line, no URL, and only in the hidden field', async t => {
  const harness = await buildHarness(t)
  const page = await harness.open()
  const token = sessionTokenOf(page.body)
  const refusedFirst = await harness.submit(formOf(page.body, { fast_app_id: 'bad id' }))
  const refusedSite = await harness.submit(formOf(page.body, { fast_app_id: APP_ID }), { origin: 'https://evil.example' })
  harness.advance((SESSION_TTL_SECONDS + 10) * 1000)
  const expired = await harness.submit(formOf(page.body, { fast_app_id: APP_ID }))
  t.same([refusedFirst.statusCode, refusedSite.statusCode, expired.statusCode], [400, 403, 401])
  const logs = harness.logs()
  t.match(logs, '"url":"/settings"', 'the requests were logged')
  t.notMatch(logs, token, 'the token is not in the logs')
  t.notMatch(logs, token.split('.')[2] as string, 'nor its signature')
  t.equal(page.body.split(token).length, 2, 'the token appears once in the page')
  t.match(page.body, `<input type="hidden" name="session" value="${token}">`)
  t.match(page.body, '<form method="post" action="/settings">', 'the form posts to a URL without a query')
})

t.test('each page carries its own fresh session token, valid for the same store and user', async t => {
  const harness = await buildHarness(t)
  const first = sessionTokenOf((await harness.open()).body)
  harness.advance(1000)
  const second = sessionTokenOf((await harness.open()).body)
  t.not(first, second)
  const tokens = createSessionTokens({ clientSecret: CLIENT_SECRET, appUrl: APP_URL, now: () => Date.UTC(2026, 11, 1, 8, 0, 1) })
  t.same(await tokens.verify(second), { storeHash: STORE, userId: 7 })
})

