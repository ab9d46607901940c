/**
 * What the conversion tests share: a scenario's BigCommerce bodies (a checkout ready
 * to become order 100), our records of that checkout as the earlier steps left them (so a test
 * starts at the conversion, or at a conversion that died half-way), and a loopback BigCommerce
 * that answers by method and path, for the faults nock cannot make (dropped connections, slow
 * answers).
 */
import type { Checkout } from '../../src/bigcommerce/types.js'
import { loadFixture } from '../helpers/bigcommerce-fixtures.js'
import type { Test } from 'tap'
import { buildTestApp, STORE_HASH, type TestBridge } from '../helpers/build-app.js'
import { startFakeBigCommerce, type FakeBigCommerce, type FakeHandler, type FakeReply, type RecordedRequest } from '../helpers/fake-bigcommerce.js'
import { LINE_1, ORDER_ID } from '../use-cases/flows.js'

/**
 * BigCommerce's answers in the hand-written convert-stamp-fails scenario (its ids do not change when
 * the generated scenarios are generated again, and the hand-written convert-recover-* scenarios
 * name the same cart): the checkout ready to convert, as the conversion reads it before posting,
 * and order 100 made from it.
 */
export const CHECKOUT = loadFixture('convert-stamp-fails', '08-read-checkout').response as { data: Checkout }
export const ORDER_100 = loadFixture('convert-stamp-fails', '10-read-order').response as Record<string, unknown>

const { data: checkout } = CHECKOUT
export const CART_ID = checkout.id

/** The same order under another id (a duplicate BigCommerce made from the same cart). */
export function orderNumbered (id: number): Record<string, unknown> {
  return { ...structuredClone(ORDER_100), id }
}

/** Our records after create, bill_to, shipments and shipping_option; `started` = a conversion died after its recovery point. */
export async function seedConvertible (bridge: TestBridge, conversion?: 'started'): Promise<void> {
  await bridge.storage.saveOrder({
    storeHash: STORE_HASH, fastOrderId: ORDER_ID, cartId: CART_ID, bcOrderId: null, billingAddressId: checkout.billing_address?.id ?? null, currencyCode: 'USD', consignmentIds: (checkout.consignments ?? []).map(c => c.id), cartVersion: null
  })
  await bridge.storage.saveLines([{ storeHash: STORE_HASH, fastOrderId: ORDER_ID, fastLineId: LINE_1, bcItemId: checkout.cart.line_items.physical_items[0].id, productId: 112, variantId: null, physical: true, imageUrl: null, options: null }])
  if (conversion === 'started') await bridge.storage.advanceConversion(STORE_HASH, ORDER_ID, undefined, { step: 'started' })
}

export const PATHS = {
  checkout: `/v3/checkouts/${CART_ID}?include=cart.line_items.physical_items.options,cart.line_items.digital_items.options,consignments.available_shipping_options`,
  createOrder: `/v3/checkouts/${CART_ID}/orders`,
  ordersOfCart: `/v2/orders?cart_id=${CART_ID}&sort=id:asc`,
  incompleteOrdersOfCart: `/v2/orders?cart_id=${CART_ID}&status_id=0&sort=id:asc`,
  order: (id: number) => `/v2/orders/${id}`,
  readOrder: (id: number) => `/v2/orders/${id}?include=consignments.line_items&consignment_structure=object`
}

/**
 * A handler answering `METHOD /vN/...` (the path after /stores/{hash}, query included) from queues,
 * one reply per request, in order; anything else is a 500 the test will see.
 */
export function answering (routes: Record<string, Array<FakeReply | Promise<FakeReply>>>): FakeHandler {
  return async (request: RecordedRequest) => {
    const key = `${request.method} ${request.url.replace(`/stores/${STORE_HASH}`, '')}`
    const next = routes[key]?.shift()
    return await (next ?? { status: 500, body: { status: 500, title: `unexpected call ${key}` } })
  }
}

/** The requests of one `METHOD /vN/...` key. */
export function requestsTo (requests: RecordedRequest[], key: string): RecordedRequest[] {
  return requests.filter(request => `${request.method} ${request.url.replace(`/stores/${STORE_HASH}`, '')}` === key)
}

export const ok = (body: unknown): FakeReply => ({ status: 200, body })

/**
 * A reply held back until the test releases it; `arrived` settles once the request reached
 * BigCommerce (the handler calls `markArrived`), so a test can act while the call is in flight.
 */
export function heldReply (): { answer: Promise<FakeReply>, arrived: Promise<void>, markArrived: () => void, release: (reply: FakeReply) => void } {
  let markArrived!: () => void
  const arrived = new Promise<void>(resolve => { markArrived = resolve })
  let release!: (reply: FakeReply) => void
  const answer = new Promise<FakeReply>(resolve => { release = resolve })
  return { answer, arrived, markArrived, release }
}

/** A loopback BigCommerce answering with `handler`, and a bridge on it holding our records of the checkout ready to convert. */
export async function convertibleOn (t: Test, handler: FakeHandler): Promise<{ bc: FakeBigCommerce, bridge: TestBridge }> {
  const bc = await startFakeBigCommerce(t, handler)
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedConvertible(bridge)
  return { bc, bridge }
}
