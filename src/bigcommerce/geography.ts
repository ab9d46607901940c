/**
 * Countries and states (geography.v2.yml). Consignment addresses need the state's name, and Fast
 * sends only its code. The states of the countries most orders ship to come from a bundled table
 * (state-names.ts), so a first shipment costs no lookup; any other code is looked up once and the
 * answer, a name or none, kept for the life of the app, since BigCommerce's list does not change.
 */
import { LRUCache } from 'lru-cache'
import { STATE_NAMES } from './state-names.js'
import type { StoreApi } from './store-api.js'
import type { Country, State } from './types.js'

export interface Geography {
  stateName(api: StoreApi, countryIso2: string, stateCode: string): Promise<string | undefined>
  /** Every country's ISO code, for stores that ship everywhere (a global zone). */
  countryCodes(api: StoreApi): Promise<string[]>
}

const COUNTRIES_PAGE = 250

/** Own keys only: a code from the request must never reach an object's prototype. */
function bundledStateName (country: string, code: string): string | undefined {
  const states = Object.hasOwn(STATE_NAMES, country) ? STATE_NAMES[country] : undefined
  return states !== undefined && Object.hasOwn(states, code) ? states[code] : undefined
}

/** Cached for a code BigCommerce answered no state for. */
const NOT_LISTED = ''

async function lookUpStateName (api: StoreApi, countryIso2: string, stateCode: string): Promise<string | undefined> {
  // v2 answers 204 with no body when a filter matches nothing, hence the optional arrays.
  const { body: countries } = await api.call<Country[] | undefined>('GET', '/v2/countries', { query: { country_iso2: countryIso2 } })
  const country = countries?.[0]
  if (country === undefined) return undefined
  const { body: states } = await api.call<State[] | undefined>('GET', '/v2/countries/{countryId}/states', {
    params: { countryId: country.id },
    query: { state_abbreviation: stateCode }
  })
  return states?.[0]?.state
}

export function createGeography (): Geography {
  const names = new LRUCache<string, string>({ max: 2_000 })
  /** Lookups under way; each removes itself when it settles, so the map holds only calls in flight. */
  const pending = new Map<string, Promise<string | undefined>>()
  let allCountries: string[] | undefined
  return {
    async countryCodes (api) {
      if (allCountries !== undefined) return allCountries
      const codes: string[] = []
      for (let page = 1; ; page++) {
        const { body } = await api.call<Country[] | undefined>('GET', '/v2/countries', { query: { limit: COUNTRIES_PAGE, page } })
        codes.push(...(body ?? []).map(country => country.country_iso2))
        if ((body ?? []).length < COUNTRIES_PAGE) break
      }
      allCountries = codes
      return codes
    },
    async stateName (api, countryIso2, stateCode) {
      const country = countryIso2.toUpperCase()
      const code = stateCode.toUpperCase()
      const bundled = bundledStateName(country, code)
      if (bundled !== undefined) return bundled
      const key = `${country}/${code}`
      const cached = names.get(key)
      if (cached !== undefined) return cached === NOT_LISTED ? undefined : cached
      // Shipments asking the same code at once (in one request or several of a store) share one
      // lookup; per store, so that one store's spent quota never fails another's shipment.
      const pendingKey = `${api.storeHash}/${key}`
      let lookup = pending.get(pendingKey)
      if (lookup === undefined) {
        lookup = lookUpStateName(api, country, code).finally(() => { pending.delete(pendingKey) })
        pending.set(pendingKey, lookup)
      }
      const name = await lookup
      // A code BigCommerce does not list (GB lists no states) is remembered too: asking again
      // would cost every such shipment two calls for the same empty answer.
      names.set(key, name ?? NOT_LISTED)
      return name
    }
  }
}
