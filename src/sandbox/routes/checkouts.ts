/**
 * checkouts.v3.yml: read a checkout, billing address, consignments and their shipping options,
 * coupons, and order creation. The checkout is the cart seen with its checkout data.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { cartOf, checkVersion, includeOf, storeOf, touch, type RouteOptions } from '../context.js'
import { invalid, notFound, SandboxError } from '../errors.js'
import { hex13 } from '../ids.js'
import { createOrder } from '../orders.js'
import { priceCheckout, shippingOptions } from '../pricing.js'
import type { StoreState } from '../state.js'
import type { Address, Cart, Consignment } from '../types.js'
import { normaliseAddress } from '../views/address.js'
import { checkoutView } from '../views/checkout.js'

interface CheckoutParams { hash: string, id: string }
type AddressBody = Address & { version?: unknown }
interface ConsignmentBody {
  address?: Address
  line_items?: Array<{ item_id?: unknown, quantity?: unknown }>
  shipping_option_id?: unknown
  pickup_option?: unknown
  custom_shipping?: unknown
  version?: unknown
}

/**
 * The `include` values each operation declares in checkouts.v3.yml: getCheckout takes
 * IncludeGeneral, the consignment POST and PUT take IncludeShippingOptions (only
 * `consignments.available_shipping_options`), the other writes declare none. The document does not
 * say that other values are refused, so they are ignored: the answer is built as if they were absent.
 */
const GET_INCLUDES = ['cart.line_items.physical_items.options', 'cart.line_items.digital_items.options', 'consignments.available_shipping_options']
const CONSIGNMENT_INCLUDES = ['consignments.available_shipping_options']
const NO_INCLUDES: string[] = []

function checkoutBody (state: StoreState, cart: Cart, request: FastifyRequest, declared: string[] = NO_INCLUDES): Record<string, unknown> {
  const asked = (includeOf(request) ?? '').split(',').map((part) => part.trim())
  const include = asked.filter((part) => declared.includes(part)).join(',')
  return { data: checkoutView(state, cart, priceCheckout(state, cart), include), meta: {} }
}

function checkoutOf (state: StoreState, id: string): Cart {
  return cartOf(state, id, 'Checkout')
}

/**
 * checkouts.v3.yml `AddressProperties.phone`: `^\+?[1-9]\d{1,14}(x\d{1-5})?$`. The extension's
 * `{1-5}` is read as the `{1,5}` it means; as written it would only match a literal "{1-5}".
 */
const PHONE = /^\+?[1-9]\d{1,14}(x\d{1,5})?$/

/**
 * An address as the documents require it: `email` and `country_code` always (AddressProperties),
 * plus `required` (CreateConsignmentRequest.address adds state_or_province and postal_code), and a
 * phone that matches the pattern. Anything wrong is one 422 naming every field, before any change.
 */
function addressFrom (state: StoreState, body: Address | undefined, where: string, required: Array<keyof Address> = []): Address {
  if (body === undefined || body === null || typeof body !== 'object') throw invalid(`Missing ${where}.`)
  const errors: Record<string, string> = {}
  for (const field of ['email', 'country_code', ...required] as Array<keyof Address>) {
    const value = body[field]
    if (typeof value !== 'string' || value.trim() === '') errors[field] = `${field} is required`
  }
  if (errors.country_code === undefined && state.country(body.country_code) === undefined) errors.country_code = `Unknown country code ${String(body.country_code)}`
  if (body.phone !== undefined && (typeof body.phone !== 'string' || !PHONE.test(body.phone))) {
    errors.phone = `phone must match ${PHONE.source}`
  }
  if (Object.keys(errors).length > 0) throw invalid(`The ${where} is invalid.`, errors)
  const { version: _version, ...address } = body as AddressBody
  return normaliseAddress(state, address)
}

/** CreateConsignmentRequest.address requires these on top of AddressProperties' email and country_code. */
const CONSIGNMENT_REQUIRED: Array<keyof Address> = ['state_or_province', 'postal_code']

