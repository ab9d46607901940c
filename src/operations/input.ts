/** Small parsers for the parts of Fast requests that schemas cannot fully check. */
import { badRequest } from '../fast/errors.js'

export function parseId (id: { value?: string } | undefined, field: string): string {
  const value = id?.value
  if (value === undefined || value === '') throw badRequest('ID_MISSING', `${field}.value is required`, { field })
  return value
}

/** Fast sends int64 as a number or a numeric string; omitted means `fallback`. */
export function parseQuantity (quantity: number | string | undefined, field: string, minimum: number, fallback = 0): number {
  const value = quantity === undefined ? fallback : Number(quantity)
  if (!Number.isSafeInteger(value) || value < minimum || value > 1_000_000) {
    throw badRequest('INVALID_QUANTITY', `${field} must be a whole number from ${minimum} to 1000000`, { field })
  }
  return value
}

/** The BigCommerce product (and variant, when Fast names one) a Fast line or item is. */
export interface ProductRef {
  productId: number
  variantId?: number
}

/** A line's `external_product_id` / `external_variant_id`, which must be BigCommerce ids. */
export function parseProductRef (line: { external_product_id?: string, external_variant_id?: string }, where: string): ProductRef {
  const productId = Number(line.external_product_id)
  if (!Number.isSafeInteger(productId) || productId <= 0) {
    throw badRequest('INVALID_PRODUCT', `${where}.external_product_id must be a BigCommerce product id`, { field: `${where}.external_product_id` })
  }
  if (line.external_variant_id === undefined || line.external_variant_id === '') return { productId }
  const variantId = Number(line.external_variant_id)
  if (!Number.isSafeInteger(variantId) || variantId <= 0) {
    throw badRequest('INVALID_VARIANT', `${where}.external_variant_id must be a BigCommerce variant id`, { field: `${where}.external_variant_id` })
  }
  return { productId, variantId }
}

/** A choice Fast made on a line: an option or modifier named by id or display name, and its value. */
export interface ChosenOption {
  key: string
  value: string
}

/**
 * `external_options` and `customizations` of a line, as one list: BigCommerce takes both as
 * `option_selections` (variant options and modifiers alike). A key without a value is refused.
 */
export function parseChosenOptions (line: { external_options?: Array<{ key?: string, value?: string }>, customizations?: Array<{ key?: string, value?: string }> }, where: string): ChosenOption[] {
  const named = [
    ...(line.external_options ?? []).map((option, index) => ({ option, field: `${where}.external_options[${index}]` })),
    ...(line.customizations ?? []).map((option, index) => ({ option, field: `${where}.customizations[${index}]` }))
  ]
  return named.map(({ option, field }) => {
    const key = option.key?.trim() ?? ''
    if (key === '') throw badRequest('INVALID_OPTION', `${field}.key must name an option`, { field: `${field}.key` })
    if (option.value === undefined) throw badRequest('INVALID_OPTION', `${field}.value is required`, { field: `${field}.value` })
    return { key, value: option.value }
  })
}

/**
 * What an id Fast sends as `external_order_id` / `external_id` can name in BigCommerce, when we
 * have no record of it: a cart (and its checkout) by its id, which BigCommerce documents as a UUID
 * (carts.v3.yml: the `cartId` path parameter and `Cart_Full.id`, `type: string, format: UUID`;
 * checkouts.v3.yml: `checkoutId` is "the same as the cart ID"), or an order by its id, an integer
 * (orders.v2.oas2.yml: `order_id_path`, `type: integer`; ids start at 1 and are written without
 * leading zeros). Anything else names nothing there: a 400 before any call.
 */
export type BigCommerceRef = { orderId: number } | { cartId: string }

const CART_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const ORDER_ID = /^[1-9]\d{0,15}$/

/** What `externalId` can name in BigCommerce, or undefined when it can name nothing there. */
export function bigCommerceRefIn (externalId: string): BigCommerceRef | undefined {
  if (ORDER_ID.test(externalId) && Number.isSafeInteger(Number(externalId))) return { orderId: Number(externalId) }
  if (CART_ID.test(externalId)) return { cartId: externalId }
  return undefined
}

/** As bigCommerceRefIn, for an id about to reach BigCommerce: one that names nothing is a 400. */
export function bigCommerceRefOf (externalId: string, field: string): BigCommerceRef {
  const ref = bigCommerceRefIn(externalId)
  if (ref !== undefined) return ref
  throw badRequest('INVALID_ID', `${field} must be a BigCommerce cart id (a UUID) or order id (a whole number from 1)`, { field })
}

/** A BigCommerce customer id (customers.v3 `id`, a positive integer) in a Fast user id; undefined for any other id (Fast's own). */
export function customerIdOf (id: string | undefined): number | undefined {
  if (id === undefined || !/^\d{1,15}$/.test(id.trim())) return undefined
  const value = Number(id.trim())
  return value > 0 ? value : undefined
}
