/**
 * The stores this bridge serves: each pairs a BigCommerce store (hash and API token) with the
 * Fast App ID that Fast puts in its tokens' `aud`. A request only ever reaches its own store.
 */
import type { OrderStatusIds } from './bigcommerce/order-statuses.js'

export interface StoreAccount {
  hash: string
  accessToken: string
  fastAppId: string
  /** BigCommerce status ids for Fast's order statuses, when the merchant wants others than the defaults. */
  orderStatusIds?: OrderStatusIds
}

export interface StoreDirectory {
  findByFastAppId(appId: string): Promise<StoreAccount | undefined>
}

export function staticStoreDirectory (stores: StoreAccount[]): StoreDirectory {
  const byAppId = new Map(stores.map(store => [store.fastAppId, store]))
  return {
    async findByFastAppId (appId) {
      return byAppId.get(appId)
    }
  }
}
