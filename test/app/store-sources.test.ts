/**
 * Where Fast's calls find their store: the environment's (or the sandbox's) store and the stores
 * installed from the control panel are served side by side, each by its own Fast App ID; an App ID
 * of neither is refused.
 */
import t from 'tap'
import { staticStoreDirectory } from '../../src/stores/store-directory.js'
import { buildTestApp } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'

const NO_ENVIRONMENT_STORE = { BIGCOMMERCE_STORE_HASH: '', BIGCOMMERCE_ACCESS_TOKEN: '', FAST_APP_ID: '' }
/** A read of an order the bridge never saw: answered from the database alone, 404 once authenticated. */
const READ = { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: '00000000-0000-4000-8000-000000000000' } } }

t.test('the environment\'s store and an installed store are each served by their own Fast App ID', async t => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, {
    env: NO_ENVIRONMENT_STORE,
    environmentStores: staticStoreDirectory([{ hash: 'sandbox', accessToken: 'sandbox-token', fastAppId: 'app-sandbox' }])
  })
  await bridge.app.stores.install({ storeHash: 'installed', accessToken: 'installed-token', scopes: [] })
  await bridge.app.stores.saveSettings('installed', { fastAppId: 'app-installed', orderStatusIds: null })
  const read = async (appId: string) => await bridge.fast('read', READ, { authorization: bridge.jwks.bearer(appId) })
  t.equal((await read('app-sandbox')).body.details[0].reason, 'ORDER_NOT_FOUND', 'the environment\'s store')
  t.equal((await read('app-installed')).body.details[0].reason, 'ORDER_NOT_FOUND', 'the installed store')
  t.equal((await read('app-unknown')).statusCode, 401, 'an App ID of no store')
})
