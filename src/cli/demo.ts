/**
 * `npm run demo`: plays a whole Fast checkout against the running bridge and prints each step:
 * the recorded seed-000 journey (create, read, billing, shipping, option), then an added item, a
 * coupon, the conversion to an order and the BOOKED and PENDING_FULFILLMENT updates, and a retried
 * request that is replayed. With the BigCommerce emulator in reach (sandbox mode), each step shows
 * the BigCommerce calls it made and the totals are checked against the emulator's own order.
 *
 * Against a real store (a bridge trusting the sandbox key, e.g. to record fixtures), name products
 * of that store: DEMO_PRODUCT_IDS=<product>[:<variant>],<product>[:<variant>] (the first is put in
 * the cart, the second added later) and DEMO_COUPON=<code> (empty: no coupon step).
 */
import { randomUUID } from 'node:crypto'
import { request } from 'undici'
import type { FastOperation } from '../fast/operations.js'
import { formatAmount } from '../money.js'
import { CliFailure, runCli } from './failure.js'
import { sandboxClient, type FastAnswer } from './fast-client.js'
import { sandboxClientSettings } from './sandbox-settings.js'

interface DemoProduct {
  productId: string
  variantId?: string
  /** How a step's title names it. */
  label: string
}

/** The sandbox's Fast Hoodie, then its Fast Tee in M, which is on sale. */
const SANDBOX_PRODUCTS: DemoProduct[] = [
  { productId: '112', label: 'the Fast Hoodie' },
  { productId: '113', variantId: '81', label: 'a Fast Tee (M, on sale)' }
]
const SANDBOX_COUPON = 'SAVE10'
/** How long the emulator may take to answer a look-up; the demo goes on without it. */
const EMULATOR_TIMEOUT_MS = 5_000

function demoProducts (text: string | undefined): DemoProduct[] {
  if (text === undefined || text === '') return SANDBOX_PRODUCTS
  const products = text.split(',').map(item => /^\s*(\d+)(?::(\d+))?\s*$/.exec(item))
  if (products.length > 2 || products.some(match => match === null)) {
    throw new CliFailure(`DEMO_PRODUCT_IDS takes one or two product ids, each with an optional :variant id, e.g. 112,113:81 (not "${text}")`, 2)
  }
  return products.map(match => {
    const [, productId, variantId] = match as RegExpExecArray
    return variantId === undefined
      ? { productId: productId as string, label: `product ${productId}` }
      : { productId: productId as string, variantId, label: `product ${productId} (variant ${variantId})` }
  })
}

