/**
 * Installed stores, as the install callbacks, the settings page and Fast's authentication see them:
 * tokens sealed by the Keyring on the way in and opened on the way out; nothing else handles them.
 */
import { LRUCache } from 'lru-cache'
import { DEFAULT_ORDER_STATUS_IDS, type OrderStatusIds } from '../bigcommerce/order-statuses.js'
import type { Keyring } from '../secrets/keyring.js'
import { SealedValueError } from '../secrets/keyring.js'
import type { InstalledStoreRecord, InstalledStoreStore, RecentOrder } from '../storage/storage.js'
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
  /**
   * BigCommerce answered 401 to `refusedAccessToken`: the store is not served until re-authorised,
   * unless a re-authorisation has replaced that token meanwhile. The environment's store is left alone.
   */
  markTokenRefused (storeHash: string, refusedAccessToken: string): Promise<void>
  /** /auth: seals and saves the token; an install or a re-authorisation (which makes a refused store active again). */
  install (install: { storeHash: string, accessToken: string, scopes: string[] }): Promise<void>
  /** /uninstall: forgets the token and every shopper datum of the store; it is served no more. */
  uninstall (storeHash: string): Promise<void>
  /** Calls `listener` after each uninstall this instance makes, so what it keeps in memory of the store goes too. */
  onUninstall (listener: (storeHash: string) => void): void
  /** The store in any state (an uninstalled one has no scopes or settings left); undefined when never installed. */
  get (storeHash: string): Promise<InstalledStore | undefined>
  /** The store's credentials, for the settings page's connection check; undefined when not active. `fastAppId` is '' until entered. */
  account (storeHash: string): Promise<StoreAccount | undefined>
  /** 'app_id_taken' when another store (installed, or the environment's) has this Fast App ID. */
  saveSettings (storeHash: string, settings: { fastAppId: string | null, orderStatusIds: Partial<OrderStatusIds> | null }): Promise<'saved' | 'app_id_taken' | 'not_installed'>
  recentOrders (storeHash: string, limit: number): Promise<RecentOrder[]>
}

export interface InstalledStoresOptions {
  storage: InstalledStoreStore
  keyring: Keyring
  /** The single store named by the BIGCOMMERCE_* settings (app.ts storesFromConfig); it comes first. */
  environmentStores?: StoreDirectory
  /** The clock of the cache's expiry, in milliseconds; tests move it. */
  now?: () => number
  /** How long a looked-up store is reused without reading the database (default CACHE_TTL_MS). */
  cacheTtlMs?: number
}

/**
 * Fast calls arrive in bursts for one store; each would otherwise read a row and open a token.
 * This instance forgets its cache on every change it makes itself (install, uninstall, settings,
 * refused token), so it never serves what it changed. Another instance sharing the database learns
 * of a change only when its entry expires: for up to CACHE_TTL_MS after an uninstall elsewhere it
 * may still serve the store (with a token BigCommerce revoked at the uninstall, so those calls
 * fail with 401), and a new App ID saved elsewhere may answer "unknown" for as long.
 */
export const CACHE_TTL_MS = 5_000
const CACHE_MAX = 1_000

