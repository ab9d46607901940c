/** Items end to end on the sandbox store: add, change quantity, remove, and stock refusals. */
import t from 'tap'
import { createCart, convertibleCart, CONVERT, expectOk } from '../helpers/checkout-journey.js'
import { buildSandbox, DEFAULT_STORE } from '../../src/sandbox/app.js'
import { buildTestApp } from '../helpers/build-app.js'
import { startFakeBigCommerce } from '../helpers/fake-bigcommerce.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'
import { totalsAddUp } from '../helpers/totals.js'

t.test('a shopper who adds an item sees a second line and new totals', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const { result, calls } = await bridge.countCalls(async () => await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: 'tee-line' }, quantity: 2, external_product_id: '113', external_variant_id: '81' }] })))
  const order = result.order.order
  t.same(order.lines.map((l: any) => [l.id.value, l.name, l.quantity, l.total_amount]), [[journey.lineId, 'Fast Hoodie', 1, '29.99'], ['tee-line', 'Fast Tee', 2, '30.00']])
  t.equal(order.total_amount, '59.99', 'the sale price of size M (15.00) is used')
  t.ok(totalsAddUp(order), 'totals add up')
  t.same(result.order.status, [{ updated: 4, status: true, message: 'items updated' }])
  t.equal(calls, 2, 'one cart call and one checkout read')
})

t.test('an item Fast already knows is updated, never added twice', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const answer = await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: journey.lineId }, quantity: 3, external_product_id: '112' }] }))
  t.same(answer.order.order.lines.map((l: any) => [l.id.value, l.quantity, l.total_amount]), [[journey.lineId, 3, '89.97']])
})

t.test('a shopper who removes an item (quantity 0 or omitted) no longer sees it', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge, [{ product: '112', quantity: 1 }, { product: '113', variant: '80', quantity: 1 }, { product: '113', variant: '82', quantity: 1 }])
  const zero = await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: journey.lineIds[1] }, quantity: 0 }] }))
  t.same(zero.order.order.lines.map((l: any) => l.id.value), [journey.lineIds[0], journey.lineIds[2]])
  const omitted = await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: journey.lineIds[2] } }] }))
  t.same(omitted.order.order.lines.map((l: any) => l.id.value), [journey.lineIds[0]])
  t.equal(omitted.order.order.total_amount, '29.99')
})

t.test('removing the last item leaves an empty cart, and adding again starts a new one', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const emptied = await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: journey.lineId }, quantity: 0 }] }))
  t.same(emptied.order.order.lines, [])
  t.equal(emptied.order.order.total_amount, '0.00')
  t.equal(emptied.order.order.id.value, journey.orderId, 'it is still the same Fast order')
  const read = await expectOk(bridge, 'read', journey.read())
  t.same(read.order.order.lines, [], 'a read answers the same empty cart')
  const refilled = await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: 'again' }, quantity: 1, external_product_id: '112' }] }))
  t.equal(refilled.order.order.lines.length, 1)
  t.not(refilled.order.order.external_id, journey.cartId, 'BigCommerce made a new cart')
})

t.test('an item added after the shipping address ships with the rest, keeping the chosen option', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge, 'Express')
  const { result: added, calls, byCall } = await bridge.countCalls(async () =>
    await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: 'tee' }, quantity: 1, external_product_id: '113', external_variant_id: '81' }] })))
  const plan = added.order.order.shipment_plans[0]
  t.equal(plan.lines.length, 2, 'both lines are in the one shipment')
  t.equal(plan.selected_option.name, 'Express', 'the option stays chosen')
  t.ok(totalsAddUp(added.order.order), 'the answer\'s totals add up')
  t.equal(calls, 3, 'the cart call and the checkout read together, then the consignment PUT, whose answer is the checkout')
  t.same(Object.keys(byCall).sort(), ['GET /v3/checkouts/{id}', 'POST /v3/carts/{id}/items', 'PUT /v3/checkouts/{id}/consignments/{consignmentId}'])
  const converted = await expectOk(bridge, 'update', journey.update(CONVERT))
  t.equal(converted.order.order.order_type, 2, 'and the cart can be converted')
})

