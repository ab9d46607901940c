/**
 * Installed stores, as the install callbacks, the settings page and Fast's authentication see them:
 * tokens sealed by the Keyring on the way in and opened on the way out; nothing else handles them.
 */
import type { OrderStatusIds } from '../bigcommerce/order-statuses.js'
import type { InstalledStoreRecord, RecentOrder } from '../storage/storage.js'
import type { StoreAccount, StoreDirectory } from './store-directory.js'

export interface InstalledStore {
  storeHash: string
  state: InstalledStoreRecord['state']
  scopes: string[]
  fastAppId: string | null
  orderStatusIds: OrderStatusIds
  installedAt: number
  updatedAt: number
}

export interface InstalledStores extends StoreDirectory {
  /** /auth: seals and saves the token; an install or a re-authorisation (which makes a refused store active again). */
  install (install: { storeHash: string, accessToken: string, scopes: string[] }): Promise<void>
  /** /uninstall: forgets the token and every shopper datum of the store; it is served no more. */
  uninstall (storeHash: string): Promise<void>
  get (storeHash: string): Promise<InstalledStore | undefined>
  /** The store's credentials, for the settings page's connection check; undefined when not active. */
  account (storeHash: string): Promise<StoreAccount | undefined>
  saveSettings (storeHash: string, settings: { fastAppId: string | null, orderStatusIds: Partial<OrderStatusIds> | null }): Promise<'saved' | 'app_id_taken' | 'not_installed'>
  recentOrders (storeHash: string, limit: number): Promise<RecentOrder[]>
  markTokenRefused (storeHash: string): Promise<void>
}

// TODO(issue 9, helper "secrets"): createInstalledStores({ storage, keyring, environmentStore? }).
