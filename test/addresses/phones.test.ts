/**
 * Finding 16 (issue 8): BigCommerce refuses an address whose phone does not match
 * `AddressProperties.phone`'s pattern `^\+?[1-9]\d{1,14}(x\d{1-5})?$` (checkouts.v3.yml), so a phone
 * as shoppers type it must become E.164 using the address's country, or be left out: no
 * BigCommerce address requires a phone, and losing the phone beats losing the address.
 */
import t from 'tap'
import { toBigCommerceAddress } from '../../src/operations/bigcommerce-address.js'

const BIGCOMMERCE_PHONE = /^\+?[1-9]\d{1,14}$/
const shopper = { first_name: 'Jane', last_name: 'Doe', email: 'jane@example.com', address_1: '10 Downing Street', city_locality: 'London', postal_code: 'SW1A 2AA' }
const billing = (phone: string, country_code: string) => toBigCommerceAddress({ ...shopper, phone, country_code }, 'billing address')

t.test('finding 16: a UK national mobile number (07700 900123) is sent as +447700900123', async t => {
  t.equal(billing('07700 900123', 'GB').phone, '+447700900123')
})

t.test('finding 16: national numbers become E.164 with their country\'s calling code', async t => {
  t.equal(billing('(555) 555-5555', 'US').phone, '+15555555555', 'US, ten digits')
  t.equal(billing('1-555-555-5555', 'US').phone, '+15555555555', 'US, with the leading 1')
  t.equal(billing('030 1234567', 'DE').phone, '+49301234567', 'Germany drops its trunk 0')
  t.equal(billing('06 12 34 56 78', 'FR').phone, '+33612345678', 'France drops its trunk 0')
  t.equal(billing('06 1234 5678', 'IT').phone, '+390612345678', 'Italy keeps its leading 0 after +39')
  t.equal(billing('0412 345 678', 'AU').phone, '+61412345678', 'Australia drops its trunk 0')
})

t.test('finding 16: international numbers keep their country code, written with + instead of 00', async t => {
  t.equal(billing('+44 7700 900123', 'US').phone, '+447700900123', 'the number\'s own country code wins over the address\'s')
  t.equal(billing('0044 7700 900123', 'GB').phone, '+447700900123')
  t.equal(billing('+1 555 555 5555 ext. 12', 'US').phone, '+15555555555', 'the extension is dropped: the documented pattern cannot carry one')
})

t.test('finding 16: every phone sent matches BigCommerce\'s pattern, or none is sent and the address still goes', async t => {
  for (const [phone, country] of [['07700 900123', 'GB'], ['0 7700', 'ZZ'], ['+0 123', 'US'], ['call me', 'GB'], ['0123456', 'ZZ'], ['+1234567890123456789', 'US']]) {
    const address = billing(phone, country)
    t.ok(address.phone === undefined || BIGCOMMERCE_PHONE.test(address.phone), `${phone} (${country}) -> ${String(address.phone)}`)
    t.equal(address.address1, '10 Downing Street', `${phone}: the address is kept`)
  }
  t.equal(billing('0123456', 'ZZ').phone, undefined, 'a leading 0 in a country we cannot dial is left out')
  t.equal(billing('call me', 'GB').phone, undefined, 'no digits, no phone')
})

t.test('review 2 finding 7: a UK number written +44 (0)7700 900123 loses the (0) trunk prefix', async t => {
  t.equal(billing('+44 (0)7700 900123', 'GB').phone, '+447700900123')
})

t.test('review 2 finding 7: digits that already start with the country code at international length are international', async t => {
  t.equal(billing('447700900123', 'GB').phone, '+447700900123', 'GB, 12 digits starting 44')
  t.equal(billing('4915112345678', 'DE').phone, '+4915112345678', 'Germany, starting 49')
  t.equal(billing('15555555555', 'US').phone, '+15555555555', 'NANP is unchanged')
  t.equal(billing('07700 900123', 'GB').phone, '+447700900123', 'a national number is still national')
})
