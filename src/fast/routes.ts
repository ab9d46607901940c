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
    return { api, storage, geography: bigcommerce.geography, settings, log: request.log, ...(heldLease === undefined ? {} : { heldLease }) }
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
    schema: { operationId: 'create', body: CreateRequestSchema, response: { 200: CreateResponseSchema, ...errors } }
  }, async (request) => {
    requireOrderEntity(request.body.type, 'create')
    return await fastify.withinDeadline(request, async () => await createFastOrder(contextOf(request), request.body))
  })

  fastify.post('/fast/v1/read', {
    schema: { operationId: 'read', body: ReadRequestSchema, response: { 200: ReadResponseSchema, ...errors } }
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
    schema: { operationId: 'update', body: UpdateRequestSchema, response: { 200: UpdateResponseSchema, ...errors } }
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
    schema: { operationId: 'delete', body: DeleteRequestSchema, response: { 200: DeleteResponseSchema, ...errors } }
  }, async (request) => {
    requireOrderEntity(request.body.type, 'delete')
    return await fastify.withinDeadline(request, async () => await deleteFastOrder(contextOf(request), request.body.order))
  })
}

export default routes
