/** carts.v3.yml: create, read, update and delete carts and their line items. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { addLines, checkLimits, dropLine, type LineItemInput } from '../cart-lines.js'
import { cartOf, checkVersion, editableCartOf, includeOf, storeOf, touch, type RouteOptions } from '../context.js'
import { invalid, notFound } from '../errors.js'
import { uuid } from '../ids.js'
import { priceCheckout } from '../pricing.js'
import type { StoreState } from '../state.js'
import type { Cart } from '../types.js'
import { cartView, lineOptionsFrom } from '../views/cart.js'

interface CartParams { hash: string, id: string }
interface ItemParams extends CartParams { itemId: string }

interface CartBody {
  customer_id?: unknown
  channel_id?: unknown
  currency?: { code?: unknown }
  locale?: unknown
  line_items?: LineItemInput[]
  custom_items?: unknown[]
  gift_certificates?: unknown[]
  version?: unknown
}

function cartBody (state: StoreState, cart: Cart, request: FastifyRequest): Record<string, unknown> {
  const include = includeOf(request)
  const data = cartView(state, cart, priceCheckout(state, cart), lineOptionsFrom(include, ''))
  if ((include ?? '').split(',').includes('redirect_urls')) {
    const base = state.seed.store.secure_url
    data.redirect_urls = {
      cart_url: `${base}/cart.php?action=load&id=${cart.id}`,
      checkout_url: `${base}/cart.php?action=loadInCheckout&id=${cart.id}`,
      embedded_checkout_url: `${base}/cart.php?embedded=1&action=loadInCheckout&id=${cart.id}`
    }
  }
  return { data, meta: {} }
}

function refuseUnsupportedItems (body: CartBody): void {
  if ((body.custom_items ?? []).length > 0 || (body.gift_certificates ?? []).length > 0) {
    throw invalid('The sandbox supports catalog line items only (no custom items or gift certificates).')
  }
}

export const cartRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.post<{ Params: CartParams, Body: CartBody | null }>('/v3/carts', async (request, reply) => {
    const state = storeOf(sandbox, request)
    const body = request.body ?? {}
    refuseUnsupportedItems(body)
    if (!Array.isArray(body.line_items) || body.line_items.length === 0) throw invalid('Missing line_items in request body')
    const currency = typeof body.currency?.code === 'string' ? body.currency.code.toUpperCase() : state.seed.store.currency
    if (currency !== state.seed.store.currency) throw invalid(`The currency ${currency} is not enabled for this store.`)
    const lines = addLines(state, [], body.line_items)
    checkLimits(state, lines)
    const now = new Date()
    const cart: Cart = {
      id: uuid(),
      customerId: typeof body.customer_id === 'number' ? body.customer_id : 0,
      channelId: typeof body.channel_id === 'number' ? body.channel_id : 1,
      email: '',
      currency,
      locale: typeof body.locale === 'string' ? body.locale : 'en',
      lines,
      couponCodes: [],
      consignments: [],
      version: 1,
      createdAt: now,
      updatedAt: now
    }
    state.carts.set(cart.id, cart)
    return await reply.code(201).send(cartBody(state, cart, request))
  })

  fastify.get<{ Params: CartParams }>('/v3/carts/:id', async (request) => {
    const state = storeOf(sandbox, request)
    return cartBody(state, cartOf(state, request.params.id), request)
  })

  fastify.put<{ Params: CartParams, Body: CartBody | null }>('/v3/carts/:id', async (request, reply) => {
    const state = storeOf(sandbox, request)
    const cart = editableCartOf(state, request.params.id)
    checkVersion(cart, request.body)
    const customerId = request.body?.customer_id
    if (typeof customerId === 'number' && customerId !== cart.customerId) {
      cart.customerId = customerId
      if (cart.consignments.length > 0) cart.shippingAddressStale = true
    }
    touch(cart)
    return await reply.code(201).send(cartBody(state, cart, request))
  })

  fastify.delete<{ Params: CartParams }>('/v3/carts/:id', async (request, reply) => {
    const state = storeOf(sandbox, request)
    cartOf(state, request.params.id)
    state.deleteCart(request.params.id)
    return await reply.code(204).send()
  })

  fastify.post<{ Params: CartParams, Body: CartBody | null }>('/v3/carts/:id/items', async (request, reply) => {
    const state = storeOf(sandbox, request)
    const cart = editableCartOf(state, request.params.id)
    const body = request.body ?? {}
    checkVersion(cart, body)
    refuseUnsupportedItems(body)
    if (!Array.isArray(body.line_items) || body.line_items.length === 0) throw invalid('Missing line_items in request body')
    const lines = addLines(state, cart.lines, body.line_items)
    checkLimits(state, lines)
    cart.lines = lines
    touch(cart)
    return await reply.code(201).send(cartBody(state, cart, request))
  })

  fastify.put<{ Params: ItemParams, Body: { line_item?: LineItemInput, version?: unknown } | null }>('/v3/carts/:id/items/:itemId', async (request) => {
    const state = storeOf(sandbox, request)
    const cart = editableCartOf(state, request.params.id)
    checkVersion(cart, request.body)
    const line = cart.lines.find((candidate) => candidate.id === request.params.itemId)
    if (line === undefined) throw notFound('Line item')
    const input = request.body?.line_item
    if (input === undefined || typeof input.quantity !== 'number' || !Number.isInteger(input.quantity) || input.quantity < 1) {
      throw invalid('line_item.quantity must be a whole number of at least 1.', { 'line_item.quantity': 'Quantity must be at least 1' })
    }
    if (input.product_id !== undefined && Number(input.product_id) !== line.productId) throw invalid('product_id does not match the line item.')
    if (input.variant_id !== undefined && Number(input.variant_id) !== line.variantId) {
      throw invalid('The variant of a line item cannot be changed; delete the item and add the new variant.')
    }
    const lines = cart.lines.map((candidate) => candidate.id === line.id ? { ...candidate, quantity: input.quantity as number } : candidate)
    checkLimits(state, lines)
    cart.lines = lines
    touch(cart)
    return cartBody(state, cart, request)
  })

  fastify.delete<{ Params: ItemParams, Body: { version?: unknown } | null }>('/v3/carts/:id/items/:itemId', async (request: FastifyRequest<{ Params: ItemParams, Body: { version?: unknown } | null }>, reply: FastifyReply) => {
    const state = storeOf(sandbox, request)
    const cart = editableCartOf(state, request.params.id)
    checkVersion(cart, request.body)
    if (!cart.lines.some((line) => line.id === request.params.itemId)) throw notFound('Line item')
    dropLine(cart, request.params.itemId)
    if (cart.lines.length === 0) {
      // BigCommerce deletes a cart whose last item is removed, and says so with a 204.
      state.deleteCart(cart.id)
      return await reply.code(204).send()
    }
    touch(cart)
    return cartBody(state, cart, request)
  })
}
