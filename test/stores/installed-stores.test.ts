/**
 * Installed stores as Fast's authentication and the install routes see them: which store an App ID
 * reaches, in which state, with which token, and how soon a change is seen.
 */
import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { createKeyring, type Keyring } from '../../src/secrets/keyring.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import type { InstalledStoreStore, Storage } from '../../src/storage/storage.js'
import { CACHE_TTL_MS, createInstalledStores, type InstalledStoresOptions } from '../../src/stores/installed-stores.js'
import { staticStoreDirectory } from '../../src/stores/store-directory.js'

const KEY_OLD = randomBytes(32).toString('base64')
const KEY_NEW = randomBytes(32).toString('base64')
const TOKEN_A = 'canary-token-store-a'
const TOKEN_B = 'canary-token-store-b'
const DEFAULT_STATUSES = { BOOKED: 12, PENDING_FULFILLMENT: 11, CANCELED: 5 }

function setup (t: Test, options: Partial<InstalledStoresOptions> & { keyring?: Keyring } = {}) {
  const storage: Storage = openSqliteStorage(':memory:')
  t.teardown(storage.close)
  let clock = 1_000
  const keyring = options.keyring ?? createKeyring(`k1:${KEY_OLD}`)
  const make = (overrides: Partial<InstalledStoresOptions> = {}) =>
    createInstalledStores({ storage, keyring, now: () => clock, ...options, ...overrides })
  return { storage, keyring, stores: make(), make, advance: (ms: number) => { clock += ms } }
}

t.test('a store installed and given a Fast App ID is served by that App ID with its own token', async t => {
  const { stores } = setup(t)
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: ['store_v2_orders'] })
  t.equal(await stores.findByFastAppId('app-a'), undefined, 'no App ID entered yet')
  t.equal(await stores.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: { BOOKED: 7 } }), 'saved')
  t.same(await stores.findByFastAppId('app-a'), {
    hash: 'store-a', accessToken: TOKEN_A, fastAppId: 'app-a', orderStatusIds: { ...DEFAULT_STATUSES, BOOKED: 7 }, source: 'installed'
  })
  t.equal(await stores.findByFastAppId('app-b'), undefined, 'another App ID reaches nothing')
})

t.test('the token is sealed in the database, bound to its store', async t => {
  const { stores, storage } = setup(t)
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  const record = await storage.getInstalledStore('store-a')
  t.match(record, { keyId: 'k1', sealedAccessToken: /^k1\./ })
  t.notMatch(record?.sealedAccessToken, TOKEN_A)
})

t.test('a token copied into another store\'s row does not open there: that store must re-authorise', async t => {
  const { stores, storage } = setup(t)
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  await stores.install({ storeHash: 'store-b', accessToken: TOKEN_B, scopes: [] })
  await stores.saveSettings('store-b', { fastAppId: 'app-b', orderStatusIds: null })
  const a = await storage.getInstalledStore('store-a')
  const b = await storage.getInstalledStore('store-b')
  await storage.resealAccessToken('store-b', String(b?.sealedAccessToken), String(a?.sealedAccessToken), 'k1')
  t.match(await stores.findByFastAppId('app-b'), { hash: 'store-b', accessToken: '', tokenRefused: true })
})

t.test('the environment\'s store is served first and needs no install', async t => {
  const environmentStores = staticStoreDirectory([{ hash: 'env-store', accessToken: 'env-token', fastAppId: 'app-env' }])
  const { stores } = setup(t, { environmentStores })
  t.match(await stores.findByFastAppId('app-env'), { hash: 'env-store', accessToken: 'env-token', source: 'environment' })
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  t.equal(await stores.saveSettings('store-a', { fastAppId: 'app-env', orderStatusIds: null }), 'app_id_taken', 'its App ID is taken')
  t.equal((await stores.findByFastAppId('app-env'))?.hash, 'env-store')
})

