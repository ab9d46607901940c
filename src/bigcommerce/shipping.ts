/** Shipping zones (shipping.v2.yml): where the store ships, for Fast's address checks. */
import type { StoreApi } from './store-api.js'
import type { ShippingZone } from './types.js'

export async function listShippingZones (api: StoreApi): Promise<ShippingZone[]> {
  const { body } = await api.call<ShippingZone[] | undefined>('GET', '/v2/shipping/zones')
  return body ?? []
}
