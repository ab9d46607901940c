/**
 * Two stores, A and B, on one bridge and one BigCommerce emulator. B's shopper has a cart and an
 * order; A's Fast app names B's ids in every operation that takes an id, in every form Fast sends
 * (Fast order id, cart id, BigCommerce order number). Nothing reaches B, nothing of B's leaks.
 *
 * Figures at the last run (also printed as `# cross-tenant:` comments): 45 operations tried with
 * A's token on B's ids (5 ways of naming B's orders x read, 7 update segments, delete); calls to B
 * during them: 0 (B's count 14 before, 14 after). Calls to A: 0 for the 18 naming Fast order ids;
 * 5 for the 27 naming cart ids and order numbers, each in A's own store and answered 404 there: a
 * cart id Fast names is read or deleted in the caller's store as a storefront cart would be, an
 * order number read as an order Fast did not convert. Those are the only B ids that reach
 * BigCommerce under A's token, and only because Fast's request named them; B's Fast order and
 * line ids never do.
 *
 * Delete answers {} rather than 404 for an order the store does not know: it is how delete treats
 * any unknown id (test/app/bad-input.test.ts), and it deletes nothing.
 */
import t, { type Test } from 'tap'
import { buildSandbox, type SandboxServer } from '../../src/sandbox/app.js'
import { CONVERT, convertibleCart, createCart, expectOk, SHOPPER } from '../helpers/checkout-journey.js'
import { buildTwoStoreBridge, STORE_A, STORE_B, type Operation, type TwoStoreBridge } from './two-stores.js'

interface StoreBIds {
  cartOrderId: string
  cartId: string
  lineId: string
  convertedOrderId: string
  convertedCartId: string
  orderNumber: string
  planId: string
  optionId: string
}

interface Setup {
  emulator: SandboxServer
  bridge: TwoStoreBridge
  b: StoreBIds
  /** Every BigCommerce call per store hash, in order: `METHOD /path -> status`, without the query. */
  paths: Record<string, string[]>
  callsTo(hash: string): number
}

async function setup (t: Test): Promise<Setup> {
  const emulator = buildSandbox({ logger: false, stores: [STORE_A, STORE_B].map(({ hash, accessToken }) => ({ hash, accessToken })) })
  const paths: Record<string, string[]> = {}
  emulator.addHook('onResponse', async (request, reply) => {
    const match = /^\/stores\/([^/?]+)([^?]*)/.exec(request.url)
    if (match !== null) (paths[match[1] as string] ??= []).push(`${request.method} ${match[2] as string} -> ${reply.statusCode}`)
  })
  const url = await emulator.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await emulator.close() })
  const bridge = await buildTwoStoreBridge(t, url)

  // B's shopper, through B's own Fast app: a cart, and another cart converted to an order.
  const cart = await createCart(bridge)
  const converted = await convertibleCart(bridge)
  const order = (await expectOk(bridge, 'update', converted.update(CONVERT))).order.order
  const plan = order.shipment_plans[0]
  const b: StoreBIds = {
    cartOrderId: cart.orderId,
    cartId: cart.cartId,
    lineId: cart.lineId,
    convertedOrderId: converted.orderId,
    convertedCartId: converted.cartId,
    orderNumber: order.external_id,
    planId: plan.external_id,
    optionId: plan.selected_option.external_id
  }
  const callsTo = (hash: string): number => Object.values(emulator.sandbox.calls.snapshot().stores[hash] ?? {}).reduce((sum, n) => sum + n, 0)
  return { emulator, bridge, b, paths, callsTo }
}

/** B's cart and order as B's own Fast app reads them. */
async function readB (bridge: TwoStoreBridge, b: StoreBIds): Promise<unknown[]> {
  return [
    await expectOk(bridge, 'read', { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: b.cartOrderId } } }),
    await expectOk(bridge, 'read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: b.convertedOrderId } } })
  ]
}

