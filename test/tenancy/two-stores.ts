/**
 * One bridge serving two stores, A and B, each with its own Fast App ID and BigCommerce token, the
 * way installed stores are served: Fast's token audience picks the store. `bridge.fast()` (and the
 * checkout-journey helpers built on it) act as store B's Fast app; `fastAs(A_APP, ...)` as A's.
 */
import type { Test } from 'tap'
import type { AppOptions } from '../../src/app.js'
import { staticStoreDirectory, type StoreAccount, type StoreDirectory } from '../../src/stores/store-directory.js'
import { buildTestApp, FAST_APP_ID, type TestBridge } from '../helpers/build-app.js'
import type { FastAnswer } from '../helpers/fake-bigcommerce-guards.js'

export const STORE_A: StoreAccount = { hash: 'storea', accessToken: 'token-of-a', fastAppId: 'fast-app-a' }
/** B uses the helpers' default Fast App ID, so the checkout-journey helpers build B's orders. */
export const STORE_B: StoreAccount = { hash: 'storeb', accessToken: 'token-of-b', fastAppId: FAST_APP_ID }

export type Operation = 'create' | 'read' | 'update' | 'delete'

export interface TwoStoreBridge extends TestBridge {
  /** POST /fast/v1/<operation> with a Fast token for `appId`. */
  fastAs(appId: string, operation: Operation, body: unknown): Promise<FastAnswer>
}

/**
 * A directory that records refusals the way the installed-stores directory does: a marked store is
 * still found, with `tokenRefused: true`, until re-authorised. `marked` lists the hashes marked, in order.
 */
export function markingStoreDirectory (stores: StoreAccount[]): StoreDirectory & { marked: string[], reauthorise(hash: string): void } {
  const refused = new Set<string>()
  const marked: string[] = []
  const inner = staticStoreDirectory(stores)
  return {
    marked,
    async findByFastAppId (appId) {
      const store = await inner.findByFastAppId(appId)
      return store === undefined || !refused.has(store.hash) ? store : { ...store, tokenRefused: true }
    },
    async markTokenRefused (hash) {
      marked.push(hash)
      refused.add(hash)
    },
    /** The merchant opened the app again (/auth): the store is served again. */
    reauthorise (hash) {
      refused.delete(hash)
    }
  }
}

export async function buildTwoStoreBridge (t: Test, apiUrl: string, options: Partial<AppOptions> & { env?: Record<string, string> } = {}): Promise<TwoStoreBridge> {
  const bridge = await buildTestApp(t, {
    stores: staticStoreDirectory([STORE_A, STORE_B]),
    ...options,
    env: { BIGCOMMERCE_API_URL: apiUrl, ...options.env }
  })
  return {
    ...bridge,
    async fastAs (appId, operation, body) {
      const response = await bridge.app.inject({
        method: 'POST',
        url: `/fast/v1/${operation}`,
        headers: { authorization: bridge.jwks.bearer(appId), 'content-type': 'application/json' },
        payload: JSON.stringify(body)
      })
      return { statusCode: response.statusCode, headers: response.headers, body: response.body === '' ? undefined : response.json() }
    }
  }
}
