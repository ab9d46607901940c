/**
 * The Fast side of every use-case scenario: which Fast requests run, in which order. The recorder
 * (record-fixtures.ts) runs them against the sandbox store to write fixtures/bigcommerce/<scenario>/;
 * the tests run them again against those fixtures (`runScenario`) and assert each step's answer and
 * how many BigCommerce calls it made.
 */
import type { Test } from 'tap'
import type { TestBridge } from '../helpers/build-app.js'
import {
  billToBody, convertBody, couponBody, createBody, deleteBody, itemsBody, LINE_1, LINE_2, ORDER_ID, readOrderBody,
  readyCheckout, shipmentsBody, statusBody, useCaseReplay, type LineSpec, type UseCaseReplay
} from './flows.js'

export type Answer = Awaited<ReturnType<TestBridge['fast']>>

export interface Runner {
  bridge: TestBridge
  /** Runs one named Fast request (tests count the BigCommerce calls it makes). */
  step: (name: string, request: () => Promise<Answer>) => Promise<Answer>
}

export interface RecordControl {
  /** A call straight to the sandbox store, not recorded (a storefront's own doing). */
  direct: (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) => Promise<any>
}

export interface Scenario {
  /** Record with one more shipping zone, of type `state` (US/CA). */
  stateZone?: boolean
  run: (r: Runner, control?: RecordControl) => Promise<void>
}

const HOODIE_1: LineSpec[] = [{ id: LINE_1, product: '112', quantity: 1 }]
const TEE_M_2: LineSpec[] = [{ id: LINE_1, product: '113', variant: '81', quantity: 2 }]

const create = async (r: Runner, lines: LineSpec[] = HOODIE_1): Promise<Answer> => await r.step('create', async () => await r.bridge.fast('create', createBody(lines)))

/** create, bill_to, shipments, shipping option (steps 'create', 'bill_to', 'shipments', 'shipping_option'), then convert. */
async function converted (r: Runner, lines: LineSpec[] = HOODIE_1, before?: () => Promise<void>): Promise<string> {
  let steps = 0
  const names = ['create', 'bill_to', 'shipments', 'shipping_option']
  const counting: Runner = { bridge: { ...r.bridge, fast: async (op, body, headers) => await r.step(names[steps++] ?? `setup-${steps}`, async () => await r.bridge.fast(op, body, headers)) }, step: r.step }
  await readyCheckout(counting.bridge, lines, before)
  const answer = await r.step('convert', async () => await r.bridge.fast('update', convertBody()))
  return String(answer.body?.order?.order?.external_id)
}

const status = async (r: Runner, name: string, value: string, bcOrderId: string): Promise<Answer> =>
  await r.step(name, async () => await r.bridge.fast('update', statusBody(value, bcOrderId)))

