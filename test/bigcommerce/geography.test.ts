/** State names for consignment addresses: from the bundled table, else asked of BigCommerce once. */
import t from 'tap'
import type { StoreApi } from '../../src/bigcommerce/store-api.js'
import { createGeography } from '../../src/bigcommerce/geography.js'
import { STATE_NAMES } from '../../src/bigcommerce/state-names.js'

/** A store whose geography answers GB's "LND" (as a store that lists it would), recording each call. */
function fakeStore (): { api: StoreApi, calls: string[] } {
  const calls: string[] = []
  const api: StoreApi = {
    storeHash: 'store',
    async call<T> (method: string, template: string, options?: { params?: Record<string, string | number>, query?: Record<string, unknown> }) {
      calls.push(`${method} ${template} ${JSON.stringify(options?.query ?? {})}`)
      if (template === '/v2/countries') return { status: 200, body: (options?.query?.country_iso2 === 'GB' ? [{ id: 225, country_iso2: 'GB' }] : undefined) as T }
      return { status: 200, body: (options?.query?.state_abbreviation === 'LND' ? [{ id: 1, state: 'London', state_abbreviation: 'LND' }] : undefined) as T }
    }
  }
  return { api, calls }
}

t.test('a US or Australian state code gets its BigCommerce name with no call', async t => {
  const { api, calls } = fakeStore()
  const geography = createGeography()
  t.equal(await geography.stateName(api, 'US', 'TX'), 'Texas', 'the name orders.v2 and checkouts.v3 show')
  t.equal(await geography.stateName(api, 'us', 'ny'), 'New York', 'codes in any case')
  t.equal(await geography.stateName(api, 'AU', 'ACT'), 'Australian Capital Territory', 'the name geography.v2.yml shows')
  t.same(calls, [])
})

t.test('a code the table does not know is asked of BigCommerce once, then remembered', async t => {
  const { api, calls } = fakeStore()
  const geography = createGeography()
  t.equal(await geography.stateName(api, 'GB', 'LND'), 'London')
  t.equal(await geography.stateName(api, 'GB', 'lnd'), 'London')
  t.same(calls, ['GET /v2/countries {"country_iso2":"GB"}', 'GET /v2/countries/{countryId}/states {"state_abbreviation":"LND"}'])
})

t.test('a US territory the table leaves out is asked of BigCommerce, whose name may differ from ISO', async t => {
  const { api, calls } = fakeStore()
  t.equal(await createGeography().stateName(api, 'US', 'VI'), undefined, 'this store has no such state')
  t.equal(calls.length, 1, 'the country lookup finds no US in this store')
})

t.test('a code BigCommerce lists no state for is asked once too: the empty answer is remembered', async t => {
  const { api, calls } = fakeStore()
  const geography = createGeography()
  t.equal(await geography.stateName(api, 'GB', 'ZZZ'), undefined)
  t.equal(await geography.stateName(api, 'GB', 'ZZZ'), undefined)
  t.equal(calls.length, 2, 'one country lookup and one state lookup, for both')
})

t.test('a code naming an object property is no state', async t => {
  const { api } = fakeStore()
  const geography = createGeography()
  t.equal(await geography.stateName(api, 'US', 'constructor'), undefined)
  t.equal(await geography.stateName(api, '__proto__', 'CA'), undefined)
})

t.test('the table holds the 50 states and DC and the 8 Australian ones', async t => {
  t.same(Object.keys(STATE_NAMES), ['US', 'AU'])
  t.same([Object.keys(STATE_NAMES.US).length, Object.keys(STATE_NAMES.AU).length], [51, 8])
})

t.test('a Canadian province is asked of BigCommerce: no document shows its names, which may not be ISO\'s', async t => {
  const { api, calls } = fakeStore()
  await createGeography().stateName(api, 'CA', 'NL')
  t.ok(calls.length > 0, 'looked up, not taken from ISO')
})

t.test('shipments asking the same unknown code at once share one lookup', async t => {
  const { api, calls } = fakeStore()
  const geography = createGeography()
  t.same(await Promise.all([geography.stateName(api, 'GB', 'LND'), geography.stateName(api, 'gb', 'lnd')]), ['London', 'London'])
  t.equal(calls.length, 2, 'one country lookup and one state lookup for both')
})

t.test('a lookup that fails is not remembered: the next shipment asks again', async t => {
  const { api, calls } = fakeStore()
  let failing = true
  const flaky: StoreApi = { storeHash: api.storeHash, call: async (...args) => { if (failing) throw new Error('BigCommerce unavailable'); return await api.call(...args) } }
  const geography = createGeography()
  await t.rejects(geography.stateName(flaky, 'GB', 'LND'))
  failing = false
  t.equal(await geography.stateName(flaky, 'GB', 'LND'), 'London')
  t.equal(calls.length, 2)
})
