/**
 * BigCommerce shipping zones -> the places Fast may ship to. Zip zones become their country
 * (Fast has no finer grain); a global zone means every country BigCommerce knows.
 */
import type { ShippingZone } from '../bigcommerce/types.js'
import type { FastShippingZone } from './fast-order.js'

export function mapShippingZones (zones: ShippingZone[], everyCountry: string[] = []): FastShippingZone[] {
  const seen = new Map<string, FastShippingZone>()
  const add = (zone: FastShippingZone): void => {
    const key = `${zone.country_iso2}/${zone.subdivision_iso2 ?? ''}`
    if (!seen.has(key)) seen.set(key, zone)
  }
  for (const zone of zones) {
    if (zone.enabled === false) continue
    if (zone.type === 'global') everyCountry.forEach(code => { add({ country_iso2: code }) })
    for (const location of zone.locations ?? []) {
      if (location.country_iso2 === undefined || location.country_iso2 === '') continue
      const state = zone.type === 'state' ? location.state_iso2 : undefined
      add(state === undefined || state === '' ? { country_iso2: location.country_iso2 } : { country_iso2: location.country_iso2, subdivision_iso2: state })
    }
  }
  return [...seen.values()]
}
