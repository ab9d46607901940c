/** A BigCommerce client bound to one store, so resource modules cannot mix two stores' calls. */
import type { BigCommerceClient, BigCommerceResponse, CallOptions, HttpMethod, StoreCredentials } from './client.js'

export interface StoreApi {
  readonly storeHash: string
  call<T>(method: HttpMethod, template: string, options?: CallOptions): Promise<BigCommerceResponse<T>>
}

export function bindStore (client: BigCommerceClient, store: StoreCredentials): StoreApi {
  return {
    storeHash: store.hash,
    call: async <T>(method: HttpMethod, template: string, options?: CallOptions) => await client.call<T>(store, method, template, options)
  }
}
