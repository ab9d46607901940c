/**
 * The Fast calls the benchmark makes, as Fast makes them (the seed-000 journey, as `npm run demo`
 * plays it): a cart's create, read and bill_to, and the full checkout: create, bill_to, ship_to,
 * option, an added item, a coupon, convert, BOOKED and PENDING_FULFILLMENT.
 */
import { randomUUID } from 'node:crypto'

export type Operation = 'create' | 'read' | 'update'
/** Sends one Fast call and gives its parsed answer; throws unless it is a 200. */
export type Send = (operation: Operation, authorization: string, body: unknown) => Promise<any>

const SHOPPER = {
  first_name: 'John', last_name: 'Smith', email: 'John+23roujwn@fast.in', phone: '+15555555555',
  address_1: '349 9th Street', city_locality: 'San Francisco', state_province_code: 'CA', country: 'US', country_code: 'US', postal_code: '94103'
}

export function createBody (orderId: string, lineId: string): unknown {
  return {
    type: 'ENTITY_TYPE_ORDER',
    order: { is_cart: true, order: { id: { value: orderId }, order_type: 'ORDER_TYPE_CART', status: 'ORDER_STATUS_CART', bill_to: {}, lines: [{ id: { value: lineId }, external_product_id: '112', quantity: 1 }] } }
  }
}

export function readBody (cartId: string): unknown {
  return { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, external_order_id: cartId } }
}

export function updateBody (orderId: string, segment: Record<string, unknown>, requestId: string = randomUUID()): unknown {
  return { request_id: { value: requestId }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: orderId }, is_cart: true, ...segment } }
}

export function billToBody (orderId: string, requestId?: string): unknown {
  return updateBody(orderId, { bill_to: SHOPPER }, requestId)
}

/** A new cart: its Fast order id and BigCommerce cart id. */
export async function createCart (send: Send, authorization: string): Promise<{ orderId: string, cartId: string, lineId: string }> {
  const orderId = randomUUID()
  const lineId = randomUUID()
  const answer = await send('create', authorization, createBody(orderId, lineId))
  return { orderId, lineId, cartId: answer.order.order.external_id }
}

export const CHECKOUT_STEPS = ['create', 'bill_to', 'ship_to', 'option', 'add item', 'coupon', 'convert', 'BOOKED', 'PENDING_FULFILLMENT'] as const
export type CheckoutStep = typeof CHECKOUT_STEPS[number]

/** The full checkout, one step after the other; `afterStep` runs after each (to count calls). */
export async function checkout (send: Send, authorization: string, afterStep: (step: CheckoutStep) => Promise<void> = async () => {}): Promise<void> {
  const { orderId, lineId } = await createCart(send, authorization)
  await afterStep('create')
  const update = async (step: CheckoutStep, segment: Record<string, unknown>): Promise<any> => {
    const answer = await send('update', authorization, updateBody(orderId, segment))
    await afterStep(step)
    return answer
  }
  await update('bill_to', { bill_to: SHOPPER })
  const shipped = await update('ship_to', { shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: lineId }, quantity: 1 }] }] })
  const plan = shipped.order.order.shipment_plans[0]
  const option = plan.available_options.find((o: any) => o.name === 'Express') ?? plan.available_options[0]
  await update('option', { shipping_option: { plan_id: { value: plan.external_id }, option_id: { value: option.external_id } } })
  await update('add item', { items: [{ item_id: { value: randomUUID() }, quantity: 1, external_product_id: '113', external_variant_id: '81' }] })
  await update('coupon', { coupon: { code: 'SAVE10' } })
  await update('convert', { convert_cart_to_order: true, convert_mode: 'CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT' })
  await update('BOOKED', { status: 'ORDER_STATUS_BOOKED', convert_cart_to_order: true })
  await update('PENDING_FULFILLMENT', { status: 'ORDER_STATUS_PENDING_FULFILLMENT', convert_cart_to_order: true })
}
