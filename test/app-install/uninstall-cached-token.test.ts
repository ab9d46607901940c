/**
 * Fast's token for a store is remembered once verified (src/fast/verified-tokens.ts); the store it names is
 * not. An uninstall stops the very same token being served on the next call.
 */
import { randomUUID } from 'node:crypto'
import t from 'tap'
import { buildInstallRig, signedPayload, STORE_HASH } from './support.js'

const FAST_APP_ID = 'installed-fast-app'

t.test('a token already accepted is refused right after the store uninstalls the app', async (t) => {
  const rig = await buildInstallRig(t)
  t.equal((await rig.install()).statusCode, 200)
  t.equal(await rig.stores.saveSettings(STORE_HASH, { fastAppId: FAST_APP_ID, orderStatusIds: null }), 'saved')
  const authorization = rig.bearer(FAST_APP_ID)
  const read = { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: randomUUID() } } }
  t.equal((await rig.fast(FAST_APP_ID, 'read', read, authorization)).statusCode, 404, 'the token is accepted (the order is unknown)')
  t.equal((await rig.fast(FAST_APP_ID, 'read', read, authorization)).statusCode, 404, 'and accepted again')

  t.equal((await rig.call('/uninstall', { signed_payload_jwt: await signedPayload() })).statusCode, 200)
  const after = await rig.fast(FAST_APP_ID, 'read', read, authorization)
  t.equal(after.statusCode, 401, 'the same token is refused')
  t.match(after.body, { code: 16, details: [{ reason: 'UNAUTHENTICATED' }] }, 'as UNAUTHENTICATED')
})
