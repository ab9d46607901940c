/**
 * The whole life of an installed store, end to end against the sandbox (its login host, its
 * control panel and its store API over loopback HTTP) with the real installed-store storage:
 * install, settings, Fast's calls, open, uninstall, re-install.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { databaseBytes } from '../helpers/database-files.js'
import { buildTestApp } from '../helpers/build-app.js'
import { createBody } from '../helpers/fast-requests.js'
import { ACCESS_TOKEN, buildInstallRig, signedPayload, STORE_HASH } from './support.js'

const FAST_APP_ID = 'installed-fast-app'

function createCart () {
  return { ...createBody([{ id: randomUUID(), product: '112', quantity: 1 }], randomUUID()) as Record<string, unknown>, request_id: { value: randomUUID() } }
}

t.test('install, serve, open, uninstall and re-install a store', async (t) => {
  const rig = await buildInstallRig(t)

  const installed = await rig.install()
  t.equal(installed.statusCode, 200, 'Install opens the settings page')
  t.match(await rig.stores.get(STORE_HASH), { state: 'active', fastAppId: null })
  t.equal((await rig.fast(FAST_APP_ID, 'create', createCart())).statusCode, 401, 'no Fast App ID yet: Fast\'s calls are not served')

  t.equal(await rig.stores.saveSettings(STORE_HASH, { fastAppId: FAST_APP_ID, orderStatusIds: null }), 'saved', 'the merchant enters the Fast App ID')
  const created = await rig.fast(FAST_APP_ID, 'create', createCart())
  t.equal(created.statusCode, 200, 'Fast\'s create reaches the installed store')
  t.equal(rig.emulator.sandbox.stores.get(STORE_HASH)?.carts.size, 1, 'the cart is in the store that installed the app')
  const orderId = created.body.order.order.id.value as string
  t.ok(await rig.storage.findOrderByFastId(STORE_HASH, orderId), 'the bridge remembers the order')

  t.equal((await rig.call('/load', { signed_payload_jwt: await signedPayload() })).statusCode, 200, 'Open shows the settings page')
  const sealed = (await rig.storage.getInstalledStore(STORE_HASH))?.sealedAccessToken as string
  t.ok(databaseBytes(rig.dataDir).includes(sealed), 'the database files hold the sealed token')
  t.notOk(databaseBytes(rig.dataDir).includes(ACCESS_TOKEN), 'but not the access token in plain text')

  t.equal((await rig.call('/uninstall', { signed_payload_jwt: await signedPayload() })).statusCode, 200, 'Uninstall answers 200')
  t.match(await rig.stores.get(STORE_HASH), { state: 'uninstalled', scopes: [], fastAppId: null })
  t.equal(await rig.stores.account(STORE_HASH), undefined, 'the token is gone')
  t.equal((await rig.storage.getInstalledStore(STORE_HASH))?.sealedAccessToken, null, 'the database holds no token for it')
  t.equal(await rig.storage.findOrderByFastId(STORE_HASH, orderId), undefined, 'nor its orders')
  const afterUninstall = await rig.fast(FAST_APP_ID, 'read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: orderId } } })
  t.equal(afterUninstall.statusCode, 401, 'Fast\'s calls for its App ID answer 401')
  t.equal((await rig.call('/load', { signed_payload_jwt: await signedPayload() })).statusCode, 404, 'Open says the app is not installed')

  t.equal((await rig.install()).statusCode, 200, 'a re-install opens the settings page')
  t.match(await rig.stores.get(STORE_HASH), { state: 'active', fastAppId: null }, 'with no settings')
  t.same(await rig.stores.recentOrders(STORE_HASH, 10), [], 'and no orders')
  t.equal((await rig.fast(FAST_APP_ID, 'read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: orderId } } })).statusCode, 401, 'the old App ID is not served until it is entered again')
})

t.test('without the install settings the bridge serves no install callbacks', async (t) => {
  const bridge = await buildTestApp(t)
  for (const path of ['/auth', '/load', '/uninstall', '/remove_user']) {
    t.equal((await bridge.app.inject({ method: 'GET', url: `${path}?signed_payload_jwt=x` })).statusCode, 404, path)
  }
})
