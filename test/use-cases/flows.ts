/**
 * Fast requests of the use-case tests (test/use-cases/*.test.ts), shaped like seeds 000, 002, 003 and
 * fast-api.md §2.5.1: enum names, `{value}` ids, a `request_id` on every update and delete. The same
 * builders drove the sandbox store when the fixtures of fixtures/bigcommerce/<use-case>/ were recorded
 * (test/use-cases/record-fixtures.ts), so a test sends exactly what BigCommerce's recorded answers expect.
 *
 * Also: `useCaseReplay(t, scenario)`, the fixture replay with a call counter.
 */
import type { Test } from 'tap'
import { subtractAmounts, sumAmounts } from '../../src/money.js'
import { replayScenario, type Replay } from '../helpers/bigcommerce-fixtures.js'
import { createBody as fastCreateBody, type LineSpec } from '../helpers/fast-requests.js'
import type { TestBridge } from '../helpers/build-app.js'

export const ORDER_ID = '5b0e4c1a-7f3d-4e21-9a6b-2c8d1f0e3a47'
export const LINE_1 = '9d2f6a10-3b4c-4d5e-8f70-a1b2c3d4e5f6'
export const LINE_2 = '1e7c9b42-6a5d-4f38-b291-0c4d7e8f9a12'

export const HOODIE = { product: '112', name: 'Fast Hoodie' }
export const TEE_M = { product: '113', variant: '81', name: 'Fast Tee' }

let requestCounter = 0
/** A fresh request_id per request (Fast's idempotency key), deterministic per process. */
export function requestId (): { value: string } {
  requestCounter++
  return { value: `00000000-0000-4000-8000-${requestCounter.toString(16).padStart(12, '0')}` }
}

export type { LineSpec } from '../helpers/fast-requests.js'

export function createBody (lines: LineSpec[], orderId = ORDER_ID): unknown {
  return fastCreateBody(lines, orderId)
}

export function updateBody (order: Record<string, unknown>, orderId = ORDER_ID): unknown {
  return { request_id: requestId(), type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: orderId }, is_cart: true, ...order } }
}

/** items[] of an update: `quantity` undefined leaves the field out (Fast's default 0 = remove). */
export function itemsBody (items: Array<{ id: string, product?: string, variant?: string, quantity?: number }>): unknown {
  return updateBody({
    items: items.map(item => ({
      item_id: { value: item.id },
      ...(item.quantity === undefined ? {} : { quantity: item.quantity }),
      ...(item.product === undefined ? {} : { external_product_id: item.product }),
      ...(item.variant === undefined ? {} : { external_variant_id: item.variant })
    }))
  })
}

export function couponBody (code: string, remove = false): unknown {
  return updateBody({ coupon: remove ? { code, remove: true } : { code } })
}

/** Seed 000's shopper. */
export const ADDRESS = {
  first_name: 'John',
  last_name: 'Smith',
  email: 'John+23roujwn@fast.in',
  phone: '+15555555555',
  address_1: '349 9th Street',
  city_locality: 'San Francisco',
  state_province_code: 'CA',
  country: 'US',
  country_code: 'US',
  postal_code: '94103'
}

export function billToBody (address: Record<string, unknown> = ADDRESS): unknown {
  return updateBody({ bill_to: address })
}

export function shipmentsBody (lines: Array<{ id: string, quantity: number }>): unknown {
  return updateBody({ shipments: [{ ship_to: ADDRESS, line_refs: lines.map(line => ({ id: { value: line.id }, quantity: line.quantity })) }] })
}

export function shippingOptionBody (planId: string, optionId: string): unknown {
  return updateBody({ shipping_option: { plan_id: { value: planId }, option_id: { value: optionId } } })
}

export function convertBody (mode = 'CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT'): unknown {
  return updateBody({ convert_cart_to_order: true, convert_mode: mode })
}

/** As Fast sends status changes (fast-api.md §2.5.1 #10): by external_id, convert_cart_to_order repeated. */
export function statusBody (status: string, bcOrderId: string | undefined, orderId = ORDER_ID): unknown {
  return {
    request_id: requestId(),
    type: 'ENTITY_TYPE_ORDER',
    order: {
      ...(bcOrderId === undefined ? { order_id: { value: orderId } } : { external_id: bcOrderId }),
      status,
      convert_cart_to_order: true
    }
  }
}

export function readOrderBody (by: { orderId?: string, externalOrderId?: string, isCart?: boolean }): unknown {
  return {
    type: 'ENTITY_TYPE_ORDER',
    order: {
      ...(by.isCart === undefined ? {} : { is_cart: by.isCart }),
      ...(by.orderId === undefined ? {} : { order_id: { value: by.orderId } }),
      ...(by.externalOrderId === undefined ? {} : { external_order_id: by.externalOrderId })
    }
  }
}

export function deleteBody (by: { orderId?: string, externalOrderId?: string }): unknown {
  return {
    request_id: requestId(),
    type: 'ENTITY_TYPE_ORDER',
    order: {
      is_cart: true,
      ...(by.orderId === undefined ? {} : { order_id: { value: by.orderId } }),
      ...(by.externalOrderId === undefined ? {} : { external_order_id: by.externalOrderId })
    }
  }
}

type Answer = Awaited<ReturnType<TestBridge['fast']>>

/** A checkout ready to become an order: one hoodie, billing, a US shipment and its cheapest option chosen. */
export async function readyCheckout (bridge: TestBridge, lines: LineSpec[] = [{ id: LINE_1, product: '112', quantity: 1 }], before?: () => Promise<void>): Promise<{ created: Answer, planId: string, optionId: string, optioned: Answer }> {
  const created = await bridge.fast('create', createBody(lines))
  if (before !== undefined) await before()
  await bridge.fast('update', billToBody())
  const shipped = await bridge.fast('update', shipmentsBody(lines.map(line => ({ id: line.id, quantity: line.quantity }))))
  const plan = shipped.body?.order?.order?.shipment_plans?.[0]
  const option = plan?.available_options?.[0]
  const optioned = await bridge.fast('update', shippingOptionBody(plan?.external_id, option?.external_id))
  return { created, planId: plan?.external_id, optionId: option?.external_id, optioned }
}

/** The reason of a Fast error body (google.rpc.ErrorInfo). */
export function reasonOf (answer: Answer): string | undefined {
  return answer.body?.details?.[0]?.reason
}

export interface UseCaseReplay extends Replay {
  /** BigCommerce exchanges answered so far. */
  calls: () => number
}

/** Replays fixtures/bigcommerce/<scenario>/ in order (replayScenario), counting the calls. */
export function useCaseReplay (t: Test, scenario: string, files?: string[]): UseCaseReplay {
  const replay = replayScenario(t, scenario, files)
  return { ...replay, calls: replay.replayed }
}

export function expectedTotal (order: { sub_total: string, total_discounts: string, total_tax: string, total_shipping: string }): string {
  return subtractAmounts(sumAmounts([order.sub_total, order.total_tax, order.total_shipping]), order.total_discounts)
}
