/**
 * Update segment `user_info`: the shopper is a BigCommerce customer (`external_customer_id` is a
 * customer id), so the cart becomes theirs and their customer-group prices apply. Changing the
 * cart's customer drops its promotions and shipping calculations (carts.v3.yml updateCart), so it
 * is done only when the customer really changes, and before every other segment.
 */
import { getCart, setCartCustomer } from '../../bigcommerce/carts.js'
import type { UserUpdate } from '../../fast/schemas/index.js'
import type { OperationContext } from '../context.js'
import { customerIdOf } from '../input.js'
import { withCartVersion } from './cart-version.js'
import type { UpdateState } from './state.js'

/** The BigCommerce customer a `user_info` names, if any. */
export function customerOf (userInfo: UserUpdate | undefined): number | undefined {
  return customerIdOf(userInfo?.external_customer_id)
}

export async function updateCustomer (ctx: OperationContext, state: UpdateState, customerId: number): Promise<void> {
  // An order without lines has no cart; the next one is made for a guest.
  if (state.record.bcOrderId !== null || state.lines.length === 0) return
  const cart = await getCart(ctx.api, state.record.cartId)
  if (cart === undefined || cart.customer_id === customerId) return
  if (cart.version !== undefined) state.version = cart.version
  await withCartVersion(ctx, state, async version => await setCartCustomer(ctx.api, state.record.cartId, customerId, version))
  state.complete = false
}
