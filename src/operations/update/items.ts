/**
 * Update segment `items`: add a line (a Fast line id we do not know), change a quantity (the new
 * total), or remove a line (quantity 0 or omitted). A Fast line id we know is never added twice.
 * Removing the last item makes BigCommerce delete the cart: an order with no lines has no cart
 * (that is what the empty line list records), and a later add, in this request or another, starts
 * a new BigCommerce cart for the same Fast order without touching the deleted one.
 */
import { addCartItems, createCart, deleteCart, deleteCartItem, getCart, updateCartItem, type NewLineItem } from '../../bigcommerce/carts.js'
import { BigCommerceError, isUnknownOutcome } from '../../bigcommerce/client.js'
import { getCheckout, updateConsignment } from '../../bigcommerce/checkouts.js'
import type { Cart, CartDigitalItem, CartPhysicalItem, Checkout, Consignment } from '../../bigcommerce/types.js'
import { badRequest } from '../../fast/errors.js'
import type { OrderItemUpdate } from '../../fast/schemas/index.js'
import type { LineRecord } from '../../storage/storage.js'
import type { OperationContext } from '../context.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import { parseChosenOptions, parseId, parseProductRef, parseQuantity, type ChosenOption, type ProductRef } from '../input.js'
import { explainingItemRefusal, refuseSameItemTwice, type LineIdentity } from '../item-errors.js'
import { existingLineItem, isItemOf, resolveLineItem, type ResolvedItem } from '../option-selections.js'
import { allSettled } from './all-settled.js'
import { withCartVersion } from './cart-version.js'
import { takeConsignmentAnswer } from './checkout-answers.js'
import { chooseShippingOption } from './shipping-option.js'
import type { SegmentStatus, UpdateState } from './state.js'

export type ItemUpdateInput = OrderItemUpdate

export async function updateItems (ctx: OperationContext, state: UpdateState, items: ItemUpdateInput[]): Promise<SegmentStatus> {
  const changes = await planChanges(ctx, state, items)
  // An added physical item joins the one shipment, which takes that consignment as it stands (its
  // items and chosen option): read while the cart calls run, since the new item is in no
  // consignment either way.
  const joining = state.record.consignmentIds.length === 1 && state.lines.length > 0 && changes.some(change => change.add !== undefined)
  const [{ cart, shipped }, before] = await allSettled(applyChanges(ctx, state, changes), joining ? getCheckout(ctx.api, state.record.cartId) : Promise.resolve(undefined))
  // Cart calls answer only the cart: consignments, taxes and totals need the checkout again.
  state.complete = false
  if (shipped && cart !== undefined && before !== undefined) await shipWithTheOthers(ctx, state, cart, before)
  return { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_LINE_ITEM, status: true, message: 'items updated' }
}

/** The changes, in order: the cart as BigCommerce last answered, and whether a physical item was added. */
async function applyChanges (ctx: OperationContext, state: UpdateState, changes: Change[]): Promise<{ cart: Cart | undefined, shipped: boolean }> {
  let cart: Cart | undefined
  let shipped = false
  for (const change of changes) {
    if (change.line !== undefined) {
      cart = await changeLine(ctx, state, change.line, change.quantity)
    } else {
      const line = await addLine(ctx, state, change.add)
      cart = line.cart
      if (line.record?.physical === true) shipped = true
    }
  }
  return { cart, shipped }
}

type Change = { line: LineRecord, quantity: number, add?: undefined } | { line?: undefined, add: NewLine }

/**
 * Every entry parsed, resolved and checked before the first cart call: a refused entry must not
 * leave the entries before it applied (Fast sees an error and believes nothing changed). The
 * catalog reads of lines with options are the only BigCommerce calls made here.
 */
