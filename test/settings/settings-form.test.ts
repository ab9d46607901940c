/**
 * Saving the settings: what the merchant entered is kept when it is valid, shown again with the
 * errors when it is not (and nothing is saved), and an App ID another store holds is refused.
 */
import t from 'tap'
import { buildHarness, formOf, installedStore, OTHER_STORE, selectedIn, sessionTokenOf, STORE, statusIds, visibleText } from './harness.js'

const APP_ID = '31d7ff3a-0128-440e-a5a2-c1e10d4c2d83'

t.test('saving the App ID and a mapping keeps them, and the page announces "Saved." in its live region', async t => {
  const harness = await buildHarness(t)
  const page = await harness.open()
  const saved = await harness.submit(formOf(page.body, { fast_app_id: APP_ID, ...statusIds({ BOOKED: 7, PENDING_FULFILLMENT: 11, CANCELED: 6 }) }))
  t.equal(saved.statusCode, 200)
  t.match(saved.body, /<div role="status" aria-live="polite"><p class="notice saved">Saved\.<\/p><\/div>/)
  t.match(harness.stores.records.get(STORE), { fastAppId: APP_ID, orderStatusIds: { BOOKED: 7, PENDING_FULFILLMENT: 11, CANCELED: 6 } })
  t.match(saved.body, `value="${APP_ID}"`, 'the page shows what is saved')
  t.equal(selectedIn(saved.body, 'status_BOOKED'), '7')
})

t.test('an App ID pasted with spaces around it is saved without them', async t => {
  const harness = await buildHarness(t)
  const page = await harness.open()
  await harness.submit(formOf(page.body, { fast_app_id: `  ${APP_ID}\n` }))
  t.equal(harness.stores.records.get(STORE)?.fastAppId, APP_ID)
})

t.test('the page after a save can be saved again (it carries a fresh session)', async t => {
  const harness = await buildHarness(t)
  const first = await harness.submit(formOf((await harness.open()).body, { fast_app_id: APP_ID }))
  const second = await harness.submit(formOf(first.body, { fast_app_id: 'second-app-id' }))
  t.equal(second.statusCode, 200)
  t.equal(harness.stores.records.get(STORE)?.fastAppId, 'second-app-id')
})

for (const [why, appId] of [
  ['empty', ''],
  ['with a space inside', 'my app'],
  ['with markup', '<b>app</b>'],
  ['longer than 128 characters', 'a'.repeat(129)]
] as const) {
  t.test(`an App ID ${why} answers 400 with the page, the error next to the field, and saves nothing`, async t => {
    const harness = await buildHarness(t)
    const page = await harness.open()
    const answer = await harness.submit(formOf(page.body, { fast_app_id: appId, ...statusIds({ BOOKED: 7 }) }))
    t.equal(answer.statusCode, 400)
    t.match(answer.body, '<input id="fast-app-id" name="fast_app_id"')
    t.match(answer.body, 'aria-invalid="true"')
    t.match(answer.body, /aria-describedby="fast-app-id-hint fast-app-id-error"/)
    t.match(visibleText(answer.body), 'Nothing was saved: correct the fields marked below.')
    t.match(answer.body, /<p class="field-error" id="fast-app-id-error">/)
    t.equal(selectedIn(answer.body, 'status_BOOKED'), '7', 'what was chosen is shown again')
    t.match(harness.stores.records.get(STORE), { fastAppId: null, orderStatusIds: { BOOKED: 12 } }, 'nothing saved')
  })
}

t.test('an entered value is shown again as text, escaped', async t => {
  const harness = await buildHarness(t)
  const answer = await harness.submit(formOf((await harness.open()).body, { fast_app_id: '"><script>alert(1)</script>' }))
  t.equal(answer.statusCode, 400)
  t.notMatch(answer.body, '<script>')
  t.match(answer.body, 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
})

for (const [why, value] of [['15', '15'], ['-1', '-1'], ['not a number', 'shipped'], ['missing', '']] as const) {
  t.test(`a status id ${why} answers 400 naming the Fast status, and saves nothing`, async t => {
    const harness = await buildHarness(t)
    const answer = await harness.submit(formOf((await harness.open()).body, { fast_app_id: APP_ID, status_CANCELED: value }))
    t.equal(answer.statusCode, 400)
    t.match(visibleText(answer.body), "Choose one of BigCommerce's order statuses (0 to 14) for CANCELED.")
    t.match(answer.body, /<select id="status-canceled" name="status_CANCELED" aria-describedby="status-canceled-error" aria-invalid="true">/)
    t.equal(harness.stores.records.get(STORE)?.fastAppId, null)
  })
}

t.test('an App ID another store holds is refused as taken (409), and nothing is saved', async t => {
  const harness = await buildHarness(t, [installedStore(STORE), installedStore(OTHER_STORE, { fastAppId: APP_ID })])
  const answer = await harness.submit(formOf((await harness.open()).body, { fast_app_id: APP_ID, ...statusIds({ BOOKED: 7 }) }))
  t.equal(answer.statusCode, 409)
  t.match(visibleText(answer.body), 'Nothing was saved: this Fast App ID belongs to another store.')
  t.match(visibleText(answer.body), 'Another store uses this Fast App ID already.')
  t.match(answer.body, `value="${APP_ID}"`, 'the entered App ID is shown again to correct it')
  t.equal(selectedIn(answer.body, 'status_BOOKED'), '7')
  t.match(harness.stores.records.get(STORE), { fastAppId: null, orderStatusIds: { BOOKED: 12 } })
  t.equal(harness.stores.records.get(OTHER_STORE)?.fastAppId, APP_ID)
})

t.test('a form body that is not a form is refused (415) without reading it', async t => {
  const harness = await buildHarness(t)
  const answer = await harness.app.inject({ method: 'POST', url: '/settings', headers: { 'content-type': 'application/json', origin: 'https://fast-bridge.example' }, payload: '{"fast_app_id":"x"}' })
  t.equal(answer.statusCode, 415)
})

t.test('a form body larger than the form can be is refused (413)', async t => {
  const harness = await buildHarness(t)
  const answer = await harness.submit(formOf((await harness.open()).body, { fast_app_id: 'a'.repeat(10_000) }))
  t.equal(answer.statusCode, 413)
  t.equal(harness.stores.records.get(STORE)?.fastAppId, null)
})

t.test('an app served under a path (APP_URL https://host/bridge) posts its form under that path and gives Fast the URL of the Fast routes at the root', async t => {
  const harness = await buildHarness(t, undefined, { appUrl: 'https://fast-bridge.example/bridge/' })
  const page = await harness.open()
  t.match(page.body, '<form method="post" action="/bridge/settings">')
  t.match(page.body, '<code>https://fast-bridge.example/fast/v1</code>')
  t.equal((await harness.submit(formOf(page.body, { fast_app_id: APP_ID }))).statusCode, 200)
  t.equal(harness.stores.records.get(STORE)?.fastAppId, APP_ID)
})

t.test('when the database fails to save, a page says to try again (500), and the log names no session token', async t => {
  const harness = await buildHarness(t)
  harness.stores.saveSettings = async () => { throw new Error('database unavailable') }
  const page = await harness.open()
  const answer = await harness.submit(formOf(page.body, { fast_app_id: APP_ID }))
  t.equal(answer.statusCode, 500)
  t.match(visibleText(answer.body), 'The settings could not be saved just now; nothing you did caused it.')
  t.match(harness.logs(), 'settings form failed')
  t.notMatch(harness.logs(), sessionTokenOf(page.body))
})
