/**
 * The journey behind fixtures/fast/examples/: one request per Fast operation and update segment,
 * played against the sandbox store in this order. Fast's own ids (order, lines, request_ids) are
 * fixed here, so the files only change when the bridge's answers do; the ids BigCommerce invents
 * (cart, line, consignment and option ids) differ on every run (see INVENTED_ID_KEY).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const EXAMPLES_DIR = join(import.meta.dirname, '../../fixtures/fast/examples')

export type Operation = 'create' | 'read' | 'update' | 'delete'

export interface Example {
  /** File name in EXAMPLES_DIR: NN-<operation>-<what>.json. */
  file: string
  operation: Operation
  request: any
  response: any
}

/**
 * The key under which the bridge reports BigCommerce's ids (cart, line item, consignment, option):
 * the emulator makes them at random, like BigCommerce. The one converted order's `external_id` is
 * the emulator's first order number, 100, on every fresh run.
 */
export const INVENTED_ID_KEY = 'external_id'

/** Fast's order id for the checkout, and for the second cart that is deleted. */
export const ORDER_ID = '5f0c7e3a-8d1b-4c2e-9a47-3b6f1d2e8c90'
export const SECOND_ORDER_ID = '9b2d4f61-7a3c-4e85-b0d9-6c1e2f3a4b57'
const HOODIE_LINE = '0a6e3c52-1f4d-4b7a-8e29-5d3c7b1a9f04'
const TEE_LINE = 'c3e81f27-6b5a-4d09-92f4-7e1a0b8d6c35'
const SECOND_LINE = 'e7b2a9d4-3c61-4f58-a0e7-2d9f6b4c1a83'
/** The BigCommerce customer of the seeded store (fixtures/sandbox/store.json). */
const CUSTOMER_ID = '1'
/** The emulator numbers orders from 100 (src/sandbox/state.ts). */
export const ORDER_NUMBER = '100'

const SHOPPER = {
  first_name: 'John',
  last_name: 'Smith',
  email: 'john+23roujwn@fast.in',
  phone: '+15555555555',
  address_1: '349 9th Street',
  city_locality: 'San Francisco',
  state_province_code: 'CA',
  country: 'US',
  country_code: 'US',
  postal_code: '94103'
}

