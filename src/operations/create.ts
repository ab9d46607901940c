/**
 * Fast "create": a shopper pressed Fast Checkout. One BigCommerce cart per Fast order; the cart id
 * becomes the order's external_id and each BigCommerce item is remembered as its Fast line.
 */
import { createCart, type NewLineItem } from '../bigcommerce/carts.js'
import type { Cart } from '../bigcommerce/types.js'
import { badRequest } from '../fast/errors.js'
import type { LineRecord } from '../storage/storage.js'
import type { OperationContext } from './context.js'
import { currentOrder } from './current-order.js'
import { cartToFastOrder } from './map-cart.js'
import type { FastOrder } from './fast-order.js'
import { parseId, parseQuantity } from './input.js'
import { explainingItemRefusal } from './item-errors.js'

export interface CreateLineInput {
  id?: { value?: string }
  external_product_id?: string
  external_variant_id?: string
  quantity?: number | string
}

export interface CreateInput {
  order?: { is_cart?: boolean, order?: { id?: { value?: string }, currency_code?: string, lines?: CreateLineInput[] } }
}

export async function createFastOrder (ctx: OperationContext, input: CreateInput): Promise<{ order: { order: FastOrder } }> {
  const segment = input.order
  if (segment?.order === undefined) throw badRequest('ORDER_MISSING', 'The request has no order.order to create')
  if (segment.is_cart !== true) throw badRequest('NOT_A_CART', 'Only carts can be created (order.is_cart must be true); orders come from converting a cart')
  const fastOrderId = parseId(segment.order.id, 'order.order.id')
  const lines = (segment.order.lines ?? []).map((line, index) => parseLine(line, index))
  if (lines.length === 0) throw badRequest('NO_LINES', 'A cart needs at least one line')
  const storeHash = ctx.api.storeHash

  // A create Fast repeats for an order we already made must not make a second cart.
  const existing = await ctx.storage.findOrderByFastId(storeHash, fastOrderId)
  if (existing !== undefined) return { order: { order: await currentOrder(ctx, existing, await ctx.storage.listLines(storeHash, fastOrderId)) } }

  const currencyCode = segment.order.currency_code
  const requested = lines.map(({ item }) => ({ productId: item.product_id, quantity: item.quantity, ...(item.variant_id === undefined ? {} : { variantId: item.variant_id }) }))
  const cart = await explainingItemRefusal(ctx.api, requested, async () =>
    await createCart(ctx.api, lines.map(line => line.item), currencyCode === undefined || currencyCode === '' ? {} : { currencyCode }))
  const records = rememberLines(storeHash, fastOrderId, cart, lines)
  await ctx.storage.saveOrder({
    storeHash,
    fastOrderId,
    cartId: cart.id,
    bcOrderId: null,
    billingAddressId: null,
    currencyCode: cart.currency?.code ?? null,
    consignmentIds: [],
    cartVersion: cart.version ?? null
  })
  await ctx.storage.saveLines(records)
  return { order: { order: cartToFastOrder(cart, { fastOrderId, lines: records }) } }
}

interface ParsedLine { fastLineId: string, item: NewLineItem }

function parseLine (line: CreateLineInput, index: number): ParsedLine {
  const where = `order.order.lines[${index}]`
  const productId = Number(line.external_product_id)
  if (!Number.isSafeInteger(productId) || productId <= 0) {
    throw badRequest('INVALID_PRODUCT', `${where}.external_product_id must be a BigCommerce product id`, { field: `${where}.external_product_id` })
  }
  const variantId = line.external_variant_id === undefined || line.external_variant_id === '' ? undefined : Number(line.external_variant_id)
  if (variantId !== undefined && (!Number.isSafeInteger(variantId) || variantId <= 0)) {
    throw badRequest('INVALID_VARIANT', `${where}.external_variant_id must be a BigCommerce variant id`, { field: `${where}.external_variant_id` })
  }
  const quantity = parseQuantity(line.quantity, `${where}.quantity`, 1)
  return {
    fastLineId: parseId(line.id, `${where}.id`),
    item: { product_id: productId, quantity, ...(variantId === undefined ? {} : { variant_id: variantId }) }
  }
}

/** Pairs each Fast line with the item BigCommerce made for it, by product and variant, in order. */
function rememberLines (storeHash: string, fastOrderId: string, cart: Cart, lines: ParsedLine[]): LineRecord[] {
  const items = [
    ...cart.line_items.physical_items.map(item => ({ item, physical: true })),
    ...cart.line_items.digital_items.map(item => ({ item, physical: false }))
  ]
  const records: LineRecord[] = []
  for (const line of lines) {
    const index = items.findIndex(({ item }) => item.product_id === line.item.product_id &&
      (line.item.variant_id === undefined || item.variant_id === line.item.variant_id))
    if (index === -1) continue
    const [{ item, physical }] = items.splice(index, 1)
    records.push({
      storeHash,
      fastOrderId,
      fastLineId: line.fastLineId,
      bcItemId: item.id,
      productId: line.item.product_id,
      variantId: item.variant_id ?? null,
      physical,
      imageUrl: item.image_url ?? null
    })
  }
  return records
}
