/**
 * Update segment `shipments`: each Fast shipment is a BigCommerce consignment (its ship_to and
 * which lines it carries). New ones are created in one POST; known ones are PUT one by one.
 */
import { addConsignments, updateConsignment, type ConsignmentInput } from '../../bigcommerce/checkouts.js'
import { badRequest, unprocessable } from '../../fast/errors.js'
import type { Checkout } from '../../bigcommerce/types.js'
import type { OrderAddressInput, ShipmentPlanUpdate } from '../../fast/schemas/index.js'
import type { LineRecord } from '../../storage/storage.js'
import type { OperationContext } from '../context.js'
import { countryCode, toBigCommerceAddress, toConsignmentAddress } from '../bigcommerce-address.js'
import { parseQuantity } from '../input.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import { allSettled } from './all-settled.js'
import { withCartVersion } from './cart-version.js'
import { takeConsignmentAnswer, wholeCheckout } from './checkout-answers.js'
import type { SegmentStatus, UpdateState } from './state.js'

export async function updateShipments (ctx: OperationContext, state: UpdateState, shipments: ShipmentPlanUpdate[]): Promise<SegmentStatus> {
  const known = state.record.consignmentIds
  const named = new Set(shipments.map(s => s.plan_id?.value).filter((id): id is string => id !== undefined && known.includes(id)))
  // Every shipment is checked and built (reads only) before the first change: a refused shipment
  // must not leave the ones before it applied.
  const consignments = await toConsignments(ctx, state, checkShipments(shipments, state.lines))
  const created: ConsignmentInput[] = []
  for (const [index, shipment] of shipments.entries()) {
    const consignment = consignments[index]
    const consignmentId = consignmentOf(shipment, index, known, named)
    if (consignmentId === undefined) {
      created.push(consignment)
    } else {
      takeConsignmentAnswer(state, await withCartVersion(ctx, state, async version => await updateConsignment(ctx.api, state.record.cartId, consignmentId, consignment, version)))
    }
  }
  if (created.length > 0) {
    const checkout = await withCartVersion(ctx, state, async version => await addConsignments(ctx.api, state.record.cartId, created, version))
    const ids = (checkout.consignments ?? []).map(c => c.id)
    takeConsignmentAnswer(state, checkout)
    state.record = { ...state.record, consignmentIds: [...known, ...ids.filter(id => !known.includes(id))] }
    await ctx.storage.saveOrder(state.record)
  }
  return { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_SHIPPING_ADDRESS, status: true, message: 'shipping added' }
}

/**
 * Which consignment a shipment changes, or undefined for a new one. Seed 000 names a plan by the
 * consignment id we gave Fast as its external_id; Fast's API document's examples send an opaque id
 * of Fast's own instead ("OnzoaAyj1Wn8Ej-um5W8JfJLnqk="). Such an id tells us no more than no id at
 * all, so both mean: Fast's n-th shipment is the n-th consignment we made for it (with one address,
 * the one consignment, whose address Fast sends again on every change). Remembering Fast's ids
 * would need a storage column of their own; position is what a shipment without an id (seed 000)
 * already relies on.
 */
function consignmentOf (shipment: ShipmentPlanUpdate, index: number, known: string[], named: Set<string>): string | undefined {
  const planId = shipment.plan_id?.value
  if (planId !== undefined && known.includes(planId)) return planId
  // A consignment another shipment of this request names by our id is that shipment's, not this one's.
  const byPosition = known[index]
  return byPosition === undefined || named.has(byPosition) ? undefined : byPosition
}

/** A shipment as Fast sent it, checked: its address and the lines it names (quantity undefined: the whole line). */
export interface CheckedShipment {
  where: string
  shipTo: OrderAddressInput
  refs: Array<{ line: LineRecord, quantity: number | undefined }>
}

