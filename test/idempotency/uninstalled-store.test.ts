/**
 * An uninstall forgets the store's remembered answers, in the database and in this instance's
 * memory alike: after a re-install the same request_id runs afresh instead of replaying an answer
 * from the previous install.
 */
import t from 'tap'
import { buildTestApp, FAST_APP_ID, STORE_HASH } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'

const NO_ENVIRONMENT_STORE = { BIGCOMMERCE_STORE_HASH: '', BIGCOMMERCE_ACCESS_TOKEN: '', FAST_APP_ID: '' }
const UPDATE = { request_id: { value: 'req-1' }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: 'unknown-order' }, bill_to: { country_code: 'US' } } }

t.test('after an uninstall and a re-install, a request_id of the previous install runs afresh', async t => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { env: NO_ENVIRONMENT_STORE, idempotency: { reapIntervalMs: 0 } })
  const { stores } = bridge.app
  const install = async () => {
    await stores.install({ storeHash: STORE_HASH, accessToken: 'token', scopes: [] })
    await stores.saveSettings(STORE_HASH, { fastAppId: FAST_APP_ID, orderStatusIds: null })
  }
  await install()
  t.equal((await bridge.fast('update', UPDATE)).statusCode, 404)
  t.equal((await bridge.fast('update', UPDATE)).headers['idempotent-replayed'], 'true', 'replayed while installed')

  await stores.uninstall(STORE_HASH)
  t.equal((await bridge.fast('update', UPDATE)).statusCode, 401, 'an uninstalled store is not served')
  await install()
  const afresh = await bridge.fast('update', UPDATE)
  t.equal(afresh.statusCode, 404)
  t.equal(afresh.headers['idempotent-replayed'], undefined, 'not a replay of the previous install\'s answer')
})