async function planChanges (ctx: OperationContext, state: UpdateState, items: ItemUpdateInput[]): Promise<Change[]> {
  const parsed = checkItems(items, state.lines)
  // The catalog reads are independent: they run together, and a refusal is the first entry's in order.
  const resolutions = await Promise.allSettled(parsed.map(async entry => entry.product === undefined
    ? undefined
    : await resolveLineItem(ctx.api, entry.product, entry.quantity, entry.options, entry.where)))
  const removed = new Set(parsed.filter(p => p.line !== undefined && p.quantity === 0).map(p => p.fastLineId))
  const kept: LineIdentity[] = state.lines.filter(l => !removed.has(l.fastLineId))
  const changes: Change[] = []
  for (const [index, entry] of parsed.entries()) {
    const resolution = resolutions[index]
    if (resolution.status === 'rejected') throw resolution.reason
    const resolved = resolution.value
    if (entry.line !== undefined) {
      changes.push({ line: entry.line, quantity: entry.quantity })
    } else if (entry.product !== undefined && resolved !== undefined) {
      const identity = { fastLineId: entry.fastLineId, productId: entry.product.productId, variantId: resolved.variantId, modifiers: resolved.modifiers }
      refuseSameItemTwice(kept, identity, entry.where)
      kept.push(identity)
      changes.push({ add: { fastLineId: entry.fastLineId, where: entry.where, product: entry.product, quantity: entry.quantity, resolved } })
    }
  }
  return changes
}

/** An entry of the segment, checked: a line we know (a new quantity, 0 removes it) or a product to add. */
type CheckedItem = { fastLineId: string, where: string, quantity: number } &
  ({ line: LineRecord | undefined, product?: undefined } | { line: undefined, product: ProductRef, options: ChosenOption[] })

/** Every entry's input, checked with no call. */
export function checkItems (items: ItemUpdateInput[], lines: LineRecord[]): CheckedItem[] {
  const seen = new Set<string>()
  return items.map((item, index) => {
    const where = `items[${index}]`
    const fastLineId = parseId(item.item_id, `${where}.item_id`)
    if (seen.has(fastLineId)) throw badRequest('DUPLICATE_ITEM', `${where} names line ${fastLineId} twice in one update`, { line_id: fastLineId })
    seen.add(fastLineId)
    const quantity = parseQuantity(item.quantity, `${where}.quantity`, 0, 0)
    const line = lines.find(l => l.fastLineId === fastLineId)
    if (line !== undefined || quantity === 0) return { fastLineId, where, quantity, line }
    return { fastLineId, where, quantity, line, product: parseProductRef(item, where), options: parseChosenOptions(item, where) }
  })
}

/** Changes or removes a line: the cart as BigCommerce answered, undefined when the cart went with it. */
async function changeLine (ctx: OperationContext, state: UpdateState, line: LineRecord, quantity: number): Promise<Cart | undefined> {
  const { cartId } = state.record
  if (quantity === 0) {
    const cart = await withCartVersion(ctx, state, async version => await removeItem(ctx, state, line.bcItemId, version))
    state.lines = state.lines.filter(l => l !== line)
    // Items that are no Fast line (a promotion's gift) would keep the cart alive: an order without
    // lines has no cart, so the next add knows to make one without asking BigCommerce.
    if (cart !== undefined && state.lines.length === 0) await deleteCart(ctx.api, cartId)
    await ctx.storage.deleteLines(ctx.api.storeHash, state.record.fastOrderId, [line.fastLineId])
    return state.lines.length === 0 ? undefined : cart
  }
  const requested = { productId: line.productId, quantity, ...(line.variantId === null ? {} : { variantId: line.variantId }) }
  const item = existingLineItem(line.productId, quantity, line.variantId ?? undefined, line.options)
  return await explainingItemRefusal(ctx.api, [requested], async () =>
    await withCartVersion(ctx, state, async version => await updateCartItem(ctx.api, cartId, line.bcItemId, item, version)))
}

/**
 * Removes the item: the cart as it is after, or undefined when BigCommerce deleted the cart with
 * its last item. When the answer is lost, or BigCommerce answers 404 (a retry of a removal that
 * reached it, or the storefront removed the item), the cart is read: an item no longer there was
 * removed, and a cart no longer there went with its last item.
 */
