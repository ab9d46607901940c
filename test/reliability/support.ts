/**
 * Shared by the reliability tests: a BigCommerce emulator that records every order's status
 * history, a convertible checkout built through any bridge (in process or a real process), the
 * stable part of an answer, and PostgreSQL schemas (skipped visibly when no server answers, except
 * under CI=true). Not a test file itself.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { Test } from 'tap'
import { buildSandbox, DEFAULT_STORE, type SandboxServer } from '../../src/sandbox/app.js'
import { loadSeed } from '../../src/sandbox/seed.js'
import { fastCall, type FastCallResult, type FastOperation } from '../helpers/bridge-process.js'
import { buildTestApp, type TestBridge } from '../helpers/build-app.js'
import { IN_CI, inSchema, PG_SHOWN_URL, PG_URL, postgresProblem } from '../helpers/postgres.js'
import { SHOPPER } from '../helpers/checkout-journey.js'

export const STORE = DEFAULT_STORE
export const FAST_APP_ID = 'fast-app-test'

export interface Answer { statusCode: number, body: any, text?: string, headers?: Record<string, unknown> }
export type Caller = (op: FastOperation, body: unknown) => Promise<Answer>


export { SHOPPER }

export interface Emulator {
  server: SandboxServer
  url: string
  /** Every order BigCommerce made for this cart, archived or not. */
  ordersFor(cartId: string): Array<{ id: number, statusId: number, isDeleted: boolean, externalOrderId: string | null }>
  /** The statuses an order went through, from its creation (0) on, as BigCommerce applied them. */
  statusHistory(orderId: number): number[]
  /** BigCommerce calls so far, keyed `METHOD /vN/template`. */
  calls(): Record<string, number>
}

/** The emulator on a loopback port, watching order creations and status writes. */
export async function startEmulator (t: Test): Promise<Emulator> {
  // Plenty of stock: every test run takes some, and heavy runs (CRASH_RUNS=50) make hundreds of orders.
  const seed = loadSeed()
  for (const item of seed.products.flatMap(p => [p, ...p.variants])) if (item.inventory_level !== undefined && item.inventory_level > 0) item.inventory_level = 1_000_000
  const server = buildSandbox({ logger: false, seed })
  const history = new Map<number, number[]>()
  const state = () => server.sandbox.stores.get(STORE.hash)!
  const note = (orderId: number) => {
    const order = state().orders.get(orderId)
    if (order === undefined) return
    const seen = history.get(orderId) ?? []
    if (seen.at(-1) !== order.statusId) seen.push(order.statusId)
    history.set(orderId, seen)
  }
  // Handlers are synchronous on the store's state, so onSend sees exactly what this request did.
  server.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url ?? ''
    if (reply.statusCode < 300 && request.method === 'POST' && route.endsWith('/checkouts/:id/orders')) {
      for (const order of state().orders.values()) if (!history.has(order.id)) note(order.id)
    }
    if (reply.statusCode < 300 && request.method === 'PUT' && route.endsWith('/v2/orders/:id')) {
      note(Number((request.params as { id: string }).id))
    }
    return payload
  })
  const url = await server.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await server.close() })
  return {
    server,
    url,
    ordersFor: (cartId) => [...state().orders.values()].filter(o => o.cartId === cartId).map(o => ({ id: o.id, statusId: o.statusId, isDeleted: o.isDeleted, externalOrderId: o.externalOrderId ?? null })),
    statusHistory: (orderId) => [...(history.get(orderId) ?? [])],
    calls: () => ({ ...(server.sandbox.calls.snapshot().stores[STORE.hash] ?? {}) })
  }
}

export interface Checkout {
  orderId: string
  lineId: string
  cartId: string
  /** An update request for this order with a fresh request_id (or the one given). */
  update(segment: Record<string, unknown>, requestId?: string): Record<string, unknown>
  convert(requestId?: string): Record<string, unknown>
  status(status: 'ORDER_STATUS_BOOKED' | 'ORDER_STATUS_PENDING_FULFILLMENT' | 'ORDER_STATUS_CANCELED', requestId?: string): Record<string, unknown>
  read(): Record<string, unknown>
}

