/**
 * Adding and changing cart lines the way BigCommerce checks them: the product must exist and be
 * purchasable, products with options need a variant, required modifiers need a value, quantities respect the product's min/max
 * (409) and tracked stock (422). Changes are computed on a copy and committed only when valid.
 */
import type { Product, Variant } from './catalog.js'
import { invalid, SandboxError } from './errors.js'
import { uuid } from './ids.js'
import { outOfStock } from './orders.js'
import type { StoreState } from './state.js'
import type { Cart, CartLine } from './types.js'

export interface OptionSelection { option_id?: unknown, option_value?: unknown }

export interface LineItemInput {
  product_id?: unknown
  variant_id?: unknown
  quantity?: unknown
  option_selections?: OptionSelection[]
}

/** What one line item of a request names: the variant, and the modifier values that go with it. */
export interface ResolvedItem {
  variant: Variant
  modifiers: CartLine['modifiers']
}

function positiveInteger (value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
}

/**
 * carts.v3.yml: "If a product has modifiers, use the `option_selections` array to describe the
 * modifier selection(s)"; without `variant_id` the variant options in the same array pick the
 * variant. A selection naming neither a variant option nor a modifier of the product is refused.
 */
export function resolveItem (state: StoreState, input: LineItemInput, index: number): ResolvedItem {
  const productId = Number(input.product_id)
  const product = Number.isInteger(productId) ? state.catalog.product(productId) : undefined
  if (product === undefined) {
    throw invalid(`Product with id ${String(input.product_id)} not found.`, { [`line_items[${index}].product_id`]: 'Product not found' })
  }
  if (product.seed.availability === 'disabled') throw invalid(`${product.name} is not available for purchase.`)
  const selections = input.option_selections ?? []
  const optionIds = new Set((product.seed.options ?? []).map((option) => option.id))
  const modifierSeeds = product.seed.modifiers ?? []
  for (const selection of selections) {
    const id = Number(selection.option_id)
    if (!optionIds.has(id) && !modifierSeeds.some((modifier) => modifier.id === id)) {
      throw invalid(`Option ${String(selection.option_id)} is not an option of ${product.name}.`, { [`line_items[${index}].option_selections`]: 'Unknown option' })
    }
  }
  const variantSelections = selections.filter((selection) => optionIds.has(Number(selection.option_id)))
  let variant: Variant | undefined
  if (input.variant_id !== undefined && input.variant_id !== null) {
    variant = product.variants.find((candidate) => candidate.id === Number(input.variant_id))
    if (variant === undefined) {
      throw invalid(`Variant with id ${String(input.variant_id)} not found for product ${product.id}.`, { [`line_items[${index}].variant_id`]: 'Variant not found' })
    }
  } else if (variantSelections.length > 0) {
    variant = variantBySelections(product, variantSelections)
    if (variant === undefined) throw invalid('The selected options do not match a variant of this product.')
  } else if (product.hasOptions) {
    throw invalid('This product has options; variant ID is required')
  } else {
    variant = product.variants[0]
  }
  if (variant.purchasingDisabled) throw invalid(`${product.name} is not available for purchase.`)
  const modifiers: CartLine['modifiers'] = []
  for (const modifier of modifierSeeds) {
    const selection = selections.find((candidate) => Number(candidate.option_id) === modifier.id)
    const value = selection?.option_value === undefined || selection.option_value === null ? '' : String(selection.option_value)
    // BigCommerce's wording for a missing required text modifier (bigcommerce.md §3.3).
    if (value.trim() === '' && modifier.required) throw invalid(`Please create some text for the ${modifier.display_name} option`)
    if (value !== '') modifiers.push({ modifier, value })
  }
  return { variant, modifiers }
}

function variantBySelections (product: Product, selections: OptionSelection[]): Variant | undefined {
  return product.variants.find((variant) => variant.optionValues.length === selections.length && selections.every((selection) =>
    variant.optionValues.some(({ option, value }) => option.id === Number(selection.option_id) && value.id === Number(selection.option_value))))
}

function sameModifiers (a: CartLine['modifiers'], b: CartLine['modifiers']): boolean {
  return a.length === b.length && a.every((entry, index) => entry.modifier.id === b[index].modifier.id && entry.value === b[index].value)
}

export function quantityOf (input: LineItemInput, index: number): number {
  if (!positiveInteger(input.quantity)) {
    throw invalid('Quantity must be a whole number of at least 1.', { [`line_items[${index}].quantity`]: 'Quantity must be at least 1' })
  }
  return input.quantity
}

/** Adds items to a copy of the lines, merging a variant (with the same modifiers) that is already in the cart into its line. */
export function addLines (state: StoreState, lines: CartLine[], inputs: LineItemInput[]): CartLine[] {
  const next = lines.map((line) => ({ ...line }))
  inputs.forEach((input, index) => {
    const { variant, modifiers } = resolveItem(state, input, index)
    const quantity = quantityOf(input, index)
    // The same variant with other modifier values (another engraving) is another line, not a merge.
    const existing = next.find((line) => line.variantId === variant.id && line.productId === variant.product.id && sameModifiers(line.modifiers, modifiers))
    if (existing !== undefined) existing.quantity += quantity
    else next.push({ id: uuid(), productId: variant.product.id, variantId: variant.id, quantity, modifiers })
  })
  return next
}

/** Quantity limits (409, as BigCommerce answers them) and stock (422) for the whole cart. */
export function checkLimits (state: StoreState, lines: CartLine[]): void {
  const perProduct = new Map<number, number>()
  const perStockKey = new Map<string, { variant: Variant, quantity: number }>()
  for (const line of lines) {
    const variant = state.catalog.variant(line.productId, line.variantId)
    if (variant === undefined) continue
    perProduct.set(line.productId, (perProduct.get(line.productId) ?? 0) + line.quantity)
    const key = variant.product.seed.inventory_tracking === 'product' ? `p${line.productId}` : `v${variant.id}`
    const entry = perStockKey.get(key) ?? { variant, quantity: 0 }
    entry.quantity += line.quantity
    perStockKey.set(key, entry)
  }
  for (const [productId, quantity] of perProduct) {
    const product = state.catalog.product(productId)
    if (product === undefined) continue
    const max = product.seed.order_quantity_maximum ?? 0
    const min = product.seed.order_quantity_minimum ?? 0
    if (max > 0 && quantity > max) throw new SandboxError(409, `You can only purchase a maximum of ${max} of the ${product.name} per order.`)
    if (min > 0 && quantity < min) throw new SandboxError(409, `You must purchase a minimum of ${min} of the ${product.name} per order.`)
  }
  for (const { variant, quantity } of perStockKey.values()) {
    const available = state.catalog.available(variant)
    if (available !== undefined && quantity > available) throw outOfStock(variant.product.name, available)
  }
}

/** Removes a line everywhere it is referenced; consignments left without items go too. */
export function dropLine (cart: Cart, lineId: string): void {
  cart.lines = cart.lines.filter((line) => line.id !== lineId)
  for (const consignment of cart.consignments) {
    consignment.lineItemIds = consignment.lineItemIds.filter((id) => id !== lineId)
  }
  cart.consignments = cart.consignments.filter((consignment) => consignment.lineItemIds.length > 0)
}