async function removeItem (ctx: OperationContext, state: UpdateState, itemId: string, version: number | undefined): Promise<Cart | undefined> {
  const { cartId } = state.record
  try {
    return await deleteCartItem(ctx.api, cartId, itemId, version)
  } catch (err) {
    if (!isUnknownOutcome(err) && !(err instanceof BigCommerceError && err.status === 404)) throw err
    const now = await getCart(ctx.api, cartId)
    if (now === undefined ? state.lines.length > 1 : [...now.line_items.physical_items, ...now.line_items.digital_items].some(item => item.id === itemId)) throw err
    return now
  }
}

interface NewLine {
  fastLineId: string
  where: string
  product: ProductRef
  quantity: number
  resolved: ResolvedItem
}

/** Adds a line: its record (undefined when BigCommerce made no such item) and the cart as BigCommerce last answered. */
async function addLine (ctx: OperationContext, state: UpdateState, line: NewLine): Promise<{ record: LineRecord | undefined, cart: Cart }> {
  const { resolved } = line
  const variantId = resolved.variantId
  const known = new Set(state.lines.map(l => l.bcItemId))
  const requested = { productId: line.product.productId, quantity: line.quantity, ...(variantId === undefined ? {} : { variantId }) }
  let cart = await explainingItemRefusal(ctx.api, [requested], async () => await addToCart(ctx, state, resolved, known))
  const made = newItemOf(cart, known, resolved)
  if (made === undefined) return { record: undefined, cart }
  if (made.item.quantity !== line.quantity) {
    // BigCommerce merged the add into an item an earlier add left behind (its answer was lost):
    // the quantity Fast asks for is the line's total, so it is set, never added up.
    cart = await withCartVersion(ctx, state, async version => await updateCartItem(ctx.api, state.record.cartId, made.item.id,
      existingLineItem(line.product.productId, line.quantity, made.item.variant_id, made.item.options ?? null), version))
  }
  const record: LineRecord = {
    storeHash: ctx.api.storeHash,
    fastOrderId: state.record.fastOrderId,
    fastLineId: line.fastLineId,
    bcItemId: made.item.id,
    productId: line.product.productId,
    variantId: made.item.variant_id ?? null,
    physical: made.physical,
    imageUrl: made.item.image_url ?? null,
    // Asked with the options include: an item without `options` has none.
    options: made.item.options ?? []
  }
  await ctx.storage.saveLines([record])
  state.lines = [...state.lines, record]
  return { record, cart }
}

/**
 * Adds the item to the order's cart, or to a new cart when the order has none any more. When
 * BigCommerce's answer is lost, the add may or may not have happened, and posting it again would
 * double the quantity (BigCommerce merges): the cart is read instead, and an item there is ours.
 */
async function addToCart (ctx: OperationContext, state: UpdateState, resolved: ResolvedItem, known: Set<string>): Promise<Cart> {
  const { item } = resolved
  if (state.lines.length === 0) return await replaceCart(ctx, state, item)
  try {
    return await withCartVersion(ctx, state, async version => await addCartItems(ctx.api, state.record.cartId, [item], version))
  } catch (err) {
    if (!isUnknownOutcome(err)) throw err
    const now = await getCart(ctx.api, state.record.cartId)
    // BigCommerce answers 500, not 404, to an add to a cart it deleted (spec/bigcommerce.md §3.3).
    if (now === undefined) return await replaceCart(ctx, state, item)
    if (now.version !== undefined) state.version = now.version
    if (newItemOf(now, known, resolved) === undefined) throw err
    return now
  }
}

/**
 * A new cart for the order, in its currency, for the customer this request's user_info names; the
 * old cart's billing address and consignments went with it.
 */