/** request_id n of the journey, fixed: 00000000-0000-4000-8000-0000000000nn. */
function requestId (n: number): { value: string } {
  return { value: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` }
}

function update (n: number, segment: Record<string, unknown>): Record<string, unknown> {
  return { request_id: requestId(n), type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: ORDER_ID }, is_cart: true, ...segment } }
}

function createCart (n: number, orderId: string, lineId: string): Record<string, unknown> {
  return {
    request_id: requestId(n),
    type: 'ENTITY_TYPE_ORDER',
    order: {
      is_cart: true,
      order: {
        id: { value: orderId },
        order_type: 'ORDER_TYPE_CART',
        status: 'ORDER_STATUS_CART',
        bill_to: {},
        lines: [{ id: { value: lineId }, external_product_id: '112', quantity: 1 }]
      }
    }
  }
}

export interface JourneyStep {
  file: string
  operation: Operation
  /** The request, from the answers so far (only the option choice needs one: its ids are BigCommerce's). */
  request: (answers: any[]) => Record<string, unknown>
}

/** The steps in order; each file is NN-<operation>-<what>.json. */
export const JOURNEY: JourneyStep[] = [
  { file: '01-create-cart.json', operation: 'create', request: () => createCart(1, ORDER_ID, HOODIE_LINE) },
  { file: '02-read-cart.json', operation: 'read', request: () => ({ type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: ORDER_ID } } }) },
  { file: '03-update-items-add.json', operation: 'update', request: () => update(3, { items: [{ item_id: { value: TEE_LINE }, quantity: 1, external_product_id: '113', external_options: [{ key: 'Size', value: 'M' }] }] }) },
  { file: '04-update-items-quantity.json', operation: 'update', request: () => update(4, { items: [{ item_id: { value: TEE_LINE }, quantity: 2 }] }) },
  { file: '05-update-items-remove.json', operation: 'update', request: () => update(5, { items: [{ item_id: { value: TEE_LINE }, quantity: 0 }] }) },
  { file: '06-update-user-info.json', operation: 'update', request: () => update(6, { user_info: { external_customer_id: CUSTOMER_ID } }) },
  { file: '07-update-bill-to.json', operation: 'update', request: () => update(7, { bill_to: SHOPPER }) },
  { file: '08-update-shipments.json', operation: 'update', request: () => update(8, { shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: HOODIE_LINE }, quantity: 1 }] }] }) },
  {
    file: '09-update-shipping-option.json',
    operation: 'update',
    request: answers => {
      const plan = answers[7].order.order.shipment_plans[0]
      const option = plan.available_options.find((o: any) => o.name === 'Express')
      return update(9, { shipping_option: { plan_id: { value: plan.external_id }, option_id: { value: option.external_id } } })
    }
  },
  { file: '10-update-coupon-add.json', operation: 'update', request: () => update(10, { coupon: { code: 'FIVEOFF' } }) },
  { file: '11-update-coupon-remove.json', operation: 'update', request: () => update(11, { coupon: { code: 'FIVEOFF', remove: true } }) },
  { file: '12-update-coupon-add-again.json', operation: 'update', request: () => update(12, { coupon: { code: 'SAVE10' } }) },
  { file: '13-update-convert.json', operation: 'update', request: () => update(13, { convert_cart_to_order: true, convert_mode: 'CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT' }) },
  { file: '14-read-order.json', operation: 'read', request: () => ({ type: 'ENTITY_TYPE_ORDER', order: { is_cart: false, external_order_id: ORDER_NUMBER } }) },
  { file: '15-update-status-booked.json', operation: 'update', request: () => ({ request_id: requestId(15), type: 'ENTITY_TYPE_ORDER', order: { external_id: ORDER_NUMBER, convert_cart_to_order: true, status: 'ORDER_STATUS_BOOKED' } }) },
  { file: '16-update-status-pending-fulfillment.json', operation: 'update', request: () => ({ request_id: requestId(16), type: 'ENTITY_TYPE_ORDER', order: { external_id: ORDER_NUMBER, convert_cart_to_order: true, status: 'ORDER_STATUS_PENDING_FULFILLMENT' } }) },
  { file: '17-delete-order.json', operation: 'delete', request: () => ({ request_id: requestId(17), type: 'ENTITY_TYPE_ORDER', order: { is_cart: false, order_id: { value: ORDER_ID } } }) },
  { file: '18-read-shipping-zones.json', operation: 'read', request: () => ({ type: 'ENTITY_TYPE_SHIPPING_ZONES', shipping_zones: {} }) },
  { file: '19-read-user.json', operation: 'read', request: () => ({ type: 'ENTITY_TYPE_USER', user: { external_user_id: CUSTOMER_ID } }) },
  { file: '20-create-second-cart.json', operation: 'create', request: () => createCart(20, SECOND_ORDER_ID, SECOND_LINE) },
  { file: '21-delete-cart.json', operation: 'delete', request: () => ({ request_id: requestId(21), type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: SECOND_ORDER_ID } } }) }
]

/** The example files, in the order they are played. */
export function readExamples (): Example[] {
  return readdirSync(EXAMPLES_DIR).filter(file => file.endsWith('.json')).sort()
    .map(file => ({ file, ...JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as Omit<Example, 'file'> }))
}

/**
 * Pairs the ids BigCommerce invented in one run's answer with the same places in another's:
 * recorded id -> this run's id, for every INVENTED_ID_KEY whose value differs.
 */
export function inventedIds (recorded: unknown, fresh: unknown, into: Map<string, string> = new Map()): Map<string, string> {
  if (Array.isArray(recorded) && Array.isArray(fresh)) {
    recorded.forEach((entry, index) => inventedIds(entry, fresh[index], into))
  } else if (recorded !== null && typeof recorded === 'object' && fresh !== null && typeof fresh === 'object') {
    for (const [key, value] of Object.entries(recorded)) {
      const other = (fresh as Record<string, unknown>)[key]
      if (key === INVENTED_ID_KEY && typeof value === 'string' && typeof other === 'string' && value !== other) into.set(value, other)
      else inventedIds(value, other, into)
    }
  }
  return into
}

/** `value` with every recorded id replaced by this run's. */
export function withIds<T> (value: T, ids: Map<string, string>): T {
  let text = JSON.stringify(value)
  for (const [recorded, fresh] of ids) text = text.replaceAll(recorded, fresh)
  return JSON.parse(text) as T
}
