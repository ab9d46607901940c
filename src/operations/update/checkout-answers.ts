/**
 * Checkouts as the segments of one update see them. A read with every include is a whole Fast
 * order. The consignment endpoints accept only `consignments.available_shipping_options` as include
 * (checkouts.v3.yml, IncludeShippingOptions), so their answer is the whole checkout except the
 * lines' `options`: those are taken from a read made earlier in this update (an item's options do
 * not change while it stays the same item), and without one the update's answer reads the checkout
 * once more (operations/update/index.ts), rather than answering Fast lines stripped of their options.
 */
import { getCheckout } from '../../bigcommerce/checkouts.js'
import type { Checkout, LineItem } from '../../bigcommerce/types.js'
import type { OperationContext } from '../context.js'
import type { UpdateState } from './state.js'

/** GET the checkout with every include, and remember its lines' options for later answers. */
export async function readCheckout (ctx: OperationContext, state: UpdateState): Promise<Checkout> {
  const checkout = await getCheckout(ctx.api, state.record.cartId)
  rememberWholeCheckout(state, checkout)
  return checkout
}

/** The checkout with every include: the one this update already holds, else one read. */
export async function wholeCheckout (ctx: OperationContext, state: UpdateState): Promise<Checkout> {
  return state.complete && state.checkout !== undefined ? state.checkout : await readCheckout(ctx, state)
}

/** A checkout read with every include: the update's answer as it stands, options included. */
export function rememberWholeCheckout (state: UpdateState, checkout: Checkout): void {
  state.checkout = checkout
  state.complete = true
  state.lineOptions = new Map(itemsOf(checkout).map(item => [item.id, item.options ?? []]))
}

/** A consignment call's answer: complete when every line's options are known from this update. */
export function takeConsignmentAnswer (state: UpdateState, answer: Checkout): void {
  const known = state.lineOptions
  const items = itemsOf(answer)
  if (known === undefined || !items.every(item => known.has(item.id))) {
    state.checkout = answer
    state.complete = false
    return
  }
  const withOptions = <T extends LineItem>(list: T[]): T[] => list.map(item => ({ ...item, options: known.get(item.id) }))
  const { line_items: lines } = answer.cart
  state.checkout = {
    ...answer,
    cart: { ...answer.cart, line_items: { ...lines, physical_items: withOptions(lines.physical_items), digital_items: withOptions(lines.digital_items) } }
  }
  state.complete = true
}

function itemsOf (checkout: Checkout): LineItem[] {
  return [...checkout.cart.line_items.physical_items, ...checkout.cart.line_items.digital_items]
}
