/** What every operation works with: one store's BigCommerce, our memory of its orders, a logger. */
import type { FastifyBaseLogger } from 'fastify'
import type { Geography } from '../bigcommerce/geography.js'
import type { StoreApi } from '../bigcommerce/store-api.js'
import type { Storage } from '../storage/storage.js'
import type { OrderStatusIds } from './update/status.js'

export interface StoreSettings {
  /** BigCommerce status ids for Fast's BOOKED, PENDING_FULFILLMENT and CANCELED. */
  orderStatusIds: OrderStatusIds
  /** How long one update may hold its order; after a crash, the next update waits this out. */
  orderLeaseMs: number
}

export interface OperationContext {
  api: StoreApi
  storage: Storage
  geography: Geography
  settings: StoreSettings
  log: FastifyBaseLogger
}