t.test('a Fast App ID another installed store holds is refused', async t => {
  const { stores } = setup(t)
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  await stores.install({ storeHash: 'store-b', accessToken: TOKEN_B, scopes: [] })
  t.equal(await stores.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: null }), 'saved')
  t.equal(await stores.saveSettings('store-b', { fastAppId: 'app-a', orderStatusIds: null }), 'app_id_taken')
  t.equal((await stores.findByFastAppId('app-a'))?.hash, 'store-a')
  t.equal(await stores.saveSettings('store-c', { fastAppId: 'app-c', orderStatusIds: null }), 'not_installed')
})

t.test('a store whose token BigCommerce refused comes back marked so, without its token, until re-authorised', async t => {
  const { stores } = setup(t)
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  await stores.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: null })
  t.equal((await stores.findByFastAppId('app-a'))?.accessToken, TOKEN_A, 'cached before the refusal')
  await stores.markTokenRefused('store-a', TOKEN_A)
  t.same(await stores.findByFastAppId('app-a'), {
    hash: 'store-a', accessToken: '', fastAppId: 'app-a', orderStatusIds: DEFAULT_STATUSES, source: 'installed', tokenRefused: true
  })
  t.equal(await stores.account('store-a'), undefined, 'no credentials for the connection check either')
  t.equal((await stores.get('store-a'))?.state, 'token_refused')
  await stores.install({ storeHash: 'store-a', accessToken: 'new-token', scopes: [] })
  t.match(await stores.findByFastAppId('app-a'), { accessToken: 'new-token', tokenRefused: undefined }, 'served again after a new /auth')
})

t.test('a refusal of the token a re-authorisation replaced leaves the store served with the new token', async t => {
  const { stores } = setup(t)
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  await stores.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: null })
  t.equal((await stores.findByFastAppId('app-a'))?.accessToken, TOKEN_A)
  await stores.install({ storeHash: 'store-a', accessToken: 'new-token', scopes: [] })
  await stores.markTokenRefused('store-a', TOKEN_A)
  t.equal((await stores.get('store-a'))?.state, 'active')
  t.match(await stores.findByFastAppId('app-a'), { accessToken: 'new-token', tokenRefused: undefined })
})

t.test('marking the environment\'s store refused changes nothing', async t => {
  const environmentStores = staticStoreDirectory([{ hash: 'env-store', accessToken: 'env-token', fastAppId: 'app-env' }])
  const { stores, storage } = setup(t, { environmentStores })
  await stores.markTokenRefused('env-store', 'env-token')
  t.match(await stores.findByFastAppId('app-env'), { accessToken: 'env-token', tokenRefused: undefined })
  t.equal(await storage.getInstalledStore('env-store'), undefined)
})

t.test('an uninstalled store is served no more and its token is gone from the database', async t => {
  const { stores, storage } = setup(t)
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: ['store_v2_orders'] })
  await stores.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: null })
  t.ok(await stores.findByFastAppId('app-a'))
  await stores.uninstall('store-a')
  t.equal(await stores.findByFastAppId('app-a'), undefined)
  t.equal(await stores.account('store-a'), undefined)
  t.match(await storage.getInstalledStore('store-a'), { state: 'uninstalled', sealedAccessToken: null, keyId: null, fastAppId: null })
  t.match(await stores.get('store-a'), { state: 'uninstalled', scopes: [], fastAppId: null })
})

t.test('a token sealed under an old key is re-sealed under the current key when first read', async t => {
  const { stores: before, storage } = setup(t, { keyring: createKeyring(`old:${KEY_OLD}`) })
  await before.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  await before.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: null })
  const rotated = createKeyring(`new:${KEY_NEW},old:${KEY_OLD}`)
  const after = createInstalledStores({ storage, keyring: rotated })
  t.equal((await after.findByFastAppId('app-a'))?.accessToken, TOKEN_A)
  const record = await storage.getInstalledStore('store-a')
  t.equal(record?.keyId, 'new')
  t.equal(rotated.keyIdOf(String(record?.sealedAccessToken)), 'new')
  const newOnly = createInstalledStores({ storage, keyring: createKeyring(`new:${KEY_NEW}`) })
  t.equal((await newOnly.findByFastAppId('app-a'))?.accessToken, TOKEN_A, 'the old key can now be dropped')
})