/** Physical line ids named by a consignment request; digital and unknown items are refused. */
function lineIdsFrom (cart: Cart, state: StoreState, items: ConsignmentBody['line_items']): string[] {
  if (!Array.isArray(items) || items.length === 0) throw invalid('A consignment needs line_items.')
  return items.map((item, index) => {
    const line = cart.lines.find((candidate) => candidate.id === item.item_id)
    if (line === undefined) throw invalid(`Line item ${String(item.item_id)} is not in this cart.`, { [`line_items[${index}].item_id`]: 'Unknown item' })
    if (state.catalog.product(line.productId)?.digital === true) throw invalid(`Line item ${line.id} is digital and cannot be shipped.`)
    return line.id
  })
}

/** An item belongs to one consignment: assigning it here takes it from any other. */
function assignLines (cart: Cart, target: Consignment, lineIds: string[]): void {
  for (const consignment of cart.consignments) {
    if (consignment !== target) consignment.lineItemIds = consignment.lineItemIds.filter((id) => !lineIds.includes(id))
  }
  target.lineItemIds = [...new Set(lineIds)]
  cart.consignments = cart.consignments.filter((consignment) => consignment === target || consignment.lineItemIds.length > 0)
}

export const checkoutRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.get<{ Params: CheckoutParams }>('/v3/checkouts/:id', async (request) => {
    const state = storeOf(sandbox, request)
    return checkoutBody(state, checkoutOf(state, request.params.id), request, GET_INCLUDES)
  })

  fastify.post<{ Params: CheckoutParams, Body: AddressBody | null }>('/v3/checkouts/:id/billing-address', async (request) => {
    const state = storeOf(sandbox, request)
    const cart = checkoutOf(state, request.params.id)
    checkVersion(cart, request.body)
    const address = addressFrom(state, request.body ?? undefined, 'billing address')
    // A second POST replaces the address but keeps its id, so a PUT with the old id still works.
    cart.billingAddress = { ...address, id: cart.billingAddress?.id ?? hex13() }
    cart.email = address.email ?? cart.email
    touch(cart)
    return checkoutBody(state, cart, request)
  })

  fastify.put<{ Params: CheckoutParams & { addressId: string }, Body: AddressBody | null }>('/v3/checkouts/:id/billing-address/:addressId', async (request) => {
    const state = storeOf(sandbox, request)
    const cart = checkoutOf(state, request.params.id)
    checkVersion(cart, request.body)
    if (cart.billingAddress?.id !== request.params.addressId) throw notFound('Billing address')
    const address = addressFrom(state, { ...cart.billingAddress, ...(request.body ?? {}) }, 'billing address')
    cart.billingAddress = { ...address, id: cart.billingAddress.id }
    cart.email = address.email ?? cart.email
    touch(cart)
    return checkoutBody(state, cart, request)
  })

  fastify.post<{ Params: CheckoutParams, Body: ConsignmentBody[] | null }>('/v3/checkouts/:id/consignments', async (request) => {
    const state = storeOf(sandbox, request)
    const cart = checkoutOf(state, request.params.id)
    const body = request.body
    if (!Array.isArray(body) || body.length === 0) throw invalid('The request body must be an array of consignments.')
    for (const entry of body) checkVersion(cart, entry)
    const created = body.map((entry, index) => {
      if (entry.pickup_option !== undefined) throw invalid('The sandbox does not support pickup consignments.')
      return {
        consignment: { id: hex13(), addressId: hex13(), address: addressFrom(state, entry.address, `address of consignment ${index}`, CONSIGNMENT_REQUIRED), lineItemIds: [] } satisfies Consignment,
        lineIds: lineIdsFrom(cart, state, entry.line_items)
      }
    })
    for (const { consignment, lineIds } of created) {
      cart.consignments.push(consignment)
      assignLines(cart, consignment, lineIds)
    }
    cart.shippingAddressStale = false
    touch(cart)
    return checkoutBody(state, cart, request, CONSIGNMENT_INCLUDES)
  })

  fastify.put<{ Params: CheckoutParams & { consignmentId: string }, Body: ConsignmentBody | null }>('/v3/checkouts/:id/consignments/:consignmentId', async (request) => {
    const state = storeOf(sandbox, request)
    const cart = checkoutOf(state, request.params.id)
    const body = request.body ?? {}
    checkVersion(cart, body)
    const consignment = cart.consignments.find((candidate) => candidate.id === request.params.consignmentId)
    if (consignment === undefined) throw notFound('Consignment')
    const changesShipment = body.address !== undefined || body.line_items !== undefined
    if (body.shipping_option_id !== undefined && changesShipment) {
      throw invalid("The address or items and the shipping option can't be changed in the same request.")
    }
    if (body.custom_shipping !== undefined || body.pickup_option !== undefined) throw invalid('The sandbox does not support custom shipping or pickup.')
    if (body.shipping_option_id !== undefined) {
      const option = shippingOptions(state, consignment, cart.lines).options.find((candidate) => candidate.id === body.shipping_option_id)
      if (option === undefined) throw invalid(`Shipping option ${String(body.shipping_option_id)} is not available for this consignment.`)
      consignment.selectedMethodId = option.method.id
    }
    // Everything is checked before anything changes: a refused update leaves the consignment as it was.
    const address = body.address === undefined ? undefined : addressFrom(state, { ...consignment.address, ...body.address }, 'consignment address')
    const lineIds = body.line_items === undefined ? undefined : lineIdsFrom(cart, state, body.line_items)
    if (address !== undefined) {
      consignment.address = address
      // New address, new quotes: the earlier choice may not exist at the new destination.
      consignment.selectedMethodId = undefined
      cart.shippingAddressStale = false
    }
    if (lineIds !== undefined) assignLines(cart, consignment, lineIds)
    touch(cart)
    return checkoutBody(state, cart, request, CONSIGNMENT_INCLUDES)
  })

  fastify.delete<{ Params: CheckoutParams & { consignmentId: string }, Body: { version?: unknown } | null }>('/v3/checkouts/:id/consignments/:consignmentId', async (request) => {
    const state = storeOf(sandbox, request)
    const cart = checkoutOf(state, request.params.id)
    checkVersion(cart, request.body)
    if (!cart.consignments.some((candidate) => candidate.id === request.params.consignmentId)) throw notFound('Consignment')
    cart.consignments = cart.consignments.filter((candidate) => candidate.id !== request.params.consignmentId)
    touch(cart)
    return checkoutBody(state, cart, request)
  })

  fastify.post<{ Params: CheckoutParams, Body: { coupon_code?: unknown, version?: unknown } | null }>('/v3/checkouts/:id/coupons', async (request) => {
    const state = storeOf(sandbox, request)
    const cart = checkoutOf(state, request.params.id)
    checkVersion(cart, request.body)
    const code = request.body?.coupon_code
    if (typeof code !== 'string' || code.trim() === '' || code.length > 50) throw invalid('coupon_code is required (at most 50 characters).')
    const coupon = state.coupon(code)
    if (coupon === undefined) throw new SandboxError(400, `The coupon code '${code}' is not valid.`)
    if (coupon.expires !== undefined && coupon.expires !== null && Date.parse(coupon.expires) <= Date.now()) {
      throw invalid(`The coupon code '${coupon.code}' has expired.`)
    }
    if (!cart.couponCodes.includes(coupon.code)) {
      if (cart.couponCodes.length > 0) throw new SandboxError(400, 'Only one coupon code can be applied to an order.')
      cart.couponCodes.push(coupon.code)
      touch(cart)
    }
    return checkoutBody(state, cart, request)
  })

  // DeleteCouponCodeRequest declares `version`, with the same 409 as every other change.
  fastify.delete<{ Params: CheckoutParams & { couponCode: string }, Body: { version?: unknown } | null }>('/v3/checkouts/:id/coupons/:couponCode', async (request) => {
    const state = storeOf(sandbox, request)
    const cart = checkoutOf(state, request.params.id)
    checkVersion(cart, request.body)
    const wanted = request.params.couponCode.toUpperCase()
    const applied = cart.couponCodes.find((code) => code.toUpperCase() === wanted)
    if (applied === undefined) throw notFound('Coupon')
    cart.couponCodes = cart.couponCodes.filter((code) => code !== applied)
    touch(cart)
    return checkoutBody(state, cart, request)
  })

  fastify.post<{ Params: CheckoutParams }>('/v3/checkouts/:id/orders', async (request) => {
    const state = storeOf(sandbox, request)
    const cart = checkoutOf(state, request.params.id)
    // No duplicate guard on purpose: BigCommerce makes a new Incomplete order on every call.
    const order = createOrder(state, cart)
    return { data: { id: order.id }, meta: {} }
  })
}