export const SCENARIOS: Record<string, Scenario> = {
  'update-add-item': {
    async run (r) {
      await create(r)
      await r.step('add', async () => await r.bridge.fast('update', itemsBody([{ id: LINE_2, product: '113', variant: '81', quantity: 2 }])))
    }
  },
  'update-known-line-id': {
    async run (r) {
      await create(r)
      await r.step('again', async () => await r.bridge.fast('update', itemsBody([{ id: LINE_1, product: '112', quantity: 2 }])))
    }
  },
  'update-item-quantity': {
    async run (r) {
      await create(r, [{ id: LINE_1, product: '113', variant: '81', quantity: 1 }])
      await r.step('quantity', async () => await r.bridge.fast('update', itemsBody([{ id: LINE_1, product: '113', variant: '81', quantity: 3 }])))
    }
  },
  'update-remove-item': {
    async run (r) {
      await create(r, [...HOODIE_1, { id: LINE_2, product: '113', variant: '81', quantity: 1 }])
      await r.step('remove', async () => await r.bridge.fast('update', itemsBody([{ id: LINE_2, quantity: 0 }])))
    }
  },
  'update-remove-last-item': {
    async run (r) {
      await create(r)
      await r.step('remove', async () => await r.bridge.fast('update', itemsBody([{ id: LINE_1, quantity: 0 }])))
      await r.step('read', async () => await r.bridge.fast('read', readOrderBody({ orderId: ORDER_ID, isCart: true })))
    }
  },
  'update-out-of-stock': {
    async run (r) {
      await create(r)
      await r.step('add', async () => await r.bridge.fast('update', itemsBody([{ id: LINE_2, product: '114', quantity: 1 }])))
    }
  },
  'update-unknown-product': {
    async run (r) {
      await create(r)
      await r.step('add', async () => await r.bridge.fast('update', itemsBody([{ id: LINE_2, product: '999', quantity: 1 }])))
    }
  },
  'update-quantity-above-maximum': {
    async run (r) {
      await create(r)
      await r.step('quantity', async () => await r.bridge.fast('update', itemsBody([{ id: LINE_1, product: '112', quantity: 11 }])))
    }
  },
  'update-add-coupon': {
    async run (r) {
      await create(r, TEE_M_2)
      await r.step('coupon', async () => await r.bridge.fast('update', couponBody('SAVE10')))
    }
  },
  'update-remove-coupon': {
    async run (r) {
      await create(r, TEE_M_2)
      await r.step('coupon', async () => await r.bridge.fast('update', couponBody('SAVE10')))
      await r.step('remove', async () => await r.bridge.fast('update', couponBody('SAVE10', true)))
    }
  },
  'update-invalid-coupon': {
    async run (r) {
      await create(r, TEE_M_2)
      await r.step('unknown', async () => await r.bridge.fast('update', couponBody('NOSUCHCODE')))
      await r.step('expired', async () => await r.bridge.fast('update', couponBody('EXPIRED')))
      await r.step('read', async () => await r.bridge.fast('read', readOrderBody({ orderId: ORDER_ID, isCart: true })))
    }
  },
  'convert-update-and-convert': {
    async run (r) { await converted(r) }
  },
  'convert-only': {
    async run (r) {
      let steps = 0
      const names = ['create', 'bill_to', 'shipments', 'shipping_option']
      await readyCheckout({ ...r.bridge, fast: async (op, body, headers) => await r.step(names[steps++], async () => await r.bridge.fast(op, body, headers)) }, HOODIE_1)
      await r.step('convert', async () => await r.bridge.fast('update', convertBody('CART_TO_ORDER_CONVERT_ONLY')))
    }
  },
  'convert-twice': {
    async run (r) {
      await converted(r)
      await r.step('again', async () => await r.bridge.fast('update', convertBody()))
    }
  },
  'convert-incomplete-no-billing': {
    async run (r) {
      await create(r)
      await r.step('convert', async () => await r.bridge.fast('update', convertBody()))
    }
  },
  'convert-incomplete-no-shipping-option': {
    async run (r) {
      await create(r)
      await r.step('bill_to', async () => await r.bridge.fast('update', billToBody()))
      await r.step('shipments', async () => await r.bridge.fast('update', shipmentsBody([{ id: LINE_1, quantity: 1 }])))
      await r.step('convert', async () => await r.bridge.fast('update', convertBody()))
    }
  },
  'status-booked': {
    async run (r) {
      const id = await converted(r)
      await status(r, 'booked', 'ORDER_STATUS_BOOKED', id)
    }
  },
  'status-pending-fulfillment': {
    async run (r) {
      const id = await converted(r)
      await status(r, 'booked', 'ORDER_STATUS_BOOKED', id)
      await status(r, 'fulfillment', 'ORDER_STATUS_PENDING_FULFILLMENT', id)
    }
  },
  'status-canceled': {
    async run (r) {
      const id = await converted(r)
      await status(r, 'booked', 'ORDER_STATUS_BOOKED', id)
      await status(r, 'canceled', 'ORDER_STATUS_CANCELED', id)
    }
  },
  'status-late-booked': {
    async run (r) {
      const id = await converted(r)
      await status(r, 'fulfillment', 'ORDER_STATUS_PENDING_FULFILLMENT', id)
      await status(r, 'late', 'ORDER_STATUS_BOOKED', id)
    }
  },
  'status-repeated': {
    async run (r) {
      const id = await converted(r)
      await status(r, 'booked', 'ORDER_STATUS_BOOKED', id)
      await status(r, 'repeat', 'ORDER_STATUS_BOOKED', id)
    }
  },
  'read-cart': {
    async run (r) {
      const created = await create(r)
      const cartId = String(created.body?.order?.order?.external_id)
      await r.step('by-cart-id', async () => await r.bridge.fast('read', readOrderBody({ externalOrderId: cartId, isCart: true })))
      await r.step('by-order-id', async () => await r.bridge.fast('read', readOrderBody({ orderId: ORDER_ID, isCart: true })))
    }
  },
  'read-storefront-cart': {
    async run (r, control) {
      // Recording only: the shopper filled this cart on the storefront; tests take its id from the fixture.
      const cart = await control?.direct('POST', '/v3/carts?include=line_items.physical_items.options', { line_items: [{ product_id: 113, variant_id: 81, quantity: 1 }, { product_id: 112, quantity: 1 }] })
      await r.step('read', async () => await r.bridge.fast('read', readOrderBody({ externalOrderId: String(cart?.data?.id), isCart: true })))
    }
  },
  'read-order': {
    async run (r) {
      const id = await converted(r)
      await r.step('read', async () => await r.bridge.fast('read', readOrderBody({ externalOrderId: id })))
    }
  },
  'read-order-with-coupon': {
    async run (r) {
      const id = await converted(r, TEE_M_2, async () => { await r.step('coupon', async () => await r.bridge.fast('update', couponBody('SAVE10'))) })
      await r.step('read', async () => await r.bridge.fast('read', readOrderBody({ externalOrderId: id })))
    }
  },
  'read-shipping-zones': {
    async run (r) {
      await r.step('zones', async () => await r.bridge.fast('read', { type: 'ENTITY_TYPE_SHIPPING_ZONES', shipping_zones: {} }))
    }
  },
  'read-shipping-zones-state': {
    stateZone: true,
    async run (r) {
      await r.step('zones', async () => await r.bridge.fast('read', { type: 'ENTITY_TYPE_SHIPPING_ZONES', shipping_zones: {} }))
    }
  },
  'read-unknown-order': {
    async run (r) {
      await r.step('read', async () => await r.bridge.fast('read', readOrderBody({ externalOrderId: '4040' })))
    }
  },
  'delete-cart': {
    async run (r) {
      await create(r)
      await r.step('delete', async () => await r.bridge.fast('delete', deleteBody({ orderId: ORDER_ID })))
    }
  },
  'delete-cart-already-gone': {
    async run (r) {
      await create(r)
      await r.step('delete', async () => await r.bridge.fast('delete', deleteBody({ orderId: ORDER_ID })))
      await r.step('again', async () => await r.bridge.fast('delete', deleteBody({ orderId: ORDER_ID })))
    }
  },
  'delete-converted-order': {
    async run (r) {
      await converted(r)
      await r.step('delete', async () => await r.bridge.fast('delete', deleteBody({ orderId: ORDER_ID })))
    }
  }
}

export interface ScenarioRun {
  replay: UseCaseReplay
  answers: Record<string, Answer>
  /** BigCommerce calls made by each step. */
  calls: Record<string, number>
}

/** Replays the scenario's fixtures and runs its Fast requests; answers and call counts by step name. */
export async function runScenario (t: Test, bridge: TestBridge, scenario: string): Promise<ScenarioRun> {
  const replay = useCaseReplay(t, scenario)
  const answers: Record<string, Answer> = {}
  const calls: Record<string, number> = {}
  const runner: Runner = {
    bridge,
    async step (name, request) {
      const before = replay.calls()
      const answer = await request()
      answers[name] = answer
      calls[name] = replay.calls() - before
      return answer
    }
  }
  await SCENARIOS[scenario].run(runner)
  return { replay, answers, calls }
}
