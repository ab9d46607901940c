/**
 * Why BigCommerce refused an item, in words a shopper's checkout can show: the catalog is asked
 * (only on this error path) for the product's name, stock and quantity limits.
 */
import { BigCommerceError } from '../bigcommerce/client.js'
import { findProduct } from '../bigcommerce/catalog.js'
import type { StoreApi } from '../bigcommerce/store-api.js'
import { FastError, unprocessable } from '../fast/errors.js'
import { fromBigCommerce } from '../fast/upstream-errors.js'

export interface RequestedItem {
  productId: number
  variantId?: number
  quantity: number
}

/** What BigCommerce tells two items apart by: product, variant, and the modifiers chosen. */
export interface LineIdentity {
  fastLineId: string
  productId: number
  /** Unknown (undefined or null) when Fast named no variant and no option settles one. */
  variantId?: number | null
  /** The modifier choices, as one comparable text ('' for none; ResolvedItem.modifiers); undefined when not known (a stored line). */
  modifiers?: string
}

/**
 * BigCommerce merges an item of the same product, variant and modifier choices into the existing line:
 * two Fast lines would then share one item and the second line id would be lost, so the second
 * is refused before any cart call, on create and on update alike. The variant compared is the one
 * the line resolves to (named, or settled by its options), so "variant 81" and "Size M" are one item.
 * Where a variant or the modifiers are unknown they may be the same, and the line is refused: the
 * shopper changes the existing line's quantity instead.
 */
export function refuseSameItemTwice (lines: LineIdentity[], line: LineIdentity, where: string): void {
  const twin = lines.find(other => other.fastLineId !== line.fastLineId && other.productId === line.productId &&
    (other.variantId == null || line.variantId == null || other.variantId === line.variantId) &&
    (other.modifiers === undefined || line.modifiers === undefined || other.modifiers === line.modifiers))
  if (twin === undefined) return
  throw unprocessable('PRODUCT_ALREADY_IN_CART', `${where}: product ${line.productId} is already line ${twin.fastLineId}; change that line's quantity instead`, { line_id: twin.fastLineId, product_id: String(line.productId) })
}

/**
 * Runs a change of these items; a refusal becomes a precise 422 naming the product at fault (the
 * first item the catalog explains). A 404 is left alone: it means the cart, not the product.
 */
export async function explainingItemRefusal<T> (api: StoreApi, items: RequestedItem[], change: () => Promise<T>): Promise<T> {
  try {
    return await change()
  } catch (err) {
    if (!(err instanceof BigCommerceError) || ![400, 409, 422].includes(err.status)) throw err
    let explained: FastError | undefined
    for (const item of items) {
      explained = await explainItemRefusal(api, item, err)
      if (explained.reason !== UNEXPLAINED) break
    }
    throw explained ?? fromBigCommerce(err)
  }
}

const UNEXPLAINED = 'REJECTED_BY_BIGCOMMERCE'

async function explainItemRefusal (api: StoreApi, item: RequestedItem, err: BigCommerceError): Promise<FastError> {
  const metadata = { product_id: String(item.productId), ...(item.variantId === undefined ? {} : { variant_id: String(item.variantId) }), quantity: String(item.quantity) }
  const product = await findProduct(api, item.productId)
  if (product === undefined) return unprocessable('PRODUCT_NOT_FOUND', `Product ${item.productId} does not exist in this store`, metadata)
  const name = `"${product.name}"`
  const variant = item.variantId === undefined ? undefined : product.variants?.find(v => v.id === item.variantId)
  if (item.variantId !== undefined && variant === undefined) {
    return unprocessable('VARIANT_NOT_FOUND', `${name} has no variant ${item.variantId}`, { ...metadata, product_name: product.name })
  }
  const label = variant?.option_values?.map(v => v.label).filter(Boolean).join(', ')
  const what = label === undefined || label === '' ? name : `${name} (${label})`
  const meta = { ...metadata, product_name: product.name }
  if (product.availability === 'disabled' || variant?.purchasing_disabled === true) {
    return unprocessable('NOT_PURCHASABLE', `${what} cannot be purchased`, meta)
  }
  const min = product.order_quantity_minimum ?? 0
  const max = product.order_quantity_maximum ?? 0
  if (min > 0 && item.quantity < min) return unprocessable('QUANTITY_OUT_OF_RANGE', `${what} must be bought at least ${min} at a time; ${item.quantity} was asked for`, { ...meta, minimum: String(min) })
  if (max > 0 && item.quantity > max) return unprocessable('QUANTITY_OUT_OF_RANGE', `${what} can be bought at most ${max} at a time; ${item.quantity} was asked for`, { ...meta, maximum: String(max) })
  const stock = product.inventory_tracking === 'variant' ? variant?.inventory_level : product.inventory_tracking === 'product' ? product.inventory_level : undefined
  // productVariant_Full's inventory_level may be null; null has always counted as "out of stock"
  // here (JavaScript compares null as 0). Kept as is: a behaviour question, not a type fix.
  if (stock !== undefined && (stock === null || stock < item.quantity)) {
    return unprocessable('OUT_OF_STOCK', stock === null || stock <= 0 ? `${what} is out of stock` : `Only ${stock} of ${what} ${stock === 1 ? 'is' : 'are'} in stock; ${item.quantity} ${item.quantity === 1 ? 'was' : 'were'} asked for`, { ...meta, in_stock: String(stock) })
  }
  const mapped = fromBigCommerce(err)
  return new FastError(mapped.statusCode, mapped.reason, `${what}: ${mapped.message}`, { metadata: { ...mapped.metadata, ...meta }, retryAfter: mapped.retryAfter, cause: err })
}
