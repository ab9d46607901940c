/** Catalog (catalog/products_catalog.v3.yml): names, stock and limits for precise item errors; options and modifiers for option selections. */
import { BigCommerceError } from './client.js'
import type { StoreApi } from './store-api.js'
import type { CatalogProduct, V3Envelope } from './types.js'

/** The product with its variants, or undefined when the store has no such product. */
export async function findProduct (api: StoreApi, productId: number): Promise<CatalogProduct | undefined> {
  return await findProductWith<CatalogProduct>(api, productId, 'variants')
}

/** A value of a variant option or of a modifier (`productOptionOptionValue_Full`, `productModifierOptionValue_Full`). */
export interface CatalogOptionValue {
  id: number
  label: string
}

/** A variant option (`productOption_Base`) or a modifier (`productModifier_Full`): both have `id`, `display_name` and values. */
export interface CatalogOption {
  id: number
  display_name?: string
  /** A modifier's type (`text`, `checkbox`, `dropdown`, ...); variant options are always a choice. */
  type?: string
  option_values?: CatalogOptionValue[]
}

/** `product_Full` with `include=variants,options,modifiers`: what maps Fast's option names to `option_selections`. */
export interface ProductWithOptions {
  id: number
  name: string
  variants?: Array<{ id: number, option_values?: Array<{ id: number, option_id: number, label?: string }> }>
  options?: CatalogOption[]
  modifiers?: CatalogOption[]
}

export async function findProductWithOptions (api: StoreApi, productId: number): Promise<ProductWithOptions | undefined> {
  return await findProductWith<ProductWithOptions>(api, productId, 'variants,options,modifiers')
}

async function findProductWith<T> (api: StoreApi, productId: number, include: string): Promise<T | undefined> {
  try {
    const { body } = await api.call<V3Envelope<T>>('GET', '/v3/catalog/products/{productId}', { params: { productId }, query: { include } })
    return body.data
  } catch (err) {
    if (err instanceof BigCommerceError && err.status === 404) return undefined
    throw err
  }
}
