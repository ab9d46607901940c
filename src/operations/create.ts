/**
 * Fast "create": a shopper pressed Fast Checkout. One BigCommerce cart per Fast order; the cart id
 * becomes the order's external_id and each BigCommerce item is remembered as its Fast line.
 */
import { createCart, deleteCart, type NewCartOptions } from '../bigcommerce/carts.js'
import type { Cart } from '../bigcommerce/types.js'
import { badRequest, FastError } from '../fast/errors.js'
import type { CreateRequest, OrderLineInput } from '../fast/schemas/index.js'
import type { LineRecord } from '../storage/storage.js'
import type { OperationContext } from './context.js'
import { currentOrder } from './current-order.js'
import { cartToFastOrder } from './map-cart.js'
import type { FastOrder } from './fast-order.js'
import { customerIdOf, parseChosenOptions, parseId, parseProductRef, parseQuantity, type ChosenOption, type ProductRef } from './input.js'
import { explainingItemRefusal, refuseSameItemTwice, type LineIdentity } from './item-errors.js'
import { isItemOf, resolveLineItem, type ResolvedItem } from './option-selections.js'

export type CreateInput = CreateRequest
export type CreateLineInput = OrderLineInput

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

  const resolved: ResolvedItem[] = []
  for (const line of lines) resolved.push(await resolveLineItem(ctx.api, line.product, line.quantity, line.options, line.where))
  // Compared once resolved: a variant named by id and the same variant named by its options are one item.
  const identities = lines.map((line, index) => identityOf(line, resolved[index]))
  identities.forEach((identity, index) => { refuseSameItemTwice(identities.slice(0, index), identity, lines[index].where) })
  const requested = lines.map((line, index) => ({ ...line.product, ...(resolved[index].variantId === undefined ? {} : { variantId: resolved[index].variantId }), quantity: line.quantity }))
  const cart = await explainingItemRefusal(ctx.api, requested, async () =>
    await createCart(ctx.api, resolved.map(r => r.item), cartOptions(ctx, input)))
  const records = await rememberLines(ctx, fastOrderId, cart, lines.map((line, index) => ({ fastLineId: line.fastLineId, resolved: resolved[index] })))
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

interface ParsedLine {
  where: string
  fastLineId: string
  product: ProductRef
  quantity: number
  options: ChosenOption[]
}

function parseLine (line: CreateLineInput, index: number): ParsedLine {
  const where = `order.order.lines[${index}]`
  return {
    where,
    product: parseProductRef(line, where),
    quantity: parseQuantity(line.quantity, `${where}.quantity`, 1),
    options: parseChosenOptions(line, where),
    fastLineId: parseId(line.id, `${where}.id`)
  }
}

function identityOf (line: ParsedLine, resolved: ResolvedItem): LineIdentity {
  return { fastLineId: line.fastLineId, productId: line.product.productId, variantId: resolved.variantId, modifiers: resolved.modifiers }
}

/**
 * Who buys and through which channel. Fast names the shopper by `order.user_id` or
 * `user.user.external_user_id`; a BigCommerce customer id (a number) makes the cart that
 * customer's, so customer-group prices apply. Any other id (Fast's own) leaves a guest cart.
 */
function cartOptions (ctx: OperationContext, input: CreateInput): NewCartOptions {
  const currencyCode = input.order?.order?.currency_code
  const customerId = [input.order?.order?.user_id, input.user?.user?.external_user_id].map(customerIdOf).find(id => id !== undefined)
  return {
    ...(currencyCode === undefined || currencyCode === '' ? {} : { currencyCode }),
    ...(customerId === undefined ? {} : { customerId }),
    ...(ctx.settings.channelId === undefined ? {} : { channelId: ctx.settings.channelId })
  }
}

/**
 * Pairs each Fast line with the item BigCommerce made for it: same product, the variant the line
 * resolved to, and every option it chose. Lines BigCommerce would merge were refused before the cart
 * was made, so each line has its own item; a line without one (an answer we cannot read) would leave
 * Fast's quantities wrong without a word, so the new cart is deleted and Fast gets a 502 to retry.
 */
async function rememberLines (ctx: OperationContext, fastOrderId: string, cart: Cart, lines: Array<{ fastLineId: string, resolved: ResolvedItem }>): Promise<LineRecord[]> {
  const items = [
    ...cart.line_items.physical_items.map(item => ({ item, physical: true })),
    ...cart.line_items.digital_items.map(item => ({ item, physical: false }))
  ]
  const records: LineRecord[] = []
  for (const line of lines) {
    const index = items.findIndex(({ item }) => isItemOf(item, line.resolved))
    if (index === -1) {
      await deleteCart(ctx.api, cart.id)
      throw new FastError(502, 'LINE_NOT_IN_CART', `BigCommerce's new cart has no item for line ${line.fastLineId}; the cart was discarded, retry the create`, { metadata: { line_id: line.fastLineId, product_id: String(line.resolved.item.product_id) } })
    }
    const [{ item, physical }] = items.splice(index, 1)
    records.push({
      storeHash: ctx.api.storeHash,
      fastOrderId,
      fastLineId: line.fastLineId,
      bcItemId: item.id,
      productId: line.resolved.item.product_id,
      variantId: item.variant_id ?? null,
      physical,
      imageUrl: item.image_url ?? null,
      // Asked with the options include: an item without `options` has none.
      options: item.options ?? []
    })
  }
  return records
}
