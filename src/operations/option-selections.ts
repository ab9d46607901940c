/**
 * Fast's `external_options` and `customizations` of a line, as BigCommerce's `option_selections`
 * (carts.v3.yml createCart / addCartLineItems). Fast names an option the way our answers showed it
 * (`external_options[].key` = the option's display name, `value` = the value's label; map-order.ts),
 * or by BigCommerce ids; either is resolved against the product's variant options and modifiers,
 * read from the catalog only for lines that carry options. What cannot be mapped is a 422 naming
 * the line, before any cart call.
 */
import { findProductWithOptions, type CatalogOption, type ProductWithOptions } from '../bigcommerce/catalog.js'
import type { NewLineItem } from '../bigcommerce/carts.js'
import type { StoreApi } from '../bigcommerce/store-api.js'
import type { CartDigitalItem, CartPhysicalItem } from '../bigcommerce/types.js'
import { unprocessable } from '../fast/errors.js'
import type { LineOption } from '../storage/storage.js'
import type { ChosenOption, ProductRef } from './input.js'

export interface ResolvedItem {
  item: NewLineItem
  /** The variant the item will be: named by Fast, or settled by the variant options chosen. */
  variantId?: number
  /**
   * The modifier choices (option id = value, sorted; '' for none): with the variant, what BigCommerce
   * tells two items of one product apart by. Variant options are left out: the variant says them.
   */
  modifiers: string
}

/** The cart line item for a product, quantity and chosen options; no catalog call without options. */
export async function resolveLineItem (api: StoreApi, product: ProductRef, quantity: number, chosen: ChosenOption[], where: string): Promise<ResolvedItem> {
  if (chosen.length === 0) {
    return { item: { product_id: product.productId, quantity, ...(product.variantId === undefined ? {} : { variant_id: product.variantId }) }, ...(product.variantId === undefined ? {} : { variantId: product.variantId }), modifiers: '' }
  }
  const catalog = await findProductWithOptions(api, product.productId)
  if (catalog === undefined) throw unprocessable('PRODUCT_NOT_FOUND', `${where}: product ${product.productId} does not exist in this store`, { product_id: String(product.productId) })
  const selections = new Map<number, number | string>()
  for (const option of chosen) {
    const [optionId, value] = selectionOf(catalog, option, where)
    if (selections.has(optionId)) throw unprocessable('OPTION_CHOSEN_TWICE', `${where}: "${catalog.name}" option "${option.key}" is chosen twice`, { product_id: String(catalog.id), option: option.key })
    selections.set(optionId, value)
  }
  const variantId = product.variantId === undefined ? variantChosen(catalog, selections) : withVariant(catalog, product.variantId, selections, where)
  // The add-items endpoint wants the variant described by its option values next to the modifiers,
  // without variant_id, once a line has modifiers; the create endpoint accepts the same.
  const item: NewLineItem = {
    product_id: product.productId,
    quantity,
    option_selections: [...selections].map(([optionId, optionValue]) => ({ option_id: optionId, option_value: optionValue }))
  }
  const modifierIds = new Set((catalog.modifiers ?? []).map(m => m.id))
  const modifiers = [...selections].filter(([optionId]) => modifierIds.has(optionId)).map(([optionId, value]) => `${optionId}=${value}`).sort().join('&')
  return { item, ...(variantId === undefined ? {} : { variantId }), modifiers }
}

function selectionOf (catalog: ProductWithOptions, chosen: ChosenOption, where: string): [number, number | string] {
  const option = [...(catalog.options ?? []), ...(catalog.modifiers ?? [])].find(o => names(o.id, o.display_name, chosen.key))
  const metadata = { product_id: String(catalog.id), option: chosen.key }
  if (option === undefined) throw unprocessable('OPTION_NOT_FOUND', `${where}: "${catalog.name}" has no option "${chosen.key}"`, metadata)
  // Text, number, date and file modifiers take the shopper's text; choices take a value id.
  if (!isChoice(option)) return [option.id, chosen.value]
  const value = (option.option_values ?? []).find(v => names(v.id, v.label, chosen.value))
  if (value === undefined) throw unprocessable('OPTION_VALUE_NOT_FOUND', `${where}: "${catalog.name}" option "${chosen.key}" has no value "${chosen.value}"`, { ...metadata, value: chosen.value })
  return [option.id, value.id]
}

function isChoice (option: CatalogOption): boolean {
  return (option.option_values ?? []).length > 0 && !['text', 'multi_line_text', 'numbers_only_text', 'date', 'file'].includes(option.type ?? '')
}

/** An option is named by its BigCommerce id or its display name (case and surrounding blanks aside). */
function names (id: number, displayName: string | undefined, name: string): boolean {
  const wanted = name.trim()
  return String(id) === wanted || (displayName !== undefined && displayName.trim().toLowerCase() === wanted.toLowerCase())
}

/** The variant whose every option value was chosen, if the choices settle one. */
function variantChosen (catalog: ProductWithOptions, selections: Map<number, number | string>): number | undefined {
  return catalog.variants?.find(v => (v.option_values ?? []).length > 0 && (v.option_values ?? []).every(ov => selections.get(ov.option_id) === ov.id))?.id
}

/** A named variant is described by its option values; a chosen value that contradicts it is refused. */
function withVariant (catalog: ProductWithOptions, variantId: number, selections: Map<number, number | string>, where: string): number {
  const variant = catalog.variants?.find(v => v.id === variantId)
  if (variant === undefined) throw unprocessable('VARIANT_NOT_FOUND', `${where}: "${catalog.name}" has no variant ${variantId}`, { product_id: String(catalog.id), variant_id: String(variantId) })
  for (const value of variant.option_values ?? []) {
    const chosen = selections.get(value.option_id)
    if (chosen !== undefined && chosen !== value.id) {
      throw unprocessable('OPTIONS_CONTRADICT_VARIANT', `${where}: the options chosen are not those of variant ${variantId} of "${catalog.name}"`, { product_id: String(catalog.id), variant_id: String(variantId) })
    }
    selections.set(value.option_id, value.id)
  }
  return variantId
}

/**
 * An item already in the cart, at a new quantity. carts.v3.yml updateCartLineItem: "If the product
 * has modifiers, omit the variant_id and instead use the option_selections array to describe both
 * the variant and the modifier selections". The item's options as BigCommerce listed them
 * (ProductOption: nameId, and valueId or, for a text modifier, the text) describe both; an item
 * without options (or with one BigCommerce listed without ids) is named by its variant.
 */
export function existingLineItem (productId: number, quantity: number, variantId: number | undefined, options: LineOption[] | null): NewLineItem {
  const listed = options ?? []
  const selections = listed.flatMap(option => {
    const value = option.valueId ?? option.value
    return option.nameId === undefined || value === undefined ? [] : [{ option_id: option.nameId, option_value: value }]
  })
  if (selections.length === 0 || selections.length < listed.length) {
    return { product_id: productId, quantity, ...(variantId === undefined ? {} : { variant_id: variantId }) }
  }
  return { product_id: productId, quantity, option_selections: selections }
}

/** Whether a cart item is the one asked for: its product, its variant when known, each option chosen. */
export function isItemOf (item: CartPhysicalItem | CartDigitalItem, wanted: ResolvedItem): boolean {
  if (item.product_id !== wanted.item.product_id) return false
  if (wanted.variantId !== undefined && item.variant_id !== wanted.variantId) return false
  return (wanted.item.option_selections ?? []).every(chosen => (item.options ?? []).some(option =>
    option.nameId === chosen.option_id && (option.valueId === chosen.option_value || option.value === String(chosen.option_value))))
}
