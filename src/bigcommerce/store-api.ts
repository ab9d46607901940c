/** A BigCommerce client bound to one store, so resource modules cannot mix two stores' calls. */
import { BigCommerceError, type BigCommerceClient, type BigCommerceResponse, type CallOptions, type HttpMethod, type StoreCredentials } from './client.js'

export interface StoreApi {
  readonly storeHash: string
  call<T>(method: HttpMethod, template: string, options?: CallOptions): Promise<BigCommerceResponse<T>>
}

export interface BindStoreOptions {
  /**
   * BigCommerce answered 401 to the store's token (revoked, app uninstalled elsewhere). Told here,
   * under every call, because an operation may absorb the refusal (a best-effort step) and the
   * store must be marked all the same. Awaited before the error goes on; must not throw.
   */
  onTokenRefused?: (storeHash: string) => Promise<void>
  /** The request's deadline, carried by every call (see client.ts for what it stops). */
  deadline?: { signal: AbortSignal, at: number }
}

export function bindStore (client: BigCommerceClient, store: StoreCredentials, options: BindStoreOptions = {}): StoreApi {
  const { onTokenRefused, deadline } = options
  const bounded = deadline === undefined ? {} : { signal: deadline.signal, deadline: deadline.at }
  return {
    storeHash: store.hash,
    async call<T> (method: HttpMethod, template: string, callOptions?: CallOptions) {
      try {
        return await client.call<T>(store, method, template, { ...callOptions, ...bounded })
      } catch (err) {
        if (onTokenRefused !== undefined && isTokenRefused(err)) await onTokenRefused(store.hash)
        throw err
      }
    }
  }
}

/** BigCommerce refused the store's access token itself (a 403 is a missing scope instead). */
export function isTokenRefused (err: unknown): err is BigCommerceError {
  return err instanceof BigCommerceError && err.status === 401
}
