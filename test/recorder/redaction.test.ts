/**
 * What a real store's recording must not leak: files recorded with RECORD_FIXTURES hold neither
 * the store's access token nor its hash nor the API origin it was called at, nor any of the
 * shopper's data; they name the fixtures' store and token, and stand-ins take the shopper's place.
 */
import t from 'tap'
import { FIXTURE_ACCESS_TOKEN, FIXTURE_STORE_HASH } from '../../src/bigcommerce/recorder/fixture-recording.js'
import { recordJourney, REAL_STORE, SHOPPER } from './journey.js'

// Codes BigCommerce needs to quote shipping; they say nothing about who the shopper is.
const NOT_SHOPPER_DATA = new Set(['state_province_code', 'country', 'country_code'])

t.test('recorded files hold no token, store hash, emulator address or shopper data', async t => {
  const journey = await recordJourney(t)
  const files = [...journey.fixtures()].map(([file, fixture]) => [file, JSON.stringify(fixture)] as const)
  t.ok(files.length >= 8, `the checkout was recorded (${files.length} files)`)
  const secrets = [
    REAL_STORE.accessToken,
    REAL_STORE.hash,
    '127.0.0.1',
    ...Object.entries(SHOPPER).filter(([field]) => !NOT_SHOPPER_DATA.has(field)).map(([, value]) => value)
  ]
  for (const [file, text] of files) {
    const leaked = secrets.filter(secret => text.includes(secret))
    t.same(leaked, [], `${file} leaks nothing`)
  }
})

t.test('recorded files name the fixtures\' store and token', async t => {
  const journey = await recordJourney(t)
  for (const [file, fixture] of journey.fixtures()) {
    t.match(fixture, {
      scope: 'https://api.bigcommerce.com:443',
      path: new RegExp(`^/stores/${FIXTURE_STORE_HASH}/`),
      reqheaders: { 'x-auth-token': FIXTURE_ACCESS_TOKEN }
    }, file)
  }
})

t.test('the shopper is replaced by the same stand-ins in every file', async t => {
  const journey = await recordJourney(t)
  const fixtures = journey.fixtures()
  const billing = [...fixtures].find(([file]) => file.endsWith('add-billing-address.json'))?.[1]
  const order = [...fixtures].find(([file]) => file.endsWith('-read-order.json'))?.[1] as { response: { billing_address: Record<string, unknown> } }
  t.match(billing?.body, {
    first_name: 'First1',
    last_name: 'Last1',
    email: 'shopper1@example.com',
    phone: '+15550100001',
    address1: '1 Example Street',
    address2: 'Unit 1',
    city: 'City 1',
    postal_code: '00001',
    state_or_province_code: SHOPPER.state_province_code,
    country_code: SHOPPER.country_code
  }, 'the billing address sent')
  t.match(order.response.billing_address, {
    first_name: 'First1',
    last_name: 'Last1',
    email: 'shopper1@example.com',
    phone: '+15550100001',
    street_1: '1 Example Street',
    street_2: 'Unit 1',
    city: 'City 1',
    zip: '00001'
  }, 'the same shopper in the v2 order BigCommerce made of it')
})
