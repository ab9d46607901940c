/**
 * Update segment `items`: add a line (a Fast line id we do not know), change a quantity (the new
 * total), or remove a line (quantity 0 or omitted). A Fast line id we know is never added twice.
 * Removing the last item makes BigCommerce delete the cart; the order then reads as an empty cart,
 * and a later add starts a new BigCommerce cart for the same Fast order.
 */
import { addCartItems, createCart, deleteCartItem, updateCartItem, type NewLineItem } from '../../bigcommerce/carts.js'
import { BigCommerceError } from '../../bigcommerce/client.js'
import { selectShippingOption, updateConsignment } from '../../bigcommerce/checkouts.js'
import type { Cart } from '../../bigcommerce/types.js'
import { badRequest, unprocessable } from '../../fast/errors.js'
import type { LineRecord } from '../../storage/storage.js'
import type { OperationContext } from '../context.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import { parseId, parseQuantity } from '../input.js'
import { explainingItemRefusal } from '../item-errors.js'
import { withCartVersion } from './cart-version.js'
import { readCheckout, takeConsignmentAnswer } from './checkout-answers.js'
import type { SegmentStatus, UpdateState } from './state.js'

export interface ItemUpdateInput {
  item_id?: { value?: string }
  quantity?: number | string
  external_item_id?: string
  external_product_id?: string
  external_variant_id?: string
}

export async function updateItems (ctx: OperationContext, state: UpdateState, items: ItemUpdateInput[]): Promise<SegmentStatus> {
  const seen = new Set<string>()
  const added: LineRecord[] = []
  for (const [index, item] of items.entries()) {
    const where = `items[${index}]`
    const fastLineId = parseId(item.item_id, `${where}.item_id`)
    if (seen.has(fastLineId)) throw badRequest('DUPLICATE_ITEM', `${where} names line ${fastLineId} twice in one update`, { line_id: fastLineId })
    seen.add(fastLineId)
    const quantity = parseQuantity(item.quantity, `${where}.quantity`, 0, 0)
    const line = state.lines.find(l => l.fastLineId === fastLineId)
    if (line !== undefined) {
      await changeLine(ctx, state, line, quantity)
    } else if (quantity > 0) {
      const record = await addLine(ctx, state, fastLineId, parseProduct(item, where), quantity)
      if (record?.physical === true) added.push(record)
    }
  }
  // Cart calls answer only the cart: consignments, taxes and totals need the checkout again.
  state.complete = false
  if (added.length > 0) await shipWithTheOthers(ctx, state)
  return { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_LINE_ITEM, status: true, message: 'items updated' }
}

function parseProduct (item: ItemUpdateInput, where: string): { productId: number, variantId?: number } {
  const productId = Number(item.external_product_id)
  if (!Number.isSafeInteger(productId) || productId <= 0) throw badRequest('INVALID_PRODUCT', `${where}.external_product_id must be a BigCommerce product id to add a line`, { field: `${where}.external_product_id` })
  if (item.external_variant_id === undefined || item.external_variant_id === '') return { productId }
  const variantId = Number(item.external_variant_id)
  if (!Number.isSafeInteger(variantId) || variantId <= 0) throw badRequest('INVALID_VARIANT', `${where}.external_variant_id must be a BigCommerce variant id`, { field: `${where}.external_variant_id` })
  return { productId, variantId }
}

async function changeLine (ctx: OperationContext, state: UpdateState, line: LineRecord, quantity: number): Promise<void> {
  const { cartId } = state.record
  if (quantity === 0) {
    const cart = await withCartVersion(ctx, state, async version => await deleteCartItem(ctx.api, cartId, line.bcItemId, version))
    state.lines = state.lines.filter(l => l !== line)
    await ctx.storage.deleteLines(ctx.api.storeHash, state.record.fastOrderId, [line.fastLineId])
    state.cartGone = cart === undefined
    return
  }
  const requested = { productId: line.productId, quantity, ...(line.variantId === null ? {} : { variantId: line.variantId }) }
  await explainingItemRefusal(ctx.api, [requested], async () =>
    await withCartVersion(ctx, state, async version => await updateCartItem(ctx.api, cartId, line.bcItemId, toNewLineItem(requested), version)))
}

