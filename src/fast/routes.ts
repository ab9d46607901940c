/**
 * Fast's four operations: POST /fast/v1/{create,read,update,delete}. Each route authenticates
 * (which picks the store whose Fast App ID the token names), lets its schema validate the body,
 * hands the body to its operation and lets the response schema serialise the answer. Routes hold
 * no translation logic. A store whose token BigCommerce refused is answered before anything else,
 * and a 401 from BigCommerce marks the store in the directory for the calls that follow.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { bindStore } from '../bigcommerce/store-api.js'
import type { OperationContext } from '../operations/context.js'
import { createFastOrder } from '../operations/create.js'
import { deleteFastOrder } from '../operations/delete.js'
import { readFastOrder, readShippingZones, readUser } from '../operations/read.js'
import { DEFAULT_ORDER_STATUS_IDS } from '../bigcommerce/order-statuses.js'
import { orderLeaseName } from '../operations/order-lease.js'
import { updateFastOrder } from '../operations/update/index.js'
import type { StoreDirectory } from '../stores/store-directory.js'
import { badRequest } from './errors.js'
import { storeTokenRefused } from './upstream-errors.js'
import {
  CreateRequestSchema, CreateResponseSchema, DeleteRequestSchema, DeleteResponseSchema, EntityType, enumNumber,
  ErrorBodySchema, ReadRequestSchema, ReadResponseSchema, UpdateRequestSchema, UpdateResponseSchema
} from './schemas/index.js'

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema }
/** How the API document (plugins/api-docs.ts) groups the four operations. */
const FAST_TAGS = ['Fast']

/** The order lease an update or delete will take, from the body as Fast sent it (before validation). */
function orderLeaseOf (body: unknown): string | undefined {
  const fastOrderId = (body as { order?: { order_id?: { value?: unknown } } } | undefined)?.order?.order_id?.value
  return typeof fastOrderId === 'string' && fastOrderId !== '' ? orderLeaseName(fastOrderId) : undefined
}

export interface FastRoutesOptions {
  /** The directory Fast's authentication picks stores from: told when BigCommerce refuses a store's token. */
  stores: StoreDirectory
}

