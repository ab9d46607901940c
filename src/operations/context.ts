/** What every operation works with: one store's BigCommerce, our memory of its orders, a logger. */
import type { BaseLogger } from 'pino'
import type { Geography } from '../bigcommerce/geography.js'
import type { StoreApi } from '../bigcommerce/store-api.js'
import type { Storage } from '../storage/storage.js'
import type { OperationMetrics } from '../metrics/bridge-metrics.js'
import type { OrderStatusIds } from '../bigcommerce/order-statuses.js'

/** The logging operations do; Fastify's request logger is one, and nothing here needs Fastify. */
export type Logger = Pick<BaseLogger, 'error' | 'warn' | 'info' | 'debug'>

export interface StoreSettings {
  /** BigCommerce status ids for Fast's BOOKED, PENDING_FULFILLMENT and CANCELED. */
  orderStatusIds: OrderStatusIds
  /** How long one update may hold its order; after a crash, the next update waits this out. */
  orderLeaseMs: number
  /** The BigCommerce channel carts are made in (BIGCOMMERCE_CHANNEL_ID); absent = BigCommerce's default, 1. */
  channelId?: number
}

export interface OperationContext {
  api: StoreApi
  storage: Storage
  geography: Geography
  settings: StoreSettings
  log: Logger
  /**
   * The order lease the request's idempotency claim already took (src/idempotency/plugin.ts), held
   * by `owner` and freed with the answer: withOrderLease uses it instead of taking its own.
   */
  heldLease?: { name: string, owner: string }
  /** Where the operations count what only they see (duplicate-order sweeps); absent, nothing is counted. */
  metrics?: OperationMetrics
}
