/**
 * The stores this bridge serves: each pairs a BigCommerce store (hash and API token) with the
 * Fast App ID that Fast puts in its tokens' `aud`. A request only ever reaches its own store.
 * Stores come from the environment (one store, no install) or from installs (src/stores/installed-stores.ts).
 */
import type { OrderStatusIds } from '../bigcommerce/order-statuses.js'

export interface StoreAccount {
  hash: string
  accessToken: string
  fastAppId: string
  /** BigCommerce status ids for Fast's order statuses, when the merchant wants others than the defaults. */
  orderStatusIds?: OrderStatusIds
  /** Where the store comes from: the environment's single store, or an install from the control panel. */
  source?: 'environment' | 'installed'
  /**
   * BigCommerce refused the store's token (a 401) and the store was marked, or the token can no
   * longer be opened (its key was removed): Fast's calls are answered STORE_TOKEN_REFUSED without
   * calling BigCommerce, until the merchant re-authorises the app. `accessToken` is then '' and unused.
   */
  tokenRefused?: boolean
}

export interface StoreDirectory {
  /**
   * The store served for this Fast App ID; undefined when none is (unknown, uninstalled). A store
   * whose token BigCommerce refused comes back with `tokenRefused: true`, so Fast learns why.
   */
  findByFastAppId(appId: string): Promise<StoreAccount | undefined>
  /**
   * BigCommerce answered 401 to the store's token `refusedAccessToken`: stop serving it until the
   * merchant re-authorises, unless the store holds another token by now (a re-authorisation came
   * while the refused call was under way). A directory that cannot record it (the environment's
   * store) may ignore it.
   */
  markTokenRefused?(storeHash: string, refusedAccessToken: string): Promise<void>
}

export function staticStoreDirectory (stores: StoreAccount[]): StoreDirectory {
  const byAppId = new Map(stores.map(store => [store.fastAppId, store]))
  return {
    async findByFastAppId (appId) {
      return byAppId.get(appId)
    }
  }
}