async function ok (call: Caller, op: FastOperation, body: unknown): Promise<any> {
  const answer = await call(op, body)
  if (answer.statusCode !== 200) throw new Error(`${op} answered ${answer.statusCode}: ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** A Fast order for one Fast Hoodie, created only (a cart). */
export async function newCart (call: Caller): Promise<Checkout> {
  const orderId = randomUUID()
  const lineId = randomUUID()
  const created = await ok(call, 'create', {
    type: 'ENTITY_TYPE_ORDER',
    order: { is_cart: true, order: { id: { value: orderId }, order_type: 'ORDER_TYPE_CART', status: 'ORDER_STATUS_CART', bill_to: {}, lines: [{ id: { value: lineId }, external_product_id: '112', quantity: 1 }] } }
  })
  const update = (segment: Record<string, unknown>, requestId: string = randomUUID()) =>
    ({ request_id: { value: requestId }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: orderId }, is_cart: true, ...segment } })
  return {
    orderId,
    lineId,
    cartId: created.order.order.external_id,
    update,
    convert: (requestId) => update({ convert_cart_to_order: true, convert_mode: 'CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT' }, requestId),
    status: (status, requestId) => update({ status, convert_cart_to_order: true }, requestId),
    read: () => ({ type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: orderId } } })
  }
}

/** A cart with billing and shipping addresses and Free Shipping chosen: ready to convert. */
export async function convertibleCart (call: Caller): Promise<Checkout> {
  const checkout = await newCart(call)
  await ok(call, 'update', checkout.update({ bill_to: SHOPPER }))
  const shipped = await ok(call, 'update', checkout.update({ shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: checkout.lineId }, quantity: 1 }] }] }))
  const plan = shipped.order.order.shipment_plans[0]
  const option = plan.available_options.find((o: any) => o.name === 'Free Shipping')
  await ok(call, 'update', checkout.update({ shipping_option: { plan_id: { value: plan.external_id }, option_id: { value: option.external_id } } }))
  return checkout
}

/** What must not differ between a crashed-then-retried conversion and one that ran straight through. */
export function stableFields (answer: any): Record<string, unknown> {
  const order = answer?.order?.order ?? {}
  return {
    order_type: order.order_type,
    external_id: order.external_id,
    sub_total: order.sub_total,
    total_discounts: order.total_discounts,
    total_shipping: order.total_shipping,
    total_tax: order.total_tax,
    total_amount: order.total_amount,
    lines: (order.lines ?? []).map((l: any) => ({ id: l.id?.value ?? l.id, quantity: l.quantity, name: l.name, unit_price: l.unit_price, total_amount: l.total_amount }))
  }
}

/** The same, without the ids BigCommerce invents (to compare two different carts). */
export function shapeOf (answer: any): Record<string, unknown> {
  const { external_id: _id, lines, ...rest } = stableFields(answer) as any
  return { ...rest, lines: lines.map(({ id: _line, ...line }: any) => line) }
}

export async function tempDir (t: Test, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `fbc-${prefix}-`))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  return dir
}

/**
 * Registers a PostgreSQL subtest: skipped with a visible reason when no server answers, failed
 * instead under CI=true. `schema()` makes a fresh schema (dropped at the end) and answers a URL
 * whose every connection lands in it.
 */
export function postgresTest (t: Test, name: string, fn: (t: Test, schema: () => Promise<string>) => Promise<void>): void {
  t.test(`${name} (PostgreSQL)`, async t => {
    const problem = await postgresProblem()
    if (problem !== undefined && !IN_CI) {
      t.plan(0, `PostgreSQL not reachable at ${PG_SHOWN_URL} (${problem}); set DATABASE_URL_TEST or start a server`)
      return
    }
    if (problem !== undefined) {
      t.fail(`PostgreSQL not reachable at ${PG_SHOWN_URL} (${problem}), and CI=true requires it`)
      return
    }
    const admin = new pg.Pool({ connectionString: PG_URL, max: 2 })
    const run = `fbc_rel_${process.pid}_${randomBytes(3).toString('hex')}`
    let count = 0
    const made: string[] = []
    t.teardown(async () => {
      for (const schema of made) await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {})
      await admin.end()
    })
    await fn(t, async () => {
      const schema = `${run}_${++count}` // only [a-z0-9_]: safe to splice in
      await admin.query(`CREATE SCHEMA ${schema}`)
      made.push(schema)
      return inSchema(PG_URL, schema)
    })
  })
}

/** Retries `attempt` while it answers 409 (a lease still held by a dead or busy holder), bounded. */
export async function untilSettled<A extends Answer> (attempt: () => Promise<A>, { deadlineMs = 15_000, pauseMs = 50 } = {}): Promise<{ answer: A, tries: number, statuses: number[] }> {
  const deadline = Date.now() + deadlineMs
  const statuses: number[] = []
  for (;;) {
    const answer = await attempt()
    statuses.push(answer.statusCode)
    if (answer.statusCode !== 409 || Date.now() >= deadline) return { answer, tries: statuses.length, statuses }
    await new Promise(resolve => setTimeout(resolve, pauseMs))
  }
}

/** The reason of a Fast error answer (`details[0].reason`), e.g. REQUEST_ID_REUSED. */
export function reasonOf (body: any): string | undefined {
  return body?.details?.[0]?.reason
}

export interface ListeningBridge {
  bridge: TestBridge
  url: string
  /** POST /fast/v1/<op> over real HTTP (undici), signed like Fast. */
  call(op: FastOperation, body: unknown): Promise<FastCallResult>
}

/** The bridge in this process, on a loopback port, against the emulator. */
export async function startListeningBridge (t: Test, emulator: Emulator, options: Parameters<typeof buildTestApp>[1] = {}): Promise<ListeningBridge> {
  const bridge = await buildTestApp(t, {
    ...options,
    env: { BIGCOMMERCE_API_URL: emulator.url, BIGCOMMERCE_STORE_HASH: STORE.hash, BIGCOMMERCE_ACCESS_TOKEN: STORE.accessToken, ...options.env }
  })
  const url = await bridge.app.listen({ port: 0, host: '127.0.0.1' })
  return { bridge, url, call: async (op, body) => await fastCall(url, bridge.jwks.bearer(FAST_APP_ID), op, body) }
}

/** BigCommerce calls made while `work` ran (nothing else may run meanwhile). */
export async function countCalls<T> (emulator: Emulator, work: () => Promise<T>): Promise<{ result: T, calls: number, byCall: Record<string, number> }> {
  const before = emulator.calls()
  const result = await work()
  const after = emulator.calls()
  const byCall: Record<string, number> = {}
  for (const [key, n] of Object.entries(after)) if (n - (before[key] ?? 0) > 0) byCall[key] = n - (before[key] ?? 0)
  return { result, calls: Object.values(byCall).reduce((sum, n) => sum + n, 0), byCall }
}