export function createInstalledStores ({ storage, keyring, environmentStores, now, cacheTtlMs = CACHE_TTL_MS }: InstalledStoresOptions): InstalledStores {
  // Keyed by Fast App ID; `undefined` found (no store served) is cached too, as `null`.
  const cache = new LRUCache<string, { account: StoreAccount | null }>({
    max: CACHE_MAX,
    ttl: cacheTtlMs,
    ttlResolution: 0,
    ...(now === undefined ? {} : { perf: { now } })
  })
  // A lookup that began before a change must not put its (stale) answer in the emptied cache.
  let generation = 0
  const forget = () => { generation++; cache.clear() }
  const uninstallListeners: Array<(storeHash: string) => void> = []

  /** The token of a store row, re-sealed under the current key when an older key sealed it. */
  const openToken = async (record: InstalledStoreRecord & { sealedAccessToken: string }): Promise<string> => {
    const token = keyring.open(record.sealedAccessToken, record.storeHash)
    if (keyring.keyIdOf(record.sealedAccessToken) !== keyring.currentKeyId) {
      // Compare-and-set: if /auth stored a new token meanwhile, that one stays.
      await storage.resealAccessToken(record.storeHash, record.sealedAccessToken, keyring.seal(token, record.storeHash), keyring.currentKeyId)
    }
    return token
  }

  /** Whether a sealed token is this one; one that no longer opens is not (accountOf reports it). */
  const opensTo = (sealed: string, storeHash: string, token: string): boolean => {
    try {
      return keyring.open(sealed, storeHash) === token
    } catch (err) {
      if (err instanceof SealedValueError) return false
      throw err
    }
  }

  const accountOf = async (record: InstalledStoreRecord): Promise<StoreAccount | undefined> => {
    if (record.state === 'uninstalled' || record.sealedAccessToken === null) return undefined
    const account: StoreAccount = {
      hash: record.storeHash,
      accessToken: '',
      fastAppId: record.fastAppId ?? '',
      orderStatusIds: statusIdsOf(record),
      source: 'installed'
    }
    // A refused token is never sent again: the routes answer "re-authorise the app" instead.
    if (record.state === 'token_refused') return { ...account, tokenRefused: true }
    try {
      return { ...account, accessToken: await openToken({ ...record, sealedAccessToken: record.sealedAccessToken }) }
    } catch (err) {
      // Its key was removed from TOKEN_ENCRYPTION_KEY (or the row was tampered with): the token is
      // lost to us, and only a re-authorisation (a new /auth) gives a new one. The row is left as is:
      // during a rolling key change another instance may still hold the key.
      if (err instanceof SealedValueError) return { ...account, tokenRefused: true }
      throw err
    }
  }

  return {
    async findByFastAppId (appId) {
      const fromEnvironment = await environmentStores?.findByFastAppId(appId)
      if (fromEnvironment !== undefined) return { ...fromEnvironment, source: 'environment' }
      const cached = cache.get(appId)
      if (cached !== undefined) return cached.account ?? undefined
      const started = generation
      const record = await storage.findStoreByFastAppId(appId)
      const account = record === undefined ? undefined : await accountOf(record)
      if (generation === started) cache.set(appId, { account: account ?? null })
      return account
    },

    async install ({ storeHash, accessToken, scopes }) {
      await storage.saveInstall({ storeHash, sealedAccessToken: keyring.seal(accessToken, storeHash), keyId: keyring.currentKeyId, scopes })
      forget()
    },

    async uninstall (storeHash) {
      forget() // before too: a lookup racing the uninstall must not keep serving from the cache
      await storage.forgetStore(storeHash)
      forget()
      for (const listener of uninstallListeners) listener(storeHash)
    },

    onUninstall (listener) {
      uninstallListeners.push(listener)
    },

    async get (storeHash) {
      const record = await storage.getInstalledStore(storeHash)
      if (record === undefined) return undefined
      const { state, scopes, fastAppId, installedAt, updatedAt } = record
      return { storeHash, state, scopes, fastAppId, orderStatusIds: statusIdsOf(record), installedAt, updatedAt }
    },

    async account (storeHash) {
      const record = await storage.getInstalledStore(storeHash)
      if (record?.state !== 'active') return undefined
      const account = await accountOf(record)
      return account?.tokenRefused === true ? undefined : account
    },

    async saveSettings (storeHash, { fastAppId, orderStatusIds }) {
      if (fastAppId !== null) {
        const fromEnvironment = await environmentStores?.findByFastAppId(fastAppId)
        if (fromEnvironment !== undefined && fromEnvironment.hash !== storeHash) return 'app_id_taken'
      }
      const saved = await storage.saveStoreSettings(storeHash, { fastAppId, orderStatusIds })
      if (saved === 'saved') forget()
      return saved
    },

    async recentOrders (storeHash, limit) {
      return await storage.listRecentOrders(storeHash, limit)
    },

    async markTokenRefused (storeHash, refusedAccessToken) {
      // Only installed rows change: the environment's store has none, so it is left alone. A /auth
      // replaces the token, and BigCommerce then refuses the old one: a call still under way with it
      // (or another instance still caching it) must not mark the store the merchant just mended.
      const record = await storage.getInstalledStore(storeHash)
      if (record?.state === 'active' && record.sealedAccessToken !== null && opensTo(record.sealedAccessToken, storeHash, refusedAccessToken)) {
        await storage.setStoreState(storeHash, 'token_refused', record.sealedAccessToken)
      }
      // Either way: the next lookup reads the row (marked, or holding the new token).
      forget()
    }
  }
}

/** The merchant's status ids over the defaults. */
function statusIdsOf (record: InstalledStoreRecord): OrderStatusIds {
  return { ...DEFAULT_ORDER_STATUS_IDS, ...record.orderStatusIds }
}
