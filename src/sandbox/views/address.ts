/** Checkout addresses as BigCommerce answers them: the codes sent plus the country name it knows. */
import type { StoreState } from '../state.js'
import type { Address } from '../types.js'

export function addressView (state: StoreState, address: Address, id: string): Record<string, unknown> {
  const country = state.country(address.country_code)
  const view: Record<string, unknown> = {
    id,
    first_name: address.first_name ?? '',
    last_name: address.last_name ?? '',
    email: address.email ?? '',
    company: address.company ?? '',
    address1: address.address1 ?? '',
    address2: address.address2 ?? '',
    city: address.city ?? '',
    state_or_province: address.state_or_province ?? '',
    state_or_province_code: address.state_or_province_code ?? '',
    country: country?.country ?? '',
    country_code: address.country_code ?? '',
    postal_code: address.postal_code ?? '',
    custom_fields: (address.custom_fields ?? []).map((field) => ({ field_id: field.field_id ?? '', field_value: field.field_value ?? '' }))
  }
  // The schema's phone pattern refuses an empty string, so an absent phone stays absent.
  if (address.phone !== undefined && address.phone !== '') view.phone = address.phone
  return view
}

/** Fills the state name from its code (and the reverse), as BigCommerce does when it stores an address. */
export function normaliseAddress (state: StoreState, address: Address): Address {
  const country = state.country(address.country_code)
  const result: Address = { ...address }
  if (address.country_code !== undefined) result.country_code = address.country_code.toUpperCase()
  if (country !== undefined) {
    const code = address.state_or_province_code?.toUpperCase()
    const byCode = code === undefined || code === '' ? undefined : country.states.find((s) => s.state_abbreviation === code)
    const byName = address.state_or_province === undefined ? undefined : country.states.find((s) => s.state.toLowerCase() === address.state_or_province?.toLowerCase())
    const match = byCode ?? byName
    if (match !== undefined) {
      result.state_or_province = match.state
      result.state_or_province_code = match.state_abbreviation
    }
  }
  return result
}