t.test('an item added to the one shipment leaves the storefront\'s own shipment as the shopper made it', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const base = `${bridge.emulatorUrl}/stores/${DEFAULT_STORE.hash}/v3`
  const headers = { 'x-auth-token': DEFAULT_STORE.accessToken, 'content-type': 'application/json' }
  const before = await (await fetch(`${base}/checkouts/${journey.cartId}`, { headers })).json() as any
  // The shopper's storefront tab adds a tee and ships it to a second address: a consignment of its own.
  const cart = await (await fetch(`${base}/carts/${journey.cartId}/items`, { method: 'POST', headers, body: JSON.stringify({ line_items: [{ product_id: 113, variant_id: 80, quantity: 1 }] }) })).json() as any
  const known = new Set(before.data.cart.line_items.physical_items.map((i: any) => i.id))
  const theirs = cart.data.line_items.physical_items.find((i: any) => !known.has(i.id))
  const made = await fetch(`${base}/checkouts/${journey.cartId}/consignments`, { method: 'POST', headers, body: JSON.stringify([{ address: before.data.consignments[0].address, line_items: [{ item_id: theirs.id, quantity: 1 }] }]) })
  t.equal(made.status, 200, 'the storefront made its own consignment')

  await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: 'tee' }, quantity: 1, external_product_id: '113', external_variant_id: '81' }] }))

  const after = await (await fetch(`${base}/checkouts/${journey.cartId}`, { headers })).json() as any
  const storefronts = after.data.consignments.find((c: any) => c.id !== before.data.consignments[0].id)
  t.same(storefronts?.line_item_ids ?? [], [theirs.id], 'the storefront\'s tee is still in the storefront\'s consignment')
  const ours = after.data.consignments.find((c: any) => c.id === before.data.consignments[0].id)
  t.equal(ours?.line_item_ids?.length, 2, 'ours ships the hoodie and the added tee')
})

t.test('an item added after its shipment was removed elsewhere is added, and waits for Fast to say where it ships', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await convertibleCart(bridge)
  const consignment = (await expectOk(bridge, 'read', journey.read())).order.order.shipment_plans[0].external_id
  const removed = await fetch(`${bridge.emulatorUrl}/stores/${DEFAULT_STORE.hash}/v3/checkouts/${journey.cartId}/consignments/${consignment}`, { method: 'DELETE', headers: { 'x-auth-token': DEFAULT_STORE.accessToken } })
  t.equal(removed.status, 200, 'the storefront removed the shipment')
  const added = await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: 'tee' }, quantity: 1, external_product_id: '113', external_variant_id: '81' }] }))
  t.same(added.order.order.lines.map((l: any) => l.id.value), [journey.lineId, 'tee'])
  t.same(added.order.order.shipment_plans ?? [], [], 'no shipment: Fast sends one before converting')
})

