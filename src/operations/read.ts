/**
 * Fast "read": an order (a cart: one checkout GET with everything included; a converted order:
 * one v2 GET with its consignments and products), the store's shipping zones, or a shopper.
 */
import { findCustomer } from '../bigcommerce/customers.js'
import { getCheckout } from '../bigcommerce/checkouts.js'
import { listShippingZones } from '../bigcommerce/shipping.js'
import { badRequest, notFound } from '../fast/errors.js'
import type { ReadOrderSegment, ReadRequest } from '../fast/schemas/index.js'
import type { OperationContext } from './context.js'
import { convertedOrder, currentOrder } from './current-order.js'
import type { FastOrder, FastShippingZone } from './fast-order.js'
import { bigCommerceRefOf, customerIdOf } from './input.js'
import { checkoutToFastOrder } from './map-cart.js'
import { mapShippingZones } from './map-shipping-zones.js'
import { findOrderRecord } from './order-record.js'
import { stampIfOutstanding } from './update/convert.js'

export async function readFastOrder (ctx: OperationContext, segment: ReadOrderSegment | undefined): Promise<{ order: { order: FastOrder } }> {
  const storeHash = ctx.api.storeHash
  const fastOrderId = segment?.order_id?.value ?? ''
  const externalId = segment?.external_order_id ?? segment?.external_id ?? ''
  if (fastOrderId === '' && externalId === '') throw badRequest('ORDER_ID_MISSING', 'Read needs order.order_id or order.external_order_id')

  const record = await findOrderRecord(ctx, fastOrderId, externalId)
  if (record !== undefined) {
    // A stamp BigCommerce did not take at conversion is re-driven here too (update/convert.ts).
    if (record.bcOrderId !== null) await stampIfOutstanding(ctx, record)
    return { order: { order: await currentOrder(ctx, record, await ctx.storage.listLines(storeHash, record.fastOrderId)) } }
  }
  if (externalId === '') throw notFound('ORDER_NOT_FOUND', 'No order of this store is known under that order_id', { order_id: fastOrderId })
  const ref = bigCommerceRefOf(externalId, segment?.external_order_id !== undefined ? 'order.external_order_id' : 'order.external_id')
  // An order we did not convert is still readable by its BigCommerce id.
  if ('orderId' in ref) return { order: { order: await convertedOrder(ctx, ref.orderId, undefined) } }
  // A cart Fast did not create: the shopper filled it on the storefront, then pressed Fast Checkout.
  return { order: { order: checkoutToFastOrder(await getCheckout(ctx.api, ref.cartId), { lines: [] }) } }
}

export async function readShippingZones (ctx: OperationContext): Promise<{ shipping_zones: { shipping_zones: FastShippingZone[] } }> {
  const zones = await listShippingZones(ctx.api)
  const everywhere = zones.some(zone => zone.enabled !== false && zone.type === 'global')
  return { shipping_zones: { shipping_zones: mapShippingZones(zones, everywhere ? await ctx.geography.countryCodes(ctx.api) : []) } }
}

export async function readUser (ctx: OperationContext, segment: ReadRequest['user']): Promise<{ user: { user: { external_user_id: string, email?: string, first_name?: string, last_name?: string, phone?: string } } }> {
  const id = segment?.external_user_id ?? ''
  const email = segment?.email ?? ''
  if (id === '' && email === '') throw badRequest('USER_ID_MISSING', 'Read of a user needs user.external_user_id or user.email')
  // Not a BigCommerce customer id (a positive integer): no customer has it, and BigCommerce need not be asked.
  const customerId = id === '' ? undefined : customerIdOf(id)
  if (id !== '' && (customerId === undefined || String(customerId) !== id)) throw notFound('USER_NOT_FOUND', 'No customer of this store has that id', { external_user_id: id })
  const customer = await findCustomer(ctx.api, customerId !== undefined ? { id: customerId } : { email })
  if (customer === undefined) throw notFound('USER_NOT_FOUND', 'No customer of this store matches', id !== '' ? { external_user_id: id } : {})
  return {
    user: {
      user: {
        external_user_id: String(customer.id),
        ...(customer.email === undefined ? {} : { email: customer.email }),
        ...(customer.first_name === undefined ? {} : { first_name: customer.first_name }),
        ...(customer.last_name === undefined ? {} : { last_name: customer.last_name }),
        ...(customer.phone === undefined || customer.phone === '' ? {} : { phone: customer.phone })
      }
    }
  }
}
