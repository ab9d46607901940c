/**
 * Update segment `user_info`: the shopper is a BigCommerce customer (`external_customer_id` is a
 * customer id), so the cart becomes theirs and their customer-group prices apply. Changing the
 * cart's customer drops its promotions and shipping calculations (carts.v3.yml updateCart), so it
 * is done only when the customer really changes, before every other segment, and refused once the
 * order has a shipment (re-sending the consignments would be the costly alternative).
 */
import { getCart, setCartCustomer } from '../../bigcommerce/carts.js'
import { unprocessable } from '../../fast/errors.js'
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
  if (state.record.bcOrderId !== null) return
  // A cart the items of this request make anew (the order had none, or loses its last line) is made theirs.
  state.customerId = customerId
  if (state.lines.length === 0) return
  const cart = await getCart(ctx.api, state.record.cartId)
  if (cart === undefined || cart.customer_id === customerId) return
  // A new customer resets the consignments' shipping calculations, and BigCommerce then refuses the
  // order ("A shipping address for this order is incomplete", spec/bigcommerce.md §3.3).
  if (state.record.consignmentIds.length > 0) {
    throw unprocessable('CUSTOMER_AFTER_SHIPPING', 'user_info names a new customer after the order has a shipment; send user_info before shipments, or start a new checkout', { customer_id: String(customerId) })
  }
  if (cart.version !== undefined) state.version = cart.version
  await withCartVersion(ctx, state, async version => await setCartCustomer(ctx.api, state.record.cartId, customerId, version))
  state.complete = false
}
