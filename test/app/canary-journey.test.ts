/**
 * Secrets stay secret over a store's whole life: install, settings, a Fast checkout with the
 * shopper's contact details, the error paths (a refused Fast token, a forged control-panel token,
 * BigCommerce failing and then refusing the store's token), re-authorisation and uninstall. Every
 * log line, at trace level, and every byte of the database files is searched for canaries: the
 * store's access token, the app's client secret, the install code, the signed payloads, and the
 * shopper's email, phone and street.
 */
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import t from 'tap'
import { databaseBytes } from '../helpers/database-files.js'
import { createBody } from '../helpers/fast-requests.js'
import { ACCESS_TOKEN, buildInstallRig, CLIENT_SECRET, signedPayload, STORE_HASH } from '../app-install/support.js'
import { MAX_ATTEMPTS } from '../../src/bigcommerce/retry-policy.js'

const FAST_APP_ID = 'canary-fast-app'
const SHOPPER = {
  email: 'canary.shopper+7f3a@example.com',
  phone: '+14155550199',
  street: '1 Canary Wharf Road'
}

function memoryLog (): { stream: Writable, text: () => string } {
  const chunks: string[] = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    }
  })
  return { stream, text: () => chunks.join('') }
}

function billTo (orderId: string): Record<string, unknown> {
  return {
    request_id: { value: randomUUID() },
    type: 'ENTITY_TYPE_ORDER',
    order: {
      order_id: { value: orderId },
      is_cart: true,
      bill_to: {
        first_name: 'Canary',
        last_name: 'Shopper',
        email: SHOPPER.email,
        phone: SHOPPER.phone,
        address_1: SHOPPER.street,
        city_locality: 'San Francisco',
        state_province_code: 'CA',
        country: 'US',
        country_code: 'US',
        postal_code: '94103'
      }
    }
  }
}

t.test('no token, secret, signed payload or shopper detail reaches the logs or the database in plain text', async (t) => {
  const log = memoryLog()
  const rig = await buildInstallRig(t, { logger: { level: 'trace', stream: log.stream } })
  const store = rig.emulator.sandbox.stores.get(STORE_HASH)
  if (store === undefined) throw new Error('the sandbox store is missing')

  // Install and open the app; the merchant enters the Fast App ID.
  const installed = await rig.install()
  t.equal(installed.statusCode, 200, 'install opens the settings page')
  const loadPayload = await signedPayload()
  t.equal((await rig.call('/load', { signed_payload_jwt: loadPayload })).statusCode, 200, 'open shows the settings page')
  t.equal(await rig.stores.saveSettings(STORE_HASH, { fastAppId: FAST_APP_ID, orderStatusIds: null }), 'saved')
  const forged = await signedPayload({ secret: 'another-apps-secret' })
  t.equal((await rig.call('/load', { signed_payload_jwt: forged })).statusCode, 401, 'a forged signed payload is refused')

  // A checkout with the shopper's contact details.
  const orderId = randomUUID()
  const created = await rig.fast(FAST_APP_ID, 'create', { ...createBody([{ id: randomUUID(), product: '112', quantity: 1 }], orderId) as Record<string, unknown>, request_id: { value: randomUUID() } })
  t.equal(created.statusCode, 200, 'create is served')
  const withBillTo = billTo(orderId)
  t.equal((await rig.fast(FAST_APP_ID, 'update', withBillTo)).statusCode, 200, 'the billing address is saved')
  t.equal((await rig.fast(FAST_APP_ID, 'update', withBillTo)).statusCode, 200, 'and its retry replayed from the stored answer')

  // Error paths: an unknown Fast App ID, BigCommerce failing, then refusing the store's token.
  t.equal((await rig.fast('someone-else', 'update', billTo(orderId))).statusCode, 401, 'a token for another App ID is refused')
  // Every attempt fails (a PUT is repeated), so Fast gets the failure.
  await rig.emulator.inject({ method: 'POST', url: '/__sandbox/faults', payload: { faults: [{ type: 'server_error', status: 500, times: MAX_ATTEMPTS, match: 'PUT /v3/checkouts/{id}/billing-address/{addressId}' }] } })
  const failed = await rig.fast(FAST_APP_ID, 'update', billTo(orderId))
  t.ok(failed.statusCode >= 500, 'a BigCommerce failure is answered as one')
  store.config.accessToken = 'rotated-by-the-merchant'
  const refused = await rig.fast(FAST_APP_ID, 'update', billTo(orderId))
  t.match(refused, { statusCode: 503, body: { details: [{ reason: 'STORE_TOKEN_REFUSED' }] } }, 'a refused store token is answered clearly')
  store.config.accessToken = ACCESS_TOKEN
  t.equal((await rig.install()).statusCode, 200, 'the merchant re-authorises the app')
  t.equal((await rig.fast(FAST_APP_ID, 'read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: orderId } } })).statusCode, 200, 'and the store is served again')

  const whileInstalled = databaseBytes(rig.dataDir)
  const uninstallPayload = await signedPayload()
  t.equal((await rig.call('/uninstall', { signed_payload_jwt: uninstallPayload })).statusCode, 200, 'uninstall answers 200')

  const canaries: Record<string, string> = {
    'the store access token': ACCESS_TOKEN,
    'the client secret': CLIENT_SECRET,
    'the install code': installed.code,
    'the signed payload of /load': loadPayload,
    'the forged signed payload': forged,
    'the signed payload of /uninstall': uninstallPayload,
    "the shopper's email": SHOPPER.email,
    "the shopper's phone": SHOPPER.phone,
    "the shopper's street": SHOPPER.street
  }
  const logged = log.text()
  t.ok(logged.split('\n').length > 20, 'the journey was logged at trace level')
  for (const [name, canary] of Object.entries(canaries)) {
    t.notOk(logged.includes(canary), `${name} is not in the logs`)
  }
  for (const [name, canary] of Object.entries(canaries)) {
    t.notOk(whileInstalled.includes(canary), `${name} is not in the database files while installed`)
    t.notOk(databaseBytes(rig.dataDir).includes(canary), `${name} is not in the database files after uninstall`)
  }
})
