/**
 * Builds a Fast checkout step by step through the bridge, the way Fast's calls arrive, so a test
 * can start from "a cart", "a cart with addresses", or "a convertible cart".
 */
import { randomUUID } from 'node:crypto'
import type { TestBridge } from './build-app.js'
import { createBody } from './fast-requests.js'

export const SHOPPER = {
  first_name: 'John', last_name: 'Smith', email: 'John+23roujwn@fast.in', phone: '+15555555555',
  address_1: '349 9th Street', city_locality: 'San Francisco', state_province_code: 'CA', country: 'US', country_code: 'US', postal_code: '94103'
}

export interface Journey {
  orderId: string
  lineId: string
  cartId: string
  /** An update request for this order with a fresh request_id (or the one given). */
  update(segment: Record<string, unknown>, requestId?: string): Record<string, unknown>
  read(): Record<string, unknown>
}

export async function createCart (bridge: TestBridge, lines: Array<{ product: string, variant?: string, quantity: number }> = [{ product: '112', quantity: 1 }]): Promise<Journey & { answer: any, lineIds: string[] }> {
  const orderId = randomUUID()
  const lineIds = lines.map(() => randomUUID())
  const answer = await bridge.fast('create', createBody(lines.map((line, index) => ({ ...line, id: lineIds[index] })), orderId))
  if (answer.statusCode !== 200) throw new Error(`create failed: ${JSON.stringify(answer.body)}`)
  return {
    orderId,
    lineId: lineIds[0],
    lineIds,
    cartId: answer.body.order.order.external_id,
    answer: answer.body,
    update: (segment, requestId = randomUUID()) => ({ request_id: { value: requestId }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: orderId }, is_cart: true, ...segment } }),
    read: () => ({ type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: orderId } } })
  }
}

/** A cart with billing and shipping addresses and the named shipping option chosen: ready to convert. */
export async function convertibleCart (bridge: TestBridge, option = 'Free Shipping', lines?: Parameters<typeof createCart>[1]): Promise<Journey & { lineIds: string[] }> {
  const journey = await createCart(bridge, lines)
  await expectOk(bridge, 'update', journey.update({ bill_to: SHOPPER }))
  const shipped = await expectOk(bridge, 'update', journey.update({ shipments: [{ ship_to: SHOPPER, line_refs: journey.lineIds.map((id, index) => ({ id: { value: id }, quantity: lines?.[index]?.quantity ?? 1 })) }] }))
  const plan = shipped.order.order.shipment_plans[0]
  const chosen = plan.available_options.find((o: any) => o.name === option)
  await expectOk(bridge, 'update', journey.update({ shipping_option: { plan_id: { value: plan.external_id }, option_id: { value: chosen.external_id } } }))
  return journey
}

export const CONVERT = { convert_cart_to_order: true, convert_mode: 'CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT' }

export async function expectOk (bridge: TestBridge, operation: 'create' | 'read' | 'update' | 'delete', body: unknown): Promise<any> {
  const answer = await bridge.fast(operation, body)
  if (answer.statusCode !== 200) throw new Error(`${operation} answered ${answer.statusCode}: ${JSON.stringify(answer.body)}`)
  return answer.body
}