/** Every way A's Fast app can name one of B's orders, for each operation that takes an id. */
function attempts (b: StoreBIds): Array<{ name: string, operation: Operation, body: unknown }> {
  const names: Array<{ by: string, read: Record<string, unknown>, update: Record<string, unknown> }> = [
    { by: "the cart's Fast order id", read: { is_cart: true, order_id: { value: b.cartOrderId } }, update: { order_id: { value: b.cartOrderId } } },
    { by: 'the cart id', read: { is_cart: true, external_order_id: b.cartId }, update: { external_id: b.cartId } },
    { by: "the order's Fast order id", read: { order_id: { value: b.convertedOrderId } }, update: { order_id: { value: b.convertedOrderId } } },
    { by: "the order's former cart id", read: { external_order_id: b.convertedCartId }, update: { external_id: b.convertedCartId } },
    { by: 'the order number', read: { external_order_id: b.orderNumber }, update: { external_id: b.orderNumber } }
  ]
  const segments: Record<string, Record<string, unknown>> = {
    items: { items: [{ item_id: { value: b.lineId }, quantity: 3 }] },
    coupon: { coupon: { code: 'SAVE10' } },
    bill_to: { bill_to: SHOPPER },
    shipments: { shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: b.lineId }, quantity: 1 }] }] },
    shipping_option: { shipping_option: { plan_id: { value: b.planId }, option_id: { value: b.optionId } } },
    convert: CONVERT,
    status: { status: 'ORDER_STATUS_CANCELED', convert_cart_to_order: true }
  }
  let request = 0
  const requestId = (): { value: string } => ({ value: `00000000-0000-4000-8000-${(++request).toString(16).padStart(12, '0')}` })
  return names.flatMap(({ by, read, update }) => [
    { name: `read by ${by}`, operation: 'read' as const, body: { type: 'ENTITY_TYPE_ORDER', order: read } },
    ...Object.entries(segments).map(([kind, segment]) => ({
      name: `update ${kind} by ${by}`, operation: 'update' as const, body: { request_id: requestId(), type: 'ENTITY_TYPE_ORDER', order: { ...update, ...segment } }
    })),
    { name: `delete by ${by}`, operation: 'delete' as const, body: { request_id: requestId(), type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, ...read } } }
  ])
}

t.test("store A's Fast app naming store B's orders reads, changes and deletes nothing of B's, and B is never called", async t => {
  const { bridge, b, callsTo } = await setup(t)
  const tried = attempts(b)
  const bBefore = await readB(bridge, b)
  const before = callsTo(STORE_B.hash)
  for (const { name, operation, body } of tried) {
    const answer = await bridge.fastAs(STORE_A.fastAppId, operation, body)
    if (operation === 'delete') {
      // Deleting what this store does not know answers {} (bad-input.test.ts): nothing was deleted.
      t.same(answer, { statusCode: 200, headers: answer.headers, body: {} }, `${name}: nothing of A's to delete`)
    } else {
      t.equal(answer.statusCode, 404, `${name}: not found`)
      t.match(answer.body, { code: 5, message: String, details: [{ reason: /NOT_FOUND/ }] }, `${name}: Fast's error body`)
    }
  }
  const after = callsTo(STORE_B.hash)
  t.equal(after, before, 'no BigCommerce call reached store B')
  t.comment(`cross-tenant: ${tried.length} operations tried with A's token on B's ids; calls to B before ${before}, after ${after}`)

  t.same(await readB(bridge, b), bBefore, "B's cart and order read exactly as before")
})

t.test("store A's Fast app naming store B's Fast ids gets not found without any BigCommerce call", async t => {
  const { bridge, b, callsTo } = await setup(t)
  const byFastId = attempts(b).filter(({ name }) => name.endsWith('Fast order id'))
  const before = { a: callsTo(STORE_A.hash), b: callsTo(STORE_B.hash) }
  for (const { operation, body } of byFastId) await bridge.fastAs(STORE_A.fastAppId, operation, body)
  t.same({ a: callsTo(STORE_A.hash), b: callsTo(STORE_B.hash) }, before, `${byFastId.length} operations, no call to A or B`)
})

t.test("store A's Fast app naming an id it does not know asks only A's own store, which does not have it", async t => {
  const { bridge, b, paths, callsTo } = await setup(t)
  const before = callsTo(STORE_A.hash)
  const tried = attempts(b)
  for (const { operation, body } of tried) await bridge.fastAs(STORE_A.fastAppId, operation, body)
  // A storefront cart or an order Fast did not convert is read (or deleted) by its id in the
  // caller's own store: that is the one call A makes, and A's store answers 404.
  t.same(paths[STORE_A.hash], [
    `GET /v3/checkouts/${b.cartId} -> 404`,
    `DELETE /v3/carts/${b.cartId} -> 404`,
    `GET /v3/checkouts/${b.convertedCartId} -> 404`,
    `DELETE /v3/carts/${b.convertedCartId} -> 404`,
    `GET /v2/orders/${b.orderNumber} -> 404`
  ], "A's calls: each cart id read and deleted, the order number read, in A's own store, which has none of them")
  t.equal(callsTo(STORE_A.hash) - before, 5)
  const named = (paths[STORE_A.hash] ?? []).join('\n')
  for (const id of [b.cartOrderId, b.convertedOrderId, b.lineId]) {
    t.notOk(named.includes(id), "B's Fast ids never reach BigCommerce under A's token")
  }
  t.comment(`cross-tenant: calls to A's own store during the ${tried.length} operations: ${callsTo(STORE_A.hash) - before} (each answered 404)`)
})
