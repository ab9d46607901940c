/**
 * Fast "update": applies the segments of one request in one fixed order, one status entry each,
 * then answers with the whole order as BigCommerce now has it.
 *
 * The order: items, coupon, bill_to, shipments, shipping_option, convert, status. Lines first,
 * because they change what can be discounted and shipped; the coupon next, because it can change
 * shipping; addresses before the option, because a new address changes which options exist
 * (BigCommerce refuses both in one call); conversion after every change it should include
 * (UPDATE_AND_CONVERT); status last, since it applies to the converted order.
 */
import { badRequest, FastError, notFound, unprocessable } from '../../fast/errors.js'
import { CartToOrderConvert, enumNumber, OrderStatus, type UpdateOrderSegment } from '../../fast/schemas/index.js'
import type { OperationContext } from '../context.js'
import { currentOrder } from '../current-order.js'
import type { FastOrder } from '../fast-order.js'
import { withOrderLease } from '../order-lease.js'
import { findOrderRecord } from '../order-record.js'
import { checkBillTo, updateBillTo } from './bill-to.js'
import { cartBecameOrder, convertCart } from './convert.js'
import { checkCoupon, updateCoupon } from './coupons.js'
import { customerOf, updateCustomer } from './customer.js'
import { checkItems, updateItems } from './items.js'
import { checkShipments, updateShipments } from './shipments.js'
import { checkShippingOption, updateShippingOption } from './shipping-option.js'
import type { SegmentStatus, UpdateState } from './state.js'
import { updateStatus } from './status.js'

export interface UpdateResult {
  order: { order: FastOrder, status: SegmentStatus[] }
}

interface Plan {
  /** The request also asks for conversion (convert_cart_to_order), status updates included. */
  asksToConvert: boolean
  customer: number | undefined
  items: boolean
  coupon: boolean
  billTo: boolean
  shipments: boolean
  shippingOption: boolean
  convert: boolean
  status: number | undefined
}

export async function updateFastOrder (ctx: OperationContext, segment: UpdateOrderSegment | undefined): Promise<UpdateResult> {
  if (segment === undefined) throw badRequest('ORDER_MISSING', 'The request has no order segment to update')
  const plan = planOf(segment)
  const record = await findRecord(ctx, segment)
  return await withOrderLease(ctx, record.fastOrderId, async () => {
    // Read again under the lease: a concurrent update may have changed the record meanwhile.
    const fresh = await ctx.storage.findOrderByFastId(ctx.api.storeHash, record.fastOrderId) ?? record
    const state: UpdateState = { record: fresh, lines: await ctx.storage.listLines(ctx.api.storeHash, fresh.fastOrderId), complete: false, version: fresh.cartVersion ?? undefined }
    const status: SegmentStatus[] = []
    checkInput(segment, plan, state)
    const apply = await changesToApply(ctx, state, plan)
    if (apply.customer !== undefined) await updateCustomer(ctx, state, apply.customer)
    if (apply.items) status.push(await updateItems(ctx, state, segment.items ?? []))
    if (apply.coupon) status.push(await updateCoupon(ctx, state, segment.coupon ?? {}))
    if (apply.billTo) status.push(await updateBillTo(ctx, state, segment.bill_to ?? {}))
    if (apply.shipments) status.push(await updateShipments(ctx, state, segment.shipments ?? []))
    if (apply.shippingOption) status.push(await updateShippingOption(ctx, state, segment.shipping_option ?? {}))
    if (plan.convert) status.push(await convertCart(ctx, state))
    if (plan.status !== undefined) status.push(await updateStatus(ctx, state, plan.status as Parameters<typeof updateStatus>[2], ctx.settings.orderStatusIds))
    if (state.version !== undefined && state.version !== state.record.cartVersion) {
      state.record = { ...state.record, cartVersion: state.version }
      await ctx.storage.saveOrder(state.record)
    }
    const checkout = state.complete && state.record.bcOrderId === null ? state.checkout : undefined
    return { order: { order: await currentOrder(ctx, state.record, state.lines, checkout, state.order, state.orderCoupons), status } }
  })
}

