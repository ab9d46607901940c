/** Update segment `bill_to`: the checkout's billing address (a POST the first time, then a PUT). */
import { addBillingAddress, updateBillingAddress, type AddressInput } from '../../bigcommerce/checkouts.js'
import type { OperationContext } from '../context.js'
import type { OrderAddressInput } from '../../fast/schemas/index.js'
import { toBigCommerceAddress } from '../bigcommerce-address.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import { withCartVersion } from './cart-version.js'
import type { SegmentStatus, UpdateState } from './state.js'

/** The billing address as BigCommerce takes it; bad input throws before any call. */
export function checkBillTo (billTo: OrderAddressInput): AddressInput {
  return toBigCommerceAddress(billTo, 'billing address')
}

export async function updateBillTo (ctx: OperationContext, state: UpdateState, billTo: OrderAddressInput): Promise<SegmentStatus> {
  const address = checkBillTo(billTo)
  const { record } = state
  const checkout = await withCartVersion(ctx, state, async version => record.billingAddressId === null
    ? await addBillingAddress(ctx.api, record.cartId, address, version)
    : await updateBillingAddress(ctx.api, record.cartId, record.billingAddressId, address, version))
  const billingAddressId = checkout.billing_address?.id ?? record.billingAddressId
  if (billingAddressId !== record.billingAddressId) {
    state.record = { ...record, billingAddressId }
    await ctx.storage.saveOrder(state.record)
  }
  // The billing endpoints take no include: the answer lacks shipping options and item options.
  state.checkout = checkout
  state.complete = false
  return { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_BILLING_ADDRESS, status: true, message: 'billing address added' }
}
