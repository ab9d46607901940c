/** Update segment `shipping_option`: the shopper picked an option of a shipment plan. */
import { selectShippingOption } from '../../bigcommerce/checkouts.js'
import { badRequest, unprocessable } from '../../fast/errors.js'
import type { ShippingOptionUpdate } from '../../fast/schemas/index.js'
import type { OperationContext } from '../context.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import { withCartVersion } from './cart-version.js'
import { takeConsignmentAnswer, wholeCheckout } from './checkout-answers.js'
import type { SegmentStatus, UpdateState } from './state.js'

/** The option the shopper picked; bad input throws before any call. */
export function checkShippingOption (choice: ShippingOptionUpdate): string {
  const optionId = choice.external_option_id ?? choice.option_id?.value
  if (optionId === undefined || optionId === '') throw badRequest('OPTION_ID_MISSING', 'shipping_option.option_id is required', { field: 'shipping_option.option_id' })
  return optionId
}

export async function updateShippingOption (ctx: OperationContext, state: UpdateState, choice: ShippingOptionUpdate): Promise<SegmentStatus> {
  const optionId = checkShippingOption(choice)
  const consignmentId = await consignmentOf(ctx, state, choice.plan_id?.value, optionId)
  await chooseShippingOption(ctx, state, consignmentId, optionId)
  return { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_SHIPPING_OPTION, status: true, message: 'shipping options updated' }
}

/** Chooses the option for the consignment; BigCommerce's answer is the checkout. */
export async function chooseShippingOption (ctx: OperationContext, state: UpdateState, consignmentId: string, optionId: string): Promise<void> {
  takeConsignmentAnswer(state, await withCartVersion(ctx, state, async version => await selectShippingOption(ctx.api, state.record.cartId, consignmentId, optionId, version)))
}

/**
 * The consignment whose option the shopper picked. Seed 000 sends as plan_id the consignment id we
 * gave Fast; Fast's API document's examples send an opaque id of Fast's own. An id of ours names its
 * consignment; otherwise the order's only consignment is the one; with several, BigCommerce's option
 * ids are each consignment's own (they are quoted per consignment), so the consignment offering the
 * option is the one — which takes one checkout read, whose lines' options then serve the answer.
 */
async function consignmentOf (ctx: OperationContext, state: UpdateState, planId: string | undefined, optionId: string): Promise<string> {
  const known = state.record.consignmentIds
  if (planId !== undefined && known.includes(planId)) return planId
  if (known.length === 1) return known[0]
  if (known.length === 0) throw unprocessable('SHIPMENTS_MISSING', 'The order has no shipment plan yet: send its shipments first', { field: 'shipping_option.plan_id' })
  const checkout = await wholeCheckout(ctx, state)
  const offering = (checkout.consignments ?? []).filter(c => known.includes(c.id) && (c.available_shipping_options ?? []).some(option => option.id === optionId))
  if (offering.length !== 1) throw unprocessable('UNKNOWN_SHIPMENT_PLAN', 'shipping_option names no shipment plan of this order offering that option', { plan_id: planId ?? '', option_id: optionId })
  return offering[0].id
}