async function replaceCart (ctx: OperationContext, state: UpdateState, item: NewLineItem): Promise<Cart> {
  const cart = await createCart(ctx.api, [item], {
    ...(state.record.currencyCode === null ? {} : { currencyCode: state.record.currencyCode }),
    ...(state.customerId === undefined ? {} : { customerId: state.customerId }),
    ...(ctx.settings.channelId === undefined ? {} : { channelId: ctx.settings.channelId })
  })
  state.record = { ...state.record, cartId: cart.id, billingAddressId: null, consignmentIds: [], cartVersion: cart.version ?? null }
  state.version = cart.version
  await ctx.storage.saveOrder(state.record)
  return cart
}

/**
 * BigCommerce leaves an added item outside every consignment, and a checkout with an unshipped
 * item cannot become an order. With one shipment (the usual case) the new items join it: the
 * consignment PUT names every physical item of the cart but those another consignment ships (as
 * read with the cart calls: the storefront's own shipment keeps its items); its answer is the
 * checkout. Changing line items can clear the chosen option (checkouts.v3.yml,
 * "changing the address or line items can invalidate the previously available shipping
 * options"): it is chosen again while the new contents still offer it (one more call only then),
 * else the answer shows none chosen and Fast asks the shopper again. A consignment gone meanwhile
 * (the storefront removed it) leaves the items unshipped, as several shipments do: Fast must say
 * where they ship (a shipments update), and conversion names the unshipped lines until then.
 */
async function shipWithTheOthers (ctx: OperationContext, state: UpdateState, cart: Cart, before: Checkout): Promise<void> {
  const consignmentId = state.record.consignmentIds[0]
  const chosen = consignmentIn(before, consignmentId)?.selected_shipping_option?.id
  // A version conflict reads the checkout again (state.checkout): someone else changed the cart,
  // and that checkout is then the one to join as it stands.
  const seen = state.checkout
  let checkout: Checkout | undefined
  try {
    checkout = await withCartVersion(ctx, state, async version => {
      const now = state.checkout !== seen && state.checkout !== undefined ? state.checkout : undefined
      const items = joinedItems(now ?? before, (now?.cart ?? cart).line_items.physical_items, consignmentId)
      return items === undefined ? undefined : await updateConsignment(ctx.api, state.record.cartId, consignmentId, { line_items: items }, version)
    })
  } catch (err) {
    if (!(err instanceof BigCommerceError && err.status === 404)) throw err
  }
  if (checkout === undefined) return
  takeConsignmentAnswer(state, checkout)
  const after = consignmentIn(checkout, consignmentId)
  if (chosen !== undefined && after !== undefined && (after.selected_shipping_option ?? undefined) === undefined &&
    (after.available_shipping_options ?? []).some(option => option.id === chosen)) {
    await chooseShippingOption(ctx, state, consignmentId, chosen)
  }
}

function consignmentIn (checkout: Checkout, consignmentId: string): Consignment | undefined {
  return checkout.consignments?.find(c => c.id === consignmentId)
}

/**
 * The items our consignment ships: every physical item of the cart, in the quantities it holds,
 * but those another consignment ships. Undefined when ours is gone.
 */
function joinedItems (checkout: Checkout, physical: Array<{ id: string, quantity: number }>, consignmentId: string): Array<{ item_id: string, quantity: number }> | undefined {
  if (consignmentIn(checkout, consignmentId) === undefined) return undefined
  const elsewhere = new Set((checkout.consignments ?? []).filter(c => c.id !== consignmentId).flatMap(c => c.line_item_ids ?? []))
  return physical.filter(item => !elsewhere.has(item.id)).map(item => ({ item_id: item.id, quantity: item.quantity }))
}

type CartItem = CartPhysicalItem | CartDigitalItem

/** The item asked for (product, variant, options chosen) that is no recorded line. */
function newItemOf (cart: Cart, known: Set<string>, wanted: ResolvedItem): { item: CartItem, physical: boolean } | undefined {
  const matches = (i: CartItem): boolean => !known.has(i.id) && isItemOf(i, wanted)
  const physical = cart.line_items.physical_items.find(matches)
  if (physical !== undefined) return { item: physical, physical: true }
  const digital = cart.line_items.digital_items.find(matches)
  return digital === undefined ? undefined : { item: digital, physical: false }
}
