/**
 * Checkouts as the segments of one update see them. A read with every include is a whole Fast
 * order. So is a consignment call's answer, once we know every line's options: its only include is
 * `consignments.available_shipping_options` (checkouts.v3.yml, IncludeShippingOptions), so it lacks
 * the lines' `options`, and the mapper shows the options recorded when each item was made
 * (map-cart.ts). A line recorded before options were kept (null) costs one read for the answer.
 */
import { getCheckout } from '../../bigcommerce/checkouts.js'
import type { Checkout } from '../../bigcommerce/types.js'
import type { OperationContext } from '../context.js'
import type { UpdateState } from './state.js'

/** GET the checkout with every include; it becomes the update's answer as it stands. */
export async function readCheckout (ctx: OperationContext, state: UpdateState): Promise<Checkout> {
  const checkout = await getCheckout(ctx.api, state.record.cartId)
  takeWholeCheckout(state, checkout)
  return checkout
}

/** The checkout with every include: the one this update already holds, else one read. */
export async function wholeCheckout (ctx: OperationContext, state: UpdateState): Promise<Checkout> {
  return state.complete && state.checkout !== undefined ? state.checkout : await readCheckout(ctx, state)
}

/** A checkout read with every include: the update's answer now. */
export function takeWholeCheckout (state: UpdateState, checkout: Checkout): void {
  state.checkout = checkout
  state.complete = true
}

/** A consignment call's answer: whole when the options of every line are recorded. */
export function takeConsignmentAnswer (state: UpdateState, checkout: Checkout): void {
  state.checkout = checkout
  state.complete = state.lines.every(line => line.options !== null)
}