async function addLine (ctx: OperationContext, state: UpdateState, fastLineId: string, product: { productId: number, variantId?: number }, quantity: number): Promise<LineRecord | undefined> {
  // BigCommerce merges an add of a product already in the cart into its line: two Fast lines
  // would then share one item, so the shopper must change the existing line's quantity instead.
  const twin = state.lines.find(l => l.productId === product.productId && (product.variantId === undefined || l.variantId === null || l.variantId === product.variantId))
  if (twin !== undefined) {
    throw unprocessable('PRODUCT_ALREADY_IN_CART', `Product ${product.productId} is already line ${twin.fastLineId}; change that line's quantity instead`, { line_id: twin.fastLineId })
  }
  const requested = { ...product, quantity }
  const before = new Set(state.lines.map(l => l.bcItemId))
  const cart = await explainingItemRefusal(ctx.api, [requested], async () => {
    if (state.cartGone !== true) {
      try {
        return await withCartVersion(ctx, state, async version => await addCartItems(ctx.api, state.record.cartId, [toNewLineItem(requested)], version))
      } catch (err) {
        if (!(err instanceof BigCommerceError && err.status === 404)) throw err
        state.cartGone = true
      }
    }
    return await createCart(ctx.api, [toNewLineItem(requested)])
  })
  if (state.cartGone === true) {
    state.record = { ...state.record, cartId: cart.id, billingAddressId: null, consignmentIds: [] }
    state.version = cart.version
    await ctx.storage.saveOrder(state.record)
    state.cartGone = false
  }
  const made = newItemOf(cart, before, product.productId)
  if (made === undefined) return undefined
  const record: LineRecord = {
    storeHash: ctx.api.storeHash,
    fastOrderId: state.record.fastOrderId,
    fastLineId,
    bcItemId: made.item.id,
    productId: product.productId,
    variantId: made.item.variant_id ?? null,
    physical: made.physical,
    imageUrl: made.item.image_url ?? null
  }
  await ctx.storage.saveLines([record])
  state.lines = [...state.lines, record]
  return record
}

/**
 * BigCommerce leaves an added item outside every consignment, and a checkout with an unshipped
 * item cannot become an order. With one shipment (the usual case) the new item joins it, and the
 * option the shopper chose is chosen again if the new contents still allow it. With several, Fast
 * must say where it ships (a shipments update); conversion names the unshipped lines until then.
 */
async function shipWithTheOthers (ctx: OperationContext, state: UpdateState): Promise<void> {
  if (state.record.consignmentIds.length !== 1 || state.cartGone === true) return
  const consignmentId = state.record.consignmentIds[0]
  const before = await readCheckout(ctx, state)
  const consignment = before.consignments?.find(c => c.id === consignmentId)
  if (consignment === undefined) return
  const lineItems = before.cart.line_items.physical_items.map(item => ({ item_id: item.id, quantity: item.quantity }))
  let checkout = await withCartVersion(ctx, state, async version => await updateConsignment(ctx.api, state.record.cartId, consignmentId, { line_items: lineItems }, version))
  const chosen = consignment.selected_shipping_option?.id
  const after = checkout.consignments?.find(c => c.id === consignmentId)
  if (chosen !== undefined && after !== undefined && (after.selected_shipping_option === undefined || after.selected_shipping_option === null) &&
    (after.available_shipping_options ?? []).some(option => option.id === chosen)) {
    checkout = await withCartVersion(ctx, state, async version => await selectShippingOption(ctx.api, state.record.cartId, consignmentId, chosen, version))
  }
  takeConsignmentAnswer(state, checkout)
}

function newItemOf (cart: Cart, before: Set<string>, productId: number): { item: Cart['line_items']['physical_items'][number], physical: boolean } | undefined {
  const physical = cart.line_items.physical_items.find(i => !before.has(i.id) && i.product_id === productId)
  if (physical !== undefined) return { item: physical, physical: true }
  const digital = cart.line_items.digital_items.find(i => !before.has(i.id) && i.product_id === productId)
  return digital === undefined ? undefined : { item: digital, physical: false }
}

function toNewLineItem (item: { productId: number, variantId?: number, quantity: number }): NewLineItem {
  return { product_id: item.productId, quantity: item.quantity, ...(item.variantId === undefined ? {} : { variant_id: item.variantId }) }
}
