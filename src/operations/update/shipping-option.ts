/** Update segment `shipping_option`: the shopper picked an option of a shipment plan. */
import { selectShippingOption } from '../../bigcommerce/checkouts.js'
import { badRequest } from '../../fast/errors.js'
import type { OperationContext } from '../context.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import { withCartVersion } from './cart-version.js'
import type { SegmentStatus, UpdateState } from './state.js'

export interface ShippingOptionInput {
  plan_id?: { value?: string }
  option_id?: { value?: string }
  external_option_id?: string
}

export async function updateShippingOption (ctx: OperationContext, state: UpdateState, choice: ShippingOptionInput): Promise<SegmentStatus> {
  // plan_id is the consignment id we gave Fast; a single-plan order may leave it out.
  const consignmentId = choice.plan_id?.value ?? (state.record.consignmentIds.length === 1 ? state.record.consignmentIds[0] : undefined)
  if (consignmentId === undefined || consignmentId === '') throw badRequest('PLAN_ID_MISSING', 'shipping_option.plan_id is required', { field: 'shipping_option.plan_id' })
  const optionId = choice.external_option_id ?? choice.option_id?.value
  if (optionId === undefined || optionId === '') throw badRequest('OPTION_ID_MISSING', 'shipping_option.option_id is required', { field: 'shipping_option.option_id' })
  state.checkout = await withCartVersion(ctx, state, async version => await selectShippingOption(ctx.api, state.record.cartId, consignmentId, optionId, version))
  // The PUT carried the shipping-options include, so its answer is a whole checkout.
  state.complete = true
  return { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_SHIPPING_OPTION, status: true, message: 'shipping options updated' }
}
