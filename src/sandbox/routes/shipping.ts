/** shipping.v2.yml: shipping zones and their methods, read-only. */
import type { FastifyPluginAsync } from 'fastify'
import { storeOf, type RouteOptions } from '../context.js'
import { notFound } from '../errors.js'
import { toCents, v3Amount } from '../money.js'
import type { SeedShippingMethod, SeedShippingZone } from '../types.js'

function zoneView (zone: SeedShippingZone): Record<string, unknown> {
  return {
    id: zone.id,
    name: zone.name,
    type: zone.type,
    locations: zone.locations.map((location) => ({
      id: location.id,
      ...(location.country_iso2 === undefined ? {} : { country_iso2: location.country_iso2 }),
      ...(location.state_iso2 === undefined ? {} : { state_iso2: location.state_iso2 })
    })),
    free_shipping: { enabled: false, minimum_sub_total: '0.00', exclude_fixed_shipping_products: false },
    handling_fees: { fixed_surcharge: '0', display_separately: true },
    enabled: zone.enabled !== false
  }
}

function methodView (method: SeedShippingMethod): Record<string, unknown> {
  return {
    id: method.id,
    name: method.name,
    type: method.type,
    settings: { rate: v3Amount(toCents(method.rate)) },
    enabled: method.enabled !== false,
    handling_fees: { fixed_surcharge: 0 },
    is_fallback: false,
    channel_ids: [1]
  }
}

export const shippingRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.get('/v2/shipping/zones', async (request) => {
    return storeOf(sandbox, request).seed.shipping_zones.map(zoneView)
  })

  fastify.get<{ Params: { hash: string, zoneId: string } }>('/v2/shipping/zones/:zoneId', async (request) => {
    const zone = storeOf(sandbox, request).seed.shipping_zones.find((candidate) => candidate.id === Number(request.params.zoneId))
    if (zone === undefined) throw notFound('Shipping zone')
    return zoneView(zone)
  })

  fastify.get<{ Params: { hash: string, zoneId: string } }>('/v2/shipping/zones/:zoneId/methods', async (request) => {
    const zone = storeOf(sandbox, request).seed.shipping_zones.find((candidate) => candidate.id === Number(request.params.zoneId))
    if (zone === undefined) throw notFound('Shipping zone')
    return zone.methods.map(methodView)
  })
}
