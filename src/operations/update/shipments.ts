/**
 * Update segment `shipments`: each Fast shipment is a BigCommerce consignment (its ship_to and
 * which lines it carries). New ones are created in one POST; known ones are PUT one by one.
 */
import { addConsignments, getCheckout, updateConsignment, type ConsignmentInput } from '../../bigcommerce/checkouts.js'
import { badRequest, unprocessable } from '../../fast/errors.js'
import type { OperationContext } from '../context.js'
import { countryCode, toBigCommerceAddress, type FastAddressInput } from '../bigcommerce-address.js'
import { parseQuantity } from '../input.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import { withCartVersion } from './cart-version.js'
import type { SegmentStatus, UpdateState } from './state.js'

export interface ShipmentInput {
  plan_id?: { value?: string }
  ship_to?: FastAddressInput
  line_refs?: Array<{ id?: { value?: string }, quantity?: number | string }>
}

export async function updateShipments (ctx: OperationContext, state: UpdateState, shipments: ShipmentInput[]): Promise<SegmentStatus> {
  const known = state.record.consignmentIds
  const created: ConsignmentInput[] = []
  for (const [index, shipment] of shipments.entries()) {
    const consignment = await toConsignment(ctx, state, shipment, index)
    // Without a plan id, Fast's n-th shipment is the n-th consignment we made for it.
    const consignmentId = shipment.plan_id?.value ?? known[index]
    if (consignmentId === undefined) {
      created.push(consignment)
    } else {
      if (!known.includes(consignmentId)) throw unprocessable('UNKNOWN_SHIPMENT_PLAN', `shipments[${index}].plan_id is not a shipment plan of this order`, { plan_id: consignmentId })
      state.checkout = await withCartVersion(ctx, state, async version => await updateConsignment(ctx.api, state.record.cartId, consignmentId, consignment, version))
    }
  }
  if (created.length > 0) {
    const checkout = await withCartVersion(ctx, state, async version => await addConsignments(ctx.api, state.record.cartId, created, version))
    const ids = (checkout.consignments ?? []).map(c => c.id)
    state.checkout = checkout
    state.record = { ...state.record, consignmentIds: [...known, ...ids.filter(id => !known.includes(id))] }
    await ctx.storage.saveOrder(state.record)
  }
  // The consignment calls carry the shipping-options include, so their answer is a whole checkout.
  state.complete = true
  return { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_SHIPPING_ADDRESS, status: true, message: 'shipping added' }
}

async function toConsignment (ctx: OperationContext, state: UpdateState, shipment: ShipmentInput, index: number): Promise<ConsignmentInput> {
  const where = `shipments[${index}]`
  if (shipment.ship_to === undefined) throw badRequest('SHIP_TO_MISSING', `${where}.ship_to is required`, { field: `${where}.ship_to` })
  const shipTo = shipment.ship_to
  // BigCommerce requires the state's name on a consignment; Fast sends only its code.
  const code = countryCode(shipTo)
  const stateName = shipTo.state_province === undefined && shipTo.state_province_code !== undefined && code !== undefined
    ? await ctx.geography.stateName(ctx.api, code, shipTo.state_province_code)
    : undefined
  const address = toBigCommerceAddress(shipTo, 'shipping address', stateName === undefined ? {} : { stateName })
  const refs = shipment.line_refs ?? []
  if (refs.length === 0) {
    // No line_refs: the shipment carries every physical item, in the quantities the cart has.
    state.checkout ??= await getCheckout(ctx.api, state.record.cartId)
    return { address, line_items: state.checkout.cart.line_items.physical_items.map(item => ({ item_id: item.id, quantity: item.quantity })) }
  }
  const physical = state.lines.filter(line => line.physical)
  return {
    address,
    line_items: refs.map((ref, refIndex) => {
      const line = physical.find(l => l.fastLineId === ref.id?.value)
      if (line === undefined) throw unprocessable('UNKNOWN_LINE', `${where}.line_refs[${refIndex}] names no shippable line of this order`, { line_id: ref.id?.value ?? '' })
      return { item_id: line.bcItemId, quantity: parseQuantity(ref.quantity, `${where}.line_refs[${refIndex}].quantity`, 1, 1) }
    })
  }
}
