/** orders.v2.oas2.yml: read, list, update and archive orders; their products, addresses and coupons. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { includeOf, storeOf, v2Base, type RouteOptions } from '../context.js'
import { notFound, SandboxError } from '../errors.js'
import { ORDER_STATUSES, setOrderStatus } from '../orders.js'
import type { Order, StoreState } from '../state.js'
import { orderCouponView, orderProductView, orderView, shippingAddressView } from '../views/order.js'

interface OrderParams { hash: string, id: string }

/** Fields BigCommerce lets a PUT write that the sandbox keeps; anything else it refuses by name. */
const WRITABLE = new Set(['status_id', 'external_order_id', 'external_source', 'staff_notes', 'customer_message', 'payment_method', 'is_deleted'])
const READ_ONLY = new Set(['id', 'cart_id', 'status', 'date_created', 'date_modified', 'items_total', 'subtotal_tax', 'total_tax', 'default_currency_code', 'external_id', 'order_source', 'item_total'])

function orderOf (state: StoreState, id: string, { includeDeleted = true } = {}): Order {
  const order = state.orders.get(Number(id))
  if (order === undefined || (!includeDeleted && order.isDeleted)) throw notFound('Order')
  return order
}

/** v2 answers an empty list with 204 and no body. */
async function list (reply: FastifyReply, items: unknown[]): Promise<unknown> {
  if (items.length === 0) return await reply.code(204).send()
  return items
}

function numberQuery (request: FastifyRequest, name: string): number | undefined {
  const value = (request.query as Record<string, unknown>)[name]
  if (value === undefined || value === '') return undefined
  const number = Number(value)
  if (!Number.isFinite(number)) throw new SandboxError(400, `The filter '${name}' must be a number.`)
  return number
}

export const orderRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.get<{ Params: { hash: string }, Querystring: Record<string, string | undefined> }>('/v2/orders', async (request, reply) => {
    const state = storeOf(sandbox, request)
    const query = request.query
    const statusId = numberQuery(request, 'status_id')
    const minId = numberQuery(request, 'min_id')
    const maxId = numberQuery(request, 'max_id')
    const page = numberQuery(request, 'page') ?? 1
    const limit = Math.min(numberQuery(request, 'limit') ?? 50, 250)
    const sortDesc = query.sort === 'id:desc'
    const orders = [...state.orders.values()]
      .filter((order) => !order.isDeleted)
      .filter((order) => query.cart_id === undefined || order.cartId === query.cart_id)
      .filter((order) => query.external_order_id === undefined || order.externalOrderId === query.external_order_id)
      .filter((order) => query.email === undefined || order.email.toLowerCase() === query.email.toLowerCase())
      .filter((order) => statusId === undefined || order.statusId === statusId)
      .filter((order) => minId === undefined || order.id >= minId)
      .filter((order) => maxId === undefined || order.id <= maxId)
      .sort((a, b) => sortDesc ? b.id - a.id : a.id - b.id)
      .slice((page - 1) * limit, page * limit)
    const base = v2Base(request)
    return await list(reply, orders.map((order) => orderView(state, order, { base, include: includeOf(request) })))
  })

  fastify.get<{ Params: OrderParams }>('/v2/orders/:id', async (request) => {
    const state = storeOf(sandbox, request)
    return orderView(state, orderOf(state, request.params.id), { base: v2Base(request), include: includeOf(request) })
  })

  fastify.put<{ Params: OrderParams, Body: Record<string, unknown> | null }>('/v2/orders/:id', async (request) => {
    const state = storeOf(sandbox, request)
    const order = orderOf(state, request.params.id)
    const body = request.body ?? {}
    for (const field of Object.keys(body)) {
      if (READ_ONLY.has(field)) {
        throw new SandboxError(400, `The field '${field}' cannot be written to. Please remove it from your request before trying again.`)
      }
      if (!WRITABLE.has(field)) throw new SandboxError(400, `The sandbox does not support writing the field '${field}'.`)
    }
    if (body.status_id !== undefined) setOrderStatus(state, order, body.status_id as number)
    if (body.external_order_id !== undefined) order.externalOrderId = body.external_order_id === null ? null : String(body.external_order_id)
    if (body.external_source !== undefined) order.externalSource = body.external_source === null ? null : String(body.external_source)
    if (typeof body.staff_notes === 'string') order.staffNotes = body.staff_notes
    if (typeof body.customer_message === 'string') order.customerMessage = body.customer_message
    if (typeof body.payment_method === 'string') order.paymentMethod = body.payment_method
    if (typeof body.is_deleted === 'boolean') order.isDeleted = body.is_deleted
    order.modifiedAt = new Date()
    return orderView(state, order, { base: v2Base(request), include: includeOf(request) })
  })

  fastify.delete<{ Params: OrderParams }>('/v2/orders/:id', async (request, reply) => {
    const state = storeOf(sandbox, request)
    // Archiving: the order stays readable with is_deleted true; a second DELETE finds nothing.
    const order = orderOf(state, request.params.id, { includeDeleted: false })
    order.isDeleted = true
    order.modifiedAt = new Date()
    return await reply.code(204).send()
  })

  fastify.get<{ Params: OrderParams }>('/v2/orders/:id/products', async (request, reply) => {
    const state = storeOf(sandbox, request)
    const order = orderOf(state, request.params.id)
    return await list(reply, order.lines.map((line) => orderProductView(order, line)))
  })

  fastify.get<{ Params: OrderParams }>('/v2/orders/:id/shipping_addresses', async (request, reply) => {
    const state = storeOf(sandbox, request)
    const order = orderOf(state, request.params.id)
    const base = v2Base(request)
    return await list(reply, order.shipping.map((shipping) => ({ ...shippingAddressView(state, base, order, shipping, 'string'), order_id: order.id })))
  })

  fastify.get<{ Params: OrderParams }>('/v2/orders/:id/coupons', async (request, reply) => {
    const state = storeOf(sandbox, request)
    const order = orderOf(state, request.params.id)
    return await list(reply, order.coupons.map((coupon) => orderCouponView(order, coupon)))
  })

  fastify.get('/v2/order_statuses', async () => {
    return Object.entries(ORDER_STATUSES).map(([id, name], order) => ({
      id: Number(id),
      name,
      system_label: name,
      custom_label: name,
      system_description: name,
      order
    }))
  })
}
