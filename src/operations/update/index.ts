/**
 * Fast "update": applies the segments of one request in a fixed order, one status entry each,
 * and answers with the whole order as BigCommerce now has it.
 *
 * Order: bill_to, shipments, shipping_option. Addresses come before the option because a new
 * address can change which options exist (BigCommerce refuses both in one call).
 */
import { getCheckout } from '../../bigcommerce/checkouts.js'
import { badRequest, FastError, notFound } from '../../fast/errors.js'
import type { OperationContext } from '../context.js'
import type { FastOrder } from '../fast-order.js'
import type { FastAddressInput } from '../bigcommerce-address.js'
import { checkoutToFastOrder } from '../map-order.js'
import { updateBillTo } from './bill-to.js'
import { updateShipments, type ShipmentInput } from './shipments.js'
import { updateShippingOption, type ShippingOptionInput } from './shipping-option.js'
import type { SegmentStatus, UpdateState } from './state.js'

export interface UpdateSegmentInput {
  order_id?: { value?: string }
  external_id?: string
  bill_to?: FastAddressInput
  shipments?: ShipmentInput[]
  shipping_option?: ShippingOptionInput
  items?: unknown[]
  coupon?: unknown
  convert_cart_to_order?: boolean
  status?: unknown
}

export interface UpdateResult {
  order: { order: FastOrder, status: SegmentStatus[] }
}

/** Segments this release does not translate yet: refused before any BigCommerce call. */
const NOT_YET: Array<keyof UpdateSegmentInput> = ['items', 'coupon', 'convert_cart_to_order', 'status']

export async function updateOrder (ctx: OperationContext, segment: UpdateSegmentInput | undefined): Promise<UpdateResult> {
  if (segment === undefined) throw badRequest('ORDER_MISSING', 'The request has no order segment to update')
  const pending = NOT_YET.filter(key => segment[key] !== undefined && segment[key] !== false && !(Array.isArray(segment[key]) && segment[key].length === 0))
  if (pending.length > 0) throw new FastError(501, 'SEGMENT_NOT_SUPPORTED', `This bridge cannot apply ${pending.join(', ')} yet`, { metadata: { segments: pending.join(',') } })
  const hasWork = segment.bill_to !== undefined || (segment.shipments?.length ?? 0) > 0 || segment.shipping_option !== undefined
  if (!hasWork) throw badRequest('NOTHING_TO_UPDATE', 'The update names no segment to change (bill_to, shipments, shipping_option, ...)')

  const state = await loadState(ctx, segment)
  const status: SegmentStatus[] = []
  if (segment.bill_to !== undefined) status.push(await updateBillTo(ctx, state, segment.bill_to))
  if (segment.shipments !== undefined && segment.shipments.length > 0) status.push(await updateShipments(ctx, state, segment.shipments))
  if (segment.shipping_option !== undefined) status.push(await updateShippingOption(ctx, state, segment.shipping_option))

  const checkout = state.complete && state.checkout !== undefined ? state.checkout : await getCheckout(ctx.api, state.record.cartId)
  return { order: { order: checkoutToFastOrder(checkout, { fastOrderId: state.record.fastOrderId, lines: state.lines }), status } }
}

async function loadState (ctx: OperationContext, segment: UpdateSegmentInput): Promise<UpdateState> {
  const storeHash = ctx.api.storeHash
  const fastOrderId = segment.order_id?.value
  const record = fastOrderId !== undefined && fastOrderId !== ''
    ? await ctx.storage.findOrderByFastId(storeHash, fastOrderId)
    : segment.external_id !== undefined && segment.external_id !== '' ? await ctx.storage.findOrderByCartId(storeHash, segment.external_id) : undefined
  if (record === undefined) {
    if ((fastOrderId ?? '') === '' && (segment.external_id ?? '') === '') throw badRequest('ORDER_ID_MISSING', 'Update needs order.order_id or order.external_id')
    throw notFound('ORDER_NOT_FOUND', 'No order of this store is known under that id', { order_id: fastOrderId ?? segment.external_id ?? '' })
  }
  return { record, lines: await ctx.storage.listLines(storeHash, record.fastOrderId), complete: false }
}
