/**
 * Fast's four operations: POST /fast/v1/{create,read,update,delete}. Each route authenticates,
 * lets its schema validate the body, hands the body to its operation and lets the response
 * schema serialise the answer. Routes hold no translation logic.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { bindStore } from '../bigcommerce/store-api.js'
import type { OperationContext } from '../operations/context.js'
import { createFastOrder } from '../operations/create.js'
import { deleteFastOrder } from '../operations/delete.js'
import { readFastOrder, readShippingZones, readUser } from '../operations/read.js'
import { DEFAULT_ORDER_STATUS_IDS } from '../bigcommerce/order-statuses.js'
import { updateFastOrder } from '../operations/update/index.js'
import { badRequest } from './errors.js'
import {
  CreateRequestSchema, CreateResponseSchema, DeleteRequestSchema, DeleteResponseSchema, EntityType, enumNumber,
  ErrorBodySchema, ReadRequestSchema, ReadResponseSchema, UpdateRequestSchema, UpdateResponseSchema
} from './schemas/index.js'

const errors = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema }

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { storage, bigcommerce } = fastify

  fastify.addHook('onRequest', fastify.authenticateFast)

  function contextOf (request: FastifyRequest): OperationContext {
    const channelId = fastify.config.BIGCOMMERCE_CHANNEL_ID
    const settings = { orderStatusIds: request.store.orderStatusIds ?? DEFAULT_ORDER_STATUS_IDS, orderLeaseMs: fastify.config.ORDER_LEASE_MS, ...(channelId === undefined ? {} : { channelId }) }
    return { api: bindStore(bigcommerce.client, request.store), storage, geography: bigcommerce.geography, settings, log: request.log }
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
    return await createFastOrder(contextOf(request), request.body)
  })

  fastify.post('/fast/v1/read', {
    schema: { operationId: 'read', body: ReadRequestSchema, response: { 200: ReadResponseSchema, ...errors } }
  }, async (request) => {
    const { body } = request
    const echo = body.request_id === undefined ? {} : { request_id: body.request_id }
    switch (enumNumber(EntityType, body.type)) {
      case EntityType.ENTITY_TYPE_ORDER:
        return { ...echo, ...await readFastOrder(contextOf(request), body.order) }
      case EntityType.ENTITY_TYPE_SHIPPING_ZONES:
        return { ...echo, type: EntityType.ENTITY_TYPE_SHIPPING_ZONES, ...await readShippingZones(contextOf(request)) }
      case EntityType.ENTITY_TYPE_USER:
        return { ...echo, type: EntityType.ENTITY_TYPE_USER, ...await readUser(contextOf(request), body.user) }
      default:
        throw badRequest('UNSUPPORTED_ENTITY_TYPE', 'read supports ENTITY_TYPE_ORDER, ENTITY_TYPE_SHIPPING_ZONES and ENTITY_TYPE_USER', { type: String(body.type) })
    }
  })

  fastify.post('/fast/v1/update', {
    config: { idempotent: true },
    schema: { operationId: 'update', body: UpdateRequestSchema, response: { 200: UpdateResponseSchema, ...errors } }
  }, async (request) => {
    requireOrderEntity(request.body.type, 'update')
    const result = await updateFastOrder(contextOf(request), request.body.order)
    return request.body.request_id === undefined ? result : { request_id: request.body.request_id, ...result }
  })

  fastify.post('/fast/v1/delete', {
    config: { idempotent: true },
    schema: { operationId: 'delete', body: DeleteRequestSchema, response: { 200: DeleteResponseSchema, ...errors } }
  }, async (request) => {
    requireOrderEntity(request.body.type, 'delete')
    return await deleteFastOrder(contextOf(request), request.body.order)
  })
}

export default routes
