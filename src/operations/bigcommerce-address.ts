/** Fast -> BigCommerce addresses, shared by the billing address and the consignments. */
import type { AddressInput } from '../bigcommerce/checkouts.js'
import { unprocessable } from '../fast/errors.js'

export interface FastAddressInput {
  first_name?: string
  last_name?: string
  company?: string
  email?: string
  phone?: string
  address_1?: string
  address_2?: string
  city_locality?: string
  state_province?: string
  state_province_code?: string
  country?: string
  country_code?: string
  postal_code?: string
}

/** BigCommerce accepts E.164-like digits only ("+15555555555"); Fast may send "555-555-5555". */
function normalisePhone (phone: string | undefined): string | undefined {
  if (phone === undefined) return undefined
  const compact = phone.replace(/[\s().-]/g, '')
  return compact === '' ? undefined : compact
}

function countryCode (address: FastAddressInput): string | undefined {
  const code = address.country_code ?? (address.country?.length === 2 ? address.country : undefined)
  return code?.toUpperCase()
}

export function toBigCommerceAddress (address: FastAddressInput, what: string, options: { stateName?: string } = {}): AddressInput {
  const code = countryCode(address)
  if (code === undefined) throw unprocessable('ADDRESS_INCOMPLETE', `The ${what} needs a country_code`, { field: 'country_code' })
  if (address.email === undefined || address.email === '') throw unprocessable('ADDRESS_INCOMPLETE', `The ${what} needs an email`, { field: 'email' })
  const fields: Array<[keyof AddressInput, string | undefined]> = [
    ['first_name', address.first_name],
    ['last_name', address.last_name],
    ['company', address.company],
    ['email', address.email],
    ['phone', normalisePhone(address.phone)],
    ['address1', address.address_1],
    ['address2', address.address_2],
    ['city', address.city_locality],
    ['state_or_province', options.stateName ?? address.state_province],
    ['state_or_province_code', address.state_province_code],
    ['country_code', code],
    ['postal_code', address.postal_code]
  ]
  return Object.fromEntries(fields.filter(([, value]) => value !== undefined && value !== '')) as AddressInput
}

export { countryCode }
