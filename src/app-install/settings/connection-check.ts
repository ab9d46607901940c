/**
 * What the settings page checks each time it is shown, all at once and each on its own: a failing
 * check (BigCommerce down, Fast's JWKS unreachable, the database slow) becomes a plain sentence on
 * the page, never a failed page, and a hanging one gives up after CHECK_DEADLINE_MS.
 */
import type { FastifyBaseLogger } from 'fastify'
import { BigCommerceError, type BigCommerceClient } from '../../bigcommerce/client.js'
import type { RecentOrder } from '../../storage/storage.js'
import type { InstalledStore, InstalledStores } from '../../stores/installed-stores.js'
import { missingScopes } from '../scopes.js'

/** How many recent Fast orders the page lists. */
export const RECENT_ORDERS_SHOWN = 20
/** Longer than one BigCommerce read with its retries usually takes; short enough for a page in an iframe. */
export const CHECK_DEADLINE_MS = 8_000

export interface CheckLine {
  name: string
  ok: boolean
  /** One sentence for the merchant; plain text. */
  detail: string
}

export interface StorePageFacts {
  checks: CheckLine[]
  recentOrders: { ok: true, orders: RecentOrder[] } | { ok: false, problem: string }
}

export interface CheckDependencies {
  stores: Pick<InstalledStores, 'account' | 'recentOrders'>
  client: BigCommerceClient
  checkFastKeys: () => Promise<{ ok: true, keys: number } | { ok: false, reason: string }>
  log: FastifyBaseLogger
}

export async function gatherStorePageFacts (deps: CheckDependencies, store: InstalledStore): Promise<StorePageFacts> {
  const [bigcommerce, fastKeys, recentOrders] = await Promise.all([
    settle(deps, 'BigCommerce API', checkBigCommerce(deps, store)),
    settle(deps, "Fast's signing keys", checkFastKeys(deps)),
    readRecentOrders(deps, store.storeHash)
  ])
  return { checks: [bigcommerce, scopesLine(store), fastKeys], recentOrders }
}

async function checkBigCommerce (deps: CheckDependencies, store: InstalledStore): Promise<CheckLine> {
  const name = 'BigCommerce API'
  const account = await deps.stores.account(store.storeHash)
  if (account === undefined) {
    return {
      name,
      ok: false,
      detail: store.state === 'token_refused'
        ? "BigCommerce refused this store's access token. Open the app from the control panel's Apps menu to authorise it again."
        : 'This store has no active access token. Install the app again from the control panel.'
    }
  }
  try {
    const { body } = await deps.client.call<{ name?: unknown } | undefined>(account, 'GET', '/v2/store', { timeoutMs: CHECK_DEADLINE_MS / 2 })
    const storeName = typeof body?.name === 'string' ? body.name : undefined
    return { name, ok: true, detail: storeName === undefined ? 'Reachable with this store\'s access token.' : `Reachable with this store's access token (store “${storeName}”).` }
  } catch (err) {
    return { name, ok: false, detail: describeBigCommerceFailure(err) }
  }
}

function describeBigCommerceFailure (err: unknown): string {
  if (!(err instanceof BigCommerceError)) return 'The check failed unexpectedly; try again in a moment.'
  if (err.status === 0) return `BigCommerce did not answer (${err.transportCode ?? 'no response'}); try again in a moment.`
  if (err.status === 401) return "BigCommerce refused this store's access token (401). Open the app from the control panel's Apps menu to authorise it again."
  if (err.status === 403) return 'BigCommerce refused to show the store profile (403): the app lacks a scope. Check the scopes below.'
  return `BigCommerce answered ${err.status} to a read of the store profile; try again in a moment.`
}

function scopesLine (store: InstalledStore): CheckLine {
  const missing = missingScopes(store.scopes)
  return missing.length === 0
    ? { name: 'API scopes', ok: true, detail: 'Every scope the bridge needs is granted.' }
    : { name: 'API scopes', ok: false, detail: `Missing: ${missing.join(', ')}. Add them to the app in the Developer Portal, then authorise the app again.` }
}

async function checkFastKeys (deps: CheckDependencies): Promise<CheckLine> {
  const name = "Fast's signing keys"
  const result = await deps.checkFastKeys()
  return result.ok
    ? { name, ok: true, detail: `Fetched: ${result.keys} usable ${result.keys === 1 ? 'key' : 'keys'}, so Fast's calls can be verified.` }
    : { name, ok: false, detail: `Not fetchable: ${result.reason}. Fast's calls cannot be verified until they are.` }
}

async function readRecentOrders (deps: CheckDependencies, storeHash: string): Promise<StorePageFacts['recentOrders']> {
  try {
    return { ok: true, orders: await withDeadline(deps.stores.recentOrders(storeHash, RECENT_ORDERS_SHOWN)) }
  } catch (err) {
    deps.log.warn({ store: storeHash, err: errorSummary(err) }, 'settings page: recent orders not readable')
    return { ok: false, problem: 'The recent orders could not be read just now; reload the page to try again.' }
  }
}

/** A check that throws or hangs is shown as failed; it is logged by its message only (no request or cause). */
async function settle (deps: CheckDependencies, name: string, check: Promise<CheckLine>): Promise<CheckLine> {
  try {
    return await withDeadline(check)
  } catch (err) {
    deps.log.warn({ check: name, err: errorSummary(err) }, 'settings page: check failed')
    return { name, ok: false, detail: err instanceof DeadlineError ? 'No answer in time; reload the page to try again.' : 'The check failed unexpectedly; reload the page to try again.' }
  }
}

class DeadlineError extends Error {}

async function withDeadline<T> (work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new DeadlineError('deadline')) }, CHECK_DEADLINE_MS)
    timer.unref()
  })
  try {
    return await Promise.race([work, deadline])
  } finally {
    clearTimeout(timer)
  }
}

function errorSummary (err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error'
}
