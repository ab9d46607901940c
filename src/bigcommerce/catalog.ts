/** Catalog (catalog/products_catalog.v3.yml): names, stock and limits, for precise item errors. */
import { BigCommerceError } from './client.js'
import type { StoreApi } from './store-api.js'
import type { CatalogProduct, V3Envelope } from './types.js'

/** The product with its variants, or undefined when the store has no such product. */
export async function findProduct (api: StoreApi, productId: number): Promise<CatalogProduct | undefined> {
  try {
    const { body } = await api.call<V3Envelope<CatalogProduct>>('GET', '/v3/catalog/products/{productId}', { params: { productId }, query: { include: 'variants' } })
    return body.data
  } catch (err) {
    if (err instanceof BigCommerceError && err.status === 404) return undefined
    throw err
  }
}