await runCli(async () => {
  const settings = sandboxClientSettings()
  const sandboxUrl = process.env.SANDBOX_URL ?? `http://127.0.0.1:${process.env.SANDBOX_PORT ?? '3001'}`
  const [first, second] = demoProducts(process.env.DEMO_PRODUCT_IDS) as [DemoProduct, DemoProduct | undefined]
  const coupon = process.env.DEMO_COUPON ?? SANDBOX_COUPON
  const client = sandboxClient(settings)

  const orderId = randomUUID()
  const firstLine = randomUUID()
  const secondLine = randomUUID()
  const address = {
    first_name: 'John', last_name: 'Smith', email: 'John+23roujwn@fast.in', phone: '+15555555555',
    address_1: '349 9th Street', city_locality: 'San Francisco', state_province_code: 'CA', country: 'US', country_code: 'US', postal_code: '94103'
  }
  const order = { order_id: { value: orderId }, is_cart: true }

  /** BigCommerce calls the emulator has served the sandbox store so far; undefined when it is not there. */
  async function callCount (): Promise<number | undefined> {
    try {
      const response = await request(`${sandboxUrl}/__sandbox/calls`, { headersTimeout: EMULATOR_TIMEOUT_MS, bodyTimeout: EMULATOR_TIMEOUT_MS })
      const counts = await response.body.json() as { stores: Record<string, Record<string, number>> }
      return Object.values(counts.stores.sandbox ?? {}).reduce((sum, n) => sum + n, 0)
    } catch {
      return undefined
    }
  }
  const emulatorThere = await callCount() !== undefined

  function succeeded (answer: FastAnswer, what: string): FastAnswer {
    if (answer.statusCode === 200) return answer
    console.log(`   ${answer.body?.message ?? JSON.stringify(answer.body)}`)
    const hint = answer.statusCode === 401 ? ': does the bridge run with this DATA_DIR and FAST_APP_ID?' : ''
    throw new CliFailure(`the demo stopped at ${what}: the bridge answered HTTP ${answer.statusCode}${hint}`)
  }

  let stepNumber = 0
  async function step (title: string, operation: FastOperation, body: unknown, show: (answer: FastAnswer) => string[]): Promise<FastAnswer> {
    const before = emulatorThere ? await callCount() : undefined
    const answer = await client.call(operation, body)
    const after = emulatorThere ? await callCount() : undefined
    const calls = before === undefined || after === undefined ? '' : `, ${after - before} BigCommerce call${after - before === 1 ? '' : 's'}`
    console.log(`\n${++stepNumber}. ${title}  [${operation}: HTTP ${answer.statusCode}${answer.replayed ? ', replayed' : ''}${calls}]`)
    succeeded(answer, `step ${stepNumber}`)
    for (const line of show(answer)) console.log(`   ${line}`)
    return answer
  }

  function describe (answer: FastAnswer): string[] {
    const o = answer.body.order.order
    const lines = (o.lines ?? []).map((l: any) => `${l.quantity} × ${l.name} @ ${l.unit_price ?? '?'} = ${l.total_amount}${l.tax_amount === undefined ? '' : ` (tax ${l.tax_amount})`}`)
    const status = (answer.body.order.status ?? []).map((s: any) => `status: ${s.message}`)
    return [
      `${o.order_type === 2 ? 'order' : 'cart'} ${o.external_id}${o.status === undefined ? '' : ` (Fast status ${o.status})`}`,
      ...lines,
      ...(o.coupons ?? []).map((c: any) => `coupon ${c.code}: -${c.total_amount}`),
      `sub_total ${o.sub_total}, discounts ${o.total_discounts}, shipping ${o.total_shipping ?? '0.00'}, tax ${o.total_tax ?? '0.00'}, total ${o.total_amount}`,
      ...status
    ]
  }

  const update = (segment: Record<string, unknown>, requestId = randomUUID()) => ({ request_id: { value: requestId }, type: 'ENTITY_TYPE_ORDER', order: { ...order, ...segment } })
  const variantOf = (product: DemoProduct) => product.variantId === undefined ? {} : { external_variant_id: product.variantId }

  console.log(`Fast checkout demo against the bridge at ${settings.bridgeUrl}, signed with the sandbox key in ${settings.dataDir} (Fast order ${orderId})`)
  if (!emulatorThere) console.log(`(No BigCommerce emulator at ${sandboxUrl}: the BigCommerce call counts and the check of the totals against its order are skipped.)`)
  await step(`The shopper presses Fast Checkout on ${first.label}`, 'create', {
    type: 'ENTITY_TYPE_ORDER',
    order: { is_cart: true, order: { id: { value: orderId }, order_type: 'ORDER_TYPE_CART', status: 'ORDER_STATUS_CART', bill_to: {}, lines: [{ id: { value: firstLine }, external_product_id: first.productId, ...variantOf(first), quantity: 1 }] } }
  }, describe)
  const cartId = succeeded(await client.call('read', { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: orderId } } }), 'reading the cart by its Fast id').body.order.order.external_id
  await step('Fast reads the cart', 'read', { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, external_order_id: cartId } }, describe)
  await step('The shopper gives a billing address', 'update', update({ bill_to: address }), describe)
  const shipped = await step('... and a shipping address', 'update', update({ shipments: [{ ship_to: address, line_refs: [{ id: { value: firstLine }, quantity: 1 }] }] }), answer => {
    const options = answer.body.order.order.shipment_plans?.[0]?.available_options ?? []
    return [...describe(answer), ...options.map((o: any) => `option: ${o.name} ${o.total}`)]
  })
  const plan = shipped.body.order.order.shipment_plans?.[0]
  if (plan === undefined || plan.available_options.length === 0) {
    throw new CliFailure(`the demo stopped at step ${stepNumber}: the store offers no shipping option to ${address.city_locality}, ${address.country_code}: give it a shipping zone there`)
  }
  const express = plan.available_options.find((o: any) => o.name === 'Express') ?? plan.available_options[0]
  await step(`The shopper picks ${express.name}`, 'update', update({ shipping_option: { plan_id: { value: plan.external_id }, option_id: { value: express.external_id } } }), describe)
  if (second !== undefined) {
    await step(`The shopper returns to the store and adds ${second.label}`, 'update', update({ items: [{ item_id: { value: secondLine }, quantity: 1, external_product_id: second.productId, ...variantOf(second) }] }), describe)
  }
  if (coupon !== '') await step(`... and applies the coupon ${coupon}`, 'update', update({ coupon: { code: coupon } }), describe)
  await step('The checkout timer ends: the cart becomes an order', 'update', update({ convert_cart_to_order: true, convert_mode: 'CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT' }), describe)
  await step('Payment is authorised: ORDER_STATUS_BOOKED', 'update', update({ status: 'ORDER_STATUS_BOOKED', convert_cart_to_order: true }), describe)
  const fulfilRequestId = randomUUID()
  const fulfil = await step('Fraud check passed: ORDER_STATUS_PENDING_FULFILLMENT', 'update', update({ status: 'ORDER_STATUS_PENDING_FULFILLMENT', convert_cart_to_order: true }, fulfilRequestId), describe)
  await step('Fast retries that request (same request_id): the answer is replayed, nothing runs twice', 'update', update({ status: 'ORDER_STATUS_PENDING_FULFILLMENT', convert_cart_to_order: true }, fulfilRequestId), describe)

  if (!emulatorThere) return
  // The bridge's totals against the emulator's own order, to the cent.
  const fastOrder = fulfil.body.order.order
  try {
    const response = await request(`${sandboxUrl}/stores/sandbox/v2/orders/${fastOrder.external_id}`, {
      headers: { 'x-auth-token': 'sandbox-token', accept: 'application/json' }, headersTimeout: EMULATOR_TIMEOUT_MS, bodyTimeout: EMULATOR_TIMEOUT_MS
    })
    const bc = await response.body.json() as { total_inc_tax: string, status: string }
    const bcTotal = formatAmount(bc.total_inc_tax)
    console.log(`\nBigCommerce order ${fastOrder.external_id}: status "${bc.status}", total ${bc.total_inc_tax}; Fast total ${fastOrder.total_amount}: ${bcTotal === fastOrder.total_amount ? 'they match' : 'THEY DIFFER'}`)
    if (bcTotal !== fastOrder.total_amount) process.exitCode = 1
  } catch {
    console.log('\n(The BigCommerce emulator was not reachable to compare totals.)')
  }
})
