/** Fast -> BigCommerce addresses, shared by the billing address and the consignments. */
import type { AddressInput, ConsignmentAddressInput } from '../bigcommerce/checkouts.js'
import { unprocessable } from '../fast/errors.js'
import type { OrderAddressInput } from '../fast/schemas/index.js'
import { normalisePhone } from './phone-number.js'

export function countryCode (address: OrderAddressInput): string | undefined {
  const code = address.country_code ?? (address.country?.length === 2 ? address.country : undefined)
  return code?.toUpperCase()
}

/** A billing address (AddressProperties: country_code and email required). */
export function toBigCommerceAddress (address: OrderAddressInput, what: string, options: { stateName?: string } = {}): AddressInput {
  const code = countryCode(address)
  if (code === undefined) throw unprocessable('ADDRESS_INCOMPLETE', `The ${what} needs a country_code`, { field: 'country_code' })
  if (address.email === undefined || address.email === '') throw unprocessable('ADDRESS_INCOMPLETE', `The ${what} needs an email`, { field: 'email' })
  const fields: Array<[keyof AddressInput, string | undefined]> = [
    ['first_name', address.first_name],
    ['last_name', address.last_name],
    ['company', address.company],
    ['email', address.email],
    ['phone', normalisePhone(address.phone, code)],
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

/**
 * A consignment's address. CreateConsignmentRequest requires `state_or_province` and `postal_code`
 * besides country_code and email. The state's name comes from BigCommerce's list of states when it
 * has the state (`stateName`); when that lookup found nothing, Fast's own name or, lacking one, the
 * code is the best we have. A country without states or postal codes sends them empty, which is
 * what BigCommerce itself answers for such addresses.
 */
export function toConsignmentAddress (address: OrderAddressInput, options: { stateName?: string } = {}): ConsignmentAddressInput {
  const stateOrProvince = options.stateName ?? nonEmpty(address.state_province) ?? address.state_province_code ?? ''
  return {
    ...toBigCommerceAddress(address, 'shipping address'),
    state_or_province: stateOrProvince,
    postal_code: address.postal_code ?? ''
  }
}

function nonEmpty (text: string | undefined): string | undefined {
  return text === '' ? undefined : text
}