const routes: FastifyPluginAsyncTypebox<FastRoutesOptions> = async (fastify, { stores }) => {
  const { storage, bigcommerce } = fastify

  // The deadline runs from arrival: authentication and a request_id's wait count against it.
  fastify.addHook('onRequest', fastify.startDeadline)
  fastify.addHook('onRequest', fastify.authenticateFast)
  // Before the body is read and before a request_id is claimed: nothing to do for a refused store.
  fastify.addHook('onRequest', async (request) => {
    if (request.store.tokenRefused === true) throw storeTokenRefused({ metadata: { store_hash: request.store.hash } })
  })

  function contextOf (request: FastifyRequest): OperationContext {
    const channelId = fastify.config.BIGCOMMERCE_CHANNEL_ID
    const settings = { orderStatusIds: request.store.orderStatusIds ?? DEFAULT_ORDER_STATUS_IDS, orderLeaseMs: fastify.config.ORDER_LEASE_MS, ...(channelId === undefined ? {} : { channelId }) }
    const api = bindStore(bigcommerce.client, request.store, {
      onTokenRefused: async (hash) => { await markTokenRefused(request, hash) },
      ...(request.deadline === null ? {} : { deadline: request.deadline })
    })
    const heldLease = request.idempotency?.heldLease
    return { api, storage, geography: bigcommerce.geography, settings, log: request.log, metrics: fastify.metrics, ...(heldLease === undefined ? {} : { heldLease }) }
  }

  /**
   * Records the refusal so the next calls are answered without BigCommerce. The environment's store
   * cannot be marked (its directory has no markTokenRefused): each of its calls meets the 401 and
   * gets the same clear error. A failure to record is logged; Fast still gets the clear error.
   */
  async function markTokenRefused (request: FastifyRequest, hash: string): Promise<void> {
    request.log.warn({ store: hash }, "BigCommerce refused the store's access token; the merchant must re-authorise the app")
    if (stores.markTokenRefused === undefined) return
    try {
      await stores.markTokenRefused(hash, request.store.accessToken)
    } catch (err) {
      request.log.error({ store: hash, err }, "could not record that BigCommerce refused the store's access token")
    }
  }

  function requireOrderEntity (type: unknown, operation: string): void {
    if (enumNumber(EntityType, type) !== EntityType.ENTITY_TYPE_ORDER) {
      throw badRequest('UNSUPPORTED_ENTITY_TYPE', `${operation} supports only ENTITY_TYPE_ORDER`, { type: String(type) })
    }
  }

  fastify.post('/fast/v1/create', {
    config: { idempotent: true },
    schema: {
      operationId: 'create',
      tags: FAST_TAGS,
      summary: 'Create a cart',
      description: 'Fast creates a cart (`order.is_cart: true`) with its lines; the bridge creates the BigCommerce cart and ' +
        'answers the Fast order with prices, discounts and totals. `external_id` in the answer is the BigCommerce cart id. ' +
        'Idempotent by `request_id`: a retry gets the first answer.',
      body: CreateRequestSchema,
      response: { 200: CreateResponseSchema, ...errors }
    }
  }, async (request) => {
    requireOrderEntity(request.body.type, 'create')
    return await fastify.withinDeadline(request, async () => await createFastOrder(contextOf(request), request.body))
  })

  fastify.post('/fast/v1/read', {
    schema: {
      operationId: 'read',
      tags: FAST_TAGS,
      summary: 'Read an order, the shipping zones or a customer',
      description: 'By `type`: ENTITY_TYPE_ORDER reads the cart or order by `order.order_id` (or `external_order_id`); ' +
        "ENTITY_TYPE_SHIPPING_ZONES lists the countries and subdivisions the store ships to; ENTITY_TYPE_USER finds the store's " +
        'customer by `user.external_user_id` or `user.email`.',
      body: ReadRequestSchema,
      response: { 200: ReadResponseSchema, ...errors }
    }
  }, async (request) => {
    const { body } = request
    const echo = body.request_id === undefined ? {} : { request_id: body.request_id }
    switch (enumNumber(EntityType, body.type)) {
      case EntityType.ENTITY_TYPE_ORDER:
        return { ...echo, ...await fastify.withinDeadline(request, async () => await readFastOrder(contextOf(request), body.order)) }
      case EntityType.ENTITY_TYPE_SHIPPING_ZONES:
        return { ...echo, type: EntityType.ENTITY_TYPE_SHIPPING_ZONES, ...await fastify.withinDeadline(request, async () => await readShippingZones(contextOf(request))) }
      case EntityType.ENTITY_TYPE_USER:
        return { ...echo, type: EntityType.ENTITY_TYPE_USER, ...await fastify.withinDeadline(request, async () => await readUser(contextOf(request), body.user)) }
      default:
        throw badRequest('UNSUPPORTED_ENTITY_TYPE', 'read supports ENTITY_TYPE_ORDER, ENTITY_TYPE_SHIPPING_ZONES and ENTITY_TYPE_USER', { type: String(body.type) })
    }
  })

  fastify.post('/fast/v1/update', {
    config: { idempotent: true, leaseWithClaim: orderLeaseOf },
    schema: {
      operationId: 'update',
      tags: FAST_TAGS,
      summary: 'Update a cart, convert it to an order, or change an order\'s status',
      description: 'Changes the segments the body carries (items, coupon, bill_to, shipments, shipping_option, user_info, ' +
        'the conversion with `convert_mode`, status) and answers the whole order with `order.status[]`: one entry per ' +
        'updated segment, where `status: false` is a soft failure inside the 200. Idempotent by `request_id`; ' +
        'changes of one order are serialised.',
      body: UpdateRequestSchema,
      response: { 200: UpdateResponseSchema, ...errors }
    }
  }, async (request) => {
    requireOrderEntity(request.body.type, 'update')
    const { request_id: requestId } = request.body
    return await fastify.withinDeadline(request, async () => {
      const result = await updateFastOrder(contextOf(request), request.body.order)
      return requestId === undefined ? result : { request_id: requestId, ...result }
    })
  })

  fastify.post('/fast/v1/delete', {
    config: { idempotent: true, leaseWithClaim: orderLeaseOf },
    schema: {
      operationId: 'delete',
      tags: FAST_TAGS,
      summary: 'Delete a cart',
      description: 'Deletes the cart named by `order.order_id` (or `external_order_id`) and answers `{}`. Idempotent by `request_id`.',
      body: DeleteRequestSchema,
      response: { 200: DeleteResponseSchema, ...errors }
    }
  }, async (request) => {
    requireOrderEntity(request.body.type, 'delete')
    return await fastify.withinDeadline(request, async () => await deleteFastOrder(contextOf(request), request.body.order))
  })
}

export default routes
