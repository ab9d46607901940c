/**
 * Fast "read": a cart (one checkout GET with everything included) or the store's shipping zones.
 */
import { getCheckout } from '../bigcommerce/checkouts.js'
import { listShippingZones } from '../bigcommerce/shipping.js'
import { badRequest, notFound } from '../fast/errors.js'
import type { OrderRecord } from '../storage/storage.js'
import type { OperationContext } from './context.js'
import type { FastOrder, FastShippingZone } from './fast-order.js'
import { checkoutToFastOrder } from './map-order.js'
import { mapShippingZones } from './map-shipping-zones.js'

export interface ReadOrderSegment {
  is_cart?: boolean
  order_id?: { value?: string }
  external_order_id?: string
  external_id?: string
}

export async function readOrder (ctx: OperationContext, segment: ReadOrderSegment | undefined): Promise<{ order: { order: FastOrder } }> {
  const record = await findRecord(ctx, segment)
  const cartId = record?.cartId ?? externalId(segment)
  if (cartId === undefined) throw notFound('ORDER_NOT_FOUND', 'No order is known under that order_id', { order_id: segment?.order_id?.value ?? '' })
  if (record?.bcOrderId !== null && record?.bcOrderId !== undefined) {
    throw notFound('ORDER_NOT_FOUND', 'That cart was converted to an order; order-phase reads are not supported yet', { external_order_id: String(record.bcOrderId) })
  }
  const checkout = await getCheckout(ctx.api, cartId)
  const lines = record === undefined ? [] : await ctx.storage.listLines(ctx.api.storeHash, record.fastOrderId)
  return { order: { order: checkoutToFastOrder(checkout, { fastOrderId: record?.fastOrderId, lines }) } }
}

export async function readShippingZones (ctx: OperationContext): Promise<{ shipping_zones: { shipping_zones: FastShippingZone[] } }> {
  const zones = await listShippingZones(ctx.api)
  const everywhere = zones.some(zone => zone.enabled !== false && zone.type === 'global')
  return { shipping_zones: { shipping_zones: mapShippingZones(zones, everywhere ? await ctx.geography.countryCodes(ctx.api) : []) } }
}

function externalId (segment: ReadOrderSegment | undefined): string | undefined {
  const id = segment?.external_order_id ?? segment?.external_id
  return id === undefined || id === '' ? undefined : id
}

/**
 * Fast names an order by its own id or by ours (the cart id). A cart id we never saw is still
 * readable: Fast reads storefront carts the shopper filled before pressing Fast Checkout.
 */
async function findRecord (ctx: OperationContext, segment: ReadOrderSegment | undefined): Promise<OrderRecord | undefined> {
  const storeHash = ctx.api.storeHash
  const fastOrderId = segment?.order_id?.value
  if (fastOrderId !== undefined && fastOrderId !== '') {
    const record = await ctx.storage.findOrderByFastId(storeHash, fastOrderId)
    if (record !== undefined) return record
    if (externalId(segment) === undefined) return undefined
  }
  const id = externalId(segment)
  if (id === undefined) {
    if (fastOrderId === undefined || fastOrderId === '') throw badRequest('ORDER_ID_MISSING', 'Read needs order.order_id or order.external_order_id')
    return undefined
  }
  return await ctx.storage.findOrderByCartId(storeHash, id)
}