/** What the request asks for, checked before any BigCommerce call. */
function planOf (segment: UpdateOrderSegment): Plan {
  const status = segment.status === undefined ? undefined : enumNumber(OrderStatus, segment.status)
  // Fast repeats convert_cart_to_order: true on status updates: those are status updates only.
  const isStatusUpdate = status !== undefined && status !== OrderStatus.ORDER_STATUS_UNSPECIFIED && status !== OrderStatus.ORDER_STATUS_CART
  const convert = segment.convert_cart_to_order === true && !isStatusUpdate
  const plan: Plan = {
    asksToConvert: segment.convert_cart_to_order === true,
    // A customer changed on a cart being (or already) converted leaves BigCommerce refusing the order (spec/bigcommerce.md §3.3).
    customer: convert || isStatusUpdate ? undefined : customerOf(segment.user_info),
    items: (segment.items?.length ?? 0) > 0,
    coupon: segment.coupon !== undefined,
    billTo: segment.bill_to !== undefined,
    shipments: (segment.shipments?.length ?? 0) > 0,
    shippingOption: segment.shipping_option !== undefined,
    convert,
    status: isStatusUpdate ? status : undefined
  }
  const changes = changesCart(plan)
  if (convert) {
    const mode = enumNumber(CartToOrderConvert, segment.convert_mode)
    if (mode !== CartToOrderConvert.CART_TO_ORDER_CONVERT_ONLY && mode !== CartToOrderConvert.CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT) {
      throw badRequest('INVALID_CONVERT_MODE', 'convert_mode must be CART_TO_ORDER_CONVERT_ONLY or CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT', { convert_mode: String(segment.convert_mode ?? '') })
    }
    if (mode === CartToOrderConvert.CART_TO_ORDER_CONVERT_ONLY && changes) {
      throw badRequest('CONVERT_ONLY_WITH_CHANGES', 'CART_TO_ORDER_CONVERT_ONLY converts the cart as it is; send the changes with CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT')
    }
  }
  if (!changes && !convert && plan.status === undefined) {
    throw badRequest('NOTHING_TO_UPDATE', 'The update names nothing to change (items, coupon, bill_to, shipments, shipping_option, convert_cart_to_order or status)')
  }
  return plan
}

/**
 * Every segment's input checked before the first segment calls BigCommerce: bad input in a later
 * segment must not leave an earlier one applied. The segments run the same checks again as they go.
 */
function checkInput (segment: UpdateOrderSegment, plan: Plan, state: UpdateState): void {
  const items = plan.items ? checkItems(segment.items ?? [], state.lines) : []
  if (plan.coupon) checkCoupon(segment.coupon ?? {})
  if (plan.billTo) checkBillTo(segment.bill_to ?? {})
  const adding = items.filter(item => item.product !== undefined).map(item => item.fastLineId)
  if (plan.shipments) checkShipments(segment.shipments ?? [], state.lines, adding)
  if (plan.shippingOption) checkShippingOption(segment.shipping_option ?? {})
}

function changesCart (plan: Plan): boolean {
  return plan.customer !== undefined || plan.items || plan.coupon || plan.billTo || plan.shipments || plan.shippingOption
}

/**
 * The cart changes of the plan that still apply, checked before any of them calls BigCommerce. A
 * cart that became an order is not changed any more: the changes would not reach the order, and a
 * cart emptied and filled again would become a second order. A retry of UPDATE_AND_CONVERT whose
 * first attempt made the order made its changes before the order: they are skipped, and the
 * request answers the order. After a conversion whose outcome is unknown, BigCommerce is looked
 * up first; with no order found yet, a change that does not convert waits (409, not stored).
 */
async function changesToApply (ctx: OperationContext, state: UpdateState, plan: Plan): Promise<Plan> {
  if (!changesCart(plan)) return plan
  const converted = await cartBecameOrder(ctx, state)
  if (converted === true) {
    if (!plan.asksToConvert) throw unprocessable('ORDER_ALREADY_CONVERTED', 'The cart is an order already; its lines, coupon, addresses, shipping and customer can no longer be changed')
    return { ...plan, customer: undefined, items: false, coupon: false, billTo: false, shipments: false, shippingOption: false }
  }
  if (converted === 'unknown' && !plan.convert) {
    throw new FastError(409, 'CONVERSION_IN_PROGRESS', 'This cart is being converted to an order; retry shortly', { retryAfter: 1 })
  }
  return plan
}

async function findRecord (ctx: OperationContext, segment: UpdateOrderSegment) {
  const fastOrderId = segment.order_id?.value ?? ''
  const externalId = segment.external_id ?? ''
  if (fastOrderId === '' && externalId === '') throw badRequest('ORDER_ID_MISSING', 'Update needs order.order_id or order.external_id')
  // After conversion Fast names the order by the BigCommerce order id it was given.
  const record = await findOrderRecord(ctx, fastOrderId, externalId)
  if (record === undefined) throw notFound('ORDER_NOT_FOUND', 'No order of this store is known under that id', { order_id: fastOrderId || externalId })
  return record
}