/**
 * Every shipment's input checked against the order's lines, with no call: a ship_to with a
 * country and an email, and line_refs naming shippable lines. A line_ref without a quantity (proto3
 * leaves a 0 out, so 0 reads the same) ships the line's whole quantity. `adding`: the lines the same
 * request adds before its shipments run, which the refs may name (they are checked again then).
 */
export function checkShipments (shipments: ShipmentPlanUpdate[], lines: LineRecord[], adding: string[] = []): CheckedShipment[] {
  const physical = lines.filter(line => line.physical)
  return shipments.map((shipment, index) => {
    const where = `shipments[${index}]`
    if (shipment.ship_to === undefined) throw badRequest('SHIP_TO_MISSING', `${where}.ship_to is required`, { field: `${where}.ship_to` })
    toBigCommerceAddress(shipment.ship_to, 'shipping address')
    const refs = (shipment.line_refs ?? []).flatMap((ref, refIndex) => {
      const field = `${where}.line_refs[${refIndex}]`
      const omitted = ref.quantity === undefined || Number(ref.quantity) === 0
      const quantity = omitted ? undefined : parseQuantity(ref.quantity, `${field}.quantity`, 1)
      const line = physical.find(l => l.fastLineId === ref.id?.value)
      if (line === undefined && adding.includes(ref.id?.value ?? '')) return []
      if (line === undefined) throw unprocessable('UNKNOWN_LINE', `${field} names no shippable line of this order`, { line_id: ref.id?.value ?? '' })
      return [{ line, quantity }]
    })
    return { where, shipTo: shipment.ship_to, refs }
  })
}

/**
 * The consignments the shipments describe. Their reads are independent and run together: the
 * state names BigCommerce wants (Fast may send only a code; geography.ts asks each code once), and the
 * checkout when a shipment ships whole lines, whose quantities only the checkout knows (its lines'
 * options then serve the answer).
 */
async function toConsignments (ctx: OperationContext, state: UpdateState, shipments: CheckedShipment[]): Promise<ConsignmentInput[]> {
  const wholeLines = shipments.some(({ refs }) => refs.length === 0 || refs.some(ref => ref.quantity === undefined))
  const stateNameOf = async (shipTo: OrderAddressInput): Promise<string | undefined> => {
    const code = countryCode(shipTo)
    if (shipTo.state_province !== undefined || shipTo.state_province_code === undefined || code === undefined) return undefined
    return await ctx.geography.stateName(ctx.api, code, shipTo.state_province_code)
  }
  // Settled together: the request never ends while the checkout read is still out.
  const [names, checkout] = await allSettled(
    Promise.all(shipments.map(async ({ shipTo }) => await stateNameOf(shipTo))),
    wholeLines ? wholeCheckout(ctx, state) : Promise.resolve(undefined)
  )
  return shipments.map((shipment, index) => {
    const stateName = names[index]
    return { address: toConsignmentAddress(shipment.shipTo, stateName === undefined ? {} : { stateName }), line_items: shippedItems(shipment, checkout) }
  })
}

/**
 * The items a shipment carries. No line_refs: every physical item, in the quantities the cart has.
 * A line_ref without a quantity is the line's whole quantity, from the checkout.
 */
function shippedItems (shipment: CheckedShipment, checkout: Checkout | undefined): ConsignmentInput['line_items'] {
  const { refs, where } = shipment
  const physicalItems = checkout?.cart.line_items.physical_items ?? []
  if (refs.length === 0) return physicalItems.map(item => ({ item_id: item.id, quantity: item.quantity }))
  return refs.map(({ line, quantity }, refIndex) => {
    const whole = physicalItems.find(item => item.id === line.bcItemId)?.quantity
    if (quantity === undefined && whole === undefined) throw unprocessable('UNKNOWN_LINE', `${where}.line_refs[${refIndex}] names a line the cart no longer has`, { line_id: line.fastLineId })
    return { item_id: line.bcItemId, quantity: quantity ?? whole as number }
  })
}
