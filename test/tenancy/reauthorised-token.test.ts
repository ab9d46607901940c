/**
 * A re-authorisation (a new /auth) replaces a store's token, and BigCommerce then refuses the old
 * one. A Fast call that was already under way with the old token, or another instance still holding
 * it in its cache, meets that 401 after the new token is stored: it must not mark the store, or the
 * merchant who has just re-authorised finds checkout refused until they re-authorise once more.
 */
import t from 'tap'
import { buildTestApp, FAST_APP_ID, STORE_HASH } from '../helpers/build-app.js'
import { startFakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'

const NO_ENVIRONMENT_STORE = { BIGCOMMERCE_STORE_HASH: '', BIGCOMMERCE_ACCESS_TOKEN: '', FAST_APP_ID: '' }
const READ_ZONES = { type: 'ENTITY_TYPE_SHIPPING_ZONES' }
const OLD_TOKEN = 'token-before-reauthorisation'
const NEW_TOKEN = 'token-after-reauthorisation'
const UNAUTHORIZED: FakeReply = { status: 401, body: { status: 401, title: 'Unauthorized' } }

t.test('a call with the old token refused after a re-authorisation leaves the store served with its new token', async t => {
  let oldTokenReached!: () => void
  const oldTokenAtBigCommerce = new Promise<void>(resolve => { oldTokenReached = resolve })
  let refuseOldToken!: () => void
  const oldTokenRefused = new Promise<void>(resolve => { refuseOldToken = resolve })
  const bc = await startFakeBigCommerce(t, async (request) => {
    if (request.headers['x-auth-token'] === NEW_TOKEN) return { status: 200, body: [] }
    oldTokenReached()
    await oldTokenRefused
    return UNAUTHORIZED
  })
  const bridge = await buildTestApp(t, { env: { ...NO_ENVIRONMENT_STORE, BIGCOMMERCE_API_URL: bc.url } })
  const { stores } = bridge.app
  await stores.install({ storeHash: STORE_HASH, accessToken: OLD_TOKEN, scopes: [] })
  await stores.saveSettings(STORE_HASH, { fastAppId: FAST_APP_ID, orderStatusIds: null })

  const underWay = bridge.fast('read', READ_ZONES)
  await oldTokenAtBigCommerce
  await stores.install({ storeHash: STORE_HASH, accessToken: NEW_TOKEN, scopes: [] })
  refuseOldToken()
  checkFastError(t, await underWay, 503, 'STORE_TOKEN_REFUSED')

  t.equal((await stores.get(STORE_HASH))?.state, 'active', 'the re-authorised store stays active')
  const next = await bridge.fast('read', READ_ZONES)
  t.equal(next.statusCode, 200, 'the next call is served')
  t.equal(bc.requests.at(-1)?.headers['x-auth-token'], NEW_TOKEN, 'with the new token')
})

t.test('a call refused with the token still stored marks the store, and its next call makes no BigCommerce call', async t => {
  const bc = await startFakeBigCommerce(t, () => UNAUTHORIZED)
  const bridge = await buildTestApp(t, { env: { ...NO_ENVIRONMENT_STORE, BIGCOMMERCE_API_URL: bc.url } })
  const { stores } = bridge.app
  await stores.install({ storeHash: STORE_HASH, accessToken: OLD_TOKEN, scopes: [] })
  await stores.saveSettings(STORE_HASH, { fastAppId: FAST_APP_ID, orderStatusIds: null })

  checkFastError(t, await bridge.fast('read', READ_ZONES), 503, 'STORE_TOKEN_REFUSED')
  t.equal((await stores.get(STORE_HASH))?.state, 'token_refused')
  checkFastError(t, await bridge.fast('read', READ_ZONES), 503, 'STORE_TOKEN_REFUSED')
  t.equal(bc.calls(), 1, 'only the first call reached BigCommerce')
})
