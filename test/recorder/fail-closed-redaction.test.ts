/**
 * Redaction is fail-closed inside a person's objects: a field the recorder has never heard of, in an
 * address or a customer, is redacted until someone judges it safe; ids, amounts and regions are kept.
 */
import t from 'tap'
import { createShopperRedaction } from '../../src/bigcommerce/recorder/shopper-data.js'

function redacted (body: unknown): unknown {
  const redaction = createShopperRedaction()
  redaction.learn(body)
  return redaction.apply(body)
}

t.test('an unknown field of an address is redacted', async t => {
  const body = { billing_address: { id: 'a1', first_name: 'Ada', vat_number: 'GB123456789', country_code: 'GB' } }
  t.same(redacted(body), { billing_address: { id: 'a1', first_name: 'First1', vat_number: 'Redacted 1', country_code: 'GB' } })
})

t.test('an unknown field of a customer is redacted, outside a person\'s objects it is kept', async t => {
  const body = { data: [{ id: 7, email: 'ada@example.org', nickname: 'ada' }], meta: { nickname: 'page one' } }
  t.same(redacted(body), { data: [{ id: 7, email: 'shopper1@example.com', nickname: 'Redacted 1' }], meta: { nickname: 'page one' } })
})

t.test('a shopper value is replaced under every field but ids, amounts and regions', async t => {
  const body = {
    billing_address: { company: '12345', state: 'Texas' },
    consignments: [{ id: '12345', address: { city: 'Texas' } }],
    note: '12345'
  }
  t.same(redacted(body), {
    billing_address: { company: 'Company 1', state: 'Texas' },
    consignments: [{ id: '12345', address: { city: 'City 1' } }],
    note: 'Company 1'
  })
})