t.test('a token whose key was removed asks for a re-authorisation instead of failing', async t => {
  const { stores: before, storage } = setup(t, { keyring: createKeyring(`old:${KEY_OLD}`) })
  await before.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  await before.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: null })
  const after = createInstalledStores({ storage, keyring: createKeyring(`new:${KEY_NEW}`) })
  t.match(await after.findByFastAppId('app-a'), { hash: 'store-a', accessToken: '', tokenRefused: true })
  t.equal(await after.account('store-a'), undefined)
  await after.install({ storeHash: 'store-a', accessToken: 'new-token', scopes: [] })
  t.equal((await after.findByFastAppId('app-a'))?.accessToken, 'new-token', 'a new /auth mends it')
})

t.test('another instance\'s uninstall is seen once the cache entry expires', async t => {
  const { stores: here, make, advance } = setup(t)
  const elsewhere = make()
  await here.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  await here.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: null })
  t.ok(await here.findByFastAppId('app-a'))
  await elsewhere.uninstall('store-a')
  advance(CACHE_TTL_MS - 1)
  t.ok(await here.findByFastAppId('app-a'), 'still cached just before the TTL')
  advance(2)
  t.equal(await here.findByFastAppId('app-a'), undefined, 'gone once it expired')
})

t.test('a lookup that races an uninstall does not bring the store back into the cache', async t => {
  const { storage, keyring } = setup(t)
  let release: () => void = () => {}
  let reached: () => void = () => {}
  let gate: Promise<void> | undefined
  const atGate = new Promise<void>(resolve => { reached = resolve })
  const gated: InstalledStoreStore = Object.create(storage) as InstalledStoreStore
  gated.findStoreByFastAppId = async (appId) => {
    const record = await storage.findStoreByFastAppId(appId)
    if (gate !== undefined) reached()
    await gate
    return record
  }
  const stores = createInstalledStores({ storage: gated, keyring })
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: [] })
  await stores.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: null })
  gate = new Promise(resolve => { release = resolve })
  const racing = stores.findByFastAppId('app-a') // reads the row, then waits at the gate
  await atGate
  await stores.uninstall('store-a')
  release()
  t.ok(await racing, 'the racing lookup answers what it read')
  gate = undefined
  t.equal(await stores.findByFastAppId('app-a'), undefined, 'the next one reads the database')
})

t.test('the settings page sees the store\'s state, scopes, App ID and statuses over the defaults', async t => {
  const { stores } = setup(t)
  t.equal(await stores.get('store-a'), undefined)
  await stores.install({ storeHash: 'store-a', accessToken: TOKEN_A, scopes: ['store_v2_orders', 'store_cart'] })
  await stores.saveSettings('store-a', { fastAppId: 'app-a', orderStatusIds: { CANCELED: 6 } })
  t.match(await stores.get('store-a'), {
    storeHash: 'store-a', state: 'active', scopes: ['store_v2_orders', 'store_cart'], fastAppId: 'app-a',
    orderStatusIds: { ...DEFAULT_STATUSES, CANCELED: 6 }
  })
  t.match(await stores.account('store-a'), { hash: 'store-a', accessToken: TOKEN_A, fastAppId: 'app-a' })
})

t.test('the settings page lists the store\'s recent Fast orders', async t => {
  const { stores, storage } = setup(t)
  await storage.saveOrder({ storeHash: 'store-a', fastOrderId: 'f1', cartId: 'c1', bcOrderId: 101, billingAddressId: null, currencyCode: 'USD', consignmentIds: [], cartVersion: 1 })
  await storage.saveOrder({ storeHash: 'store-b', fastOrderId: 'f2', cartId: 'c2', bcOrderId: null, billingAddressId: null, currencyCode: 'USD', consignmentIds: [], cartVersion: 1 })
  t.match(await stores.recentOrders('store-a', 10), [{ fastOrderId: 'f1', cartId: 'c1', bcOrderId: 101 }])
  t.equal((await stores.recentOrders('store-a', 10)).length, 1)
})