t.test('an item joining the shipment while the storefront changes the cart ships what the cart then holds', async t => {
  // The bridge talks to the sandbox through a relay that, at the consignment PUT, first lets the
  // shopper's storefront tab add a tee: the PUT carries a stale version and BigCommerce answers 409.
  const emulator = buildSandbox({ logger: false })
  t.teardown(async () => { await emulator.close() })
  const auth = { 'x-auth-token': DEFAULT_STORE.accessToken, 'content-type': 'application/json' }
  let storefrontAddsAt: string | undefined
  const relay = await startFakeBigCommerce(t, async request => {
    if (storefrontAddsAt !== undefined && request.method === 'PUT' && request.url.includes('/consignments/')) {
      await emulator.inject({ method: 'POST', url: storefrontAddsAt, headers: auth, payload: { line_items: [{ product_id: 113, variant_id: 80, quantity: 1 }] } })
      storefrontAddsAt = undefined
    }
    const answer = await emulator.inject({ method: request.method as 'PUT', url: request.url, headers: auth, ...(request.body === '' ? {} : { payload: request.body }) })
    return { status: answer.statusCode, body: answer.body === '' ? undefined : JSON.parse(answer.body) }
  })
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: relay.url, BIGCOMMERCE_STORE_HASH: DEFAULT_STORE.hash, BIGCOMMERCE_ACCESS_TOKEN: DEFAULT_STORE.accessToken } })
  const journey = await convertibleCart(bridge)
  storefrontAddsAt = `/stores/${DEFAULT_STORE.hash}/v3/carts/${journey.cartId}/items`
  await expectOk(bridge, 'update', journey.update({ items: [{ item_id: { value: 'tee' }, quantity: 1, external_product_id: '113', external_variant_id: '81' }] }))
  const puts = relay.requests.filter(r => r.method === 'PUT' && r.url.includes('/consignments/')).slice(-2)
  t.same(puts.map(r => (JSON.parse(r.body) as { line_items: unknown[] }).line_items.length), [2, 3], 'refused with two items, sent again with the storefront\'s tee too')
  const checkout = JSON.parse((await emulator.inject({ method: 'GET', url: `/stores/${DEFAULT_STORE.hash}/v3/checkouts/${journey.cartId}`, headers: auth })).body)
  t.equal(checkout.data.consignments[0].line_item_ids.length, 3, 'every item of the cart ships')
})

t.test('too few in stock is refused with the product named', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const soldOut = await bridge.fast('update', journey.update({ items: [{ item_id: { value: 'cap' }, quantity: 1, external_product_id: '114' }] }))
  t.equal(soldOut.statusCode, 422)
  t.equal(soldOut.body.details[0].reason, 'OUT_OF_STOCK')
  t.match(soldOut.body.message, /Sold Out Cap/)
  const tooMany = await bridge.fast('update', journey.update({ items: [{ item_id: { value: 'tee' }, quantity: 6, external_product_id: '113', external_variant_id: '80' }] }))
  t.equal(tooMany.body.details[0].reason, 'OUT_OF_STOCK')
  t.match(tooMany.body.message, /Only 5 of "Fast Tee"/)
  const after = await expectOk(bridge, 'read', journey.read())
  t.equal(after.order.order.lines.length, 1, 'the order is as it was')
})

t.test('more than the maximum per order is refused as a quantity limit', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const answer = await bridge.fast('update', journey.update({ items: [{ item_id: { value: journey.lineId }, quantity: 11, external_product_id: '112' }] }))
  t.equal(answer.statusCode, 422)
  t.equal(answer.body.details[0].reason, 'QUANTITY_OUT_OF_RANGE')
  t.match(answer.body.message, /Fast Hoodie/)
})

t.test('an unknown product or variant is refused before the cart changes', async t => {
  const bridge = await buildSandboxBridge(t)
  const journey = await createCart(bridge)
  const product = await bridge.fast('update', journey.update({ items: [{ item_id: { value: 'x' }, quantity: 1, external_product_id: '999' }] }))
  t.equal(product.body.details[0].reason, 'PRODUCT_NOT_FOUND')
  const variant = await bridge.fast('update', journey.update({ items: [{ item_id: { value: 'y' }, quantity: 1, external_product_id: '113', external_variant_id: '999' }] }))
  t.equal(variant.body.details[0].reason, 'VARIANT_NOT_FOUND')
  const created = await bridge.fast('create', { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order: { id: { value: 'o-1' }, lines: [{ id: { value: 'l-1' }, external_product_id: '114', quantity: 1 }] } } })
  t.equal(created.body.details[0].reason, 'OUT_OF_STOCK', 'creating a cart with a sold-out product names it too')
})
