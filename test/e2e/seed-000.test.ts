/**
 * Seed 000 end to end: Fast's recorded checkout through the bridge against the BigCommerce
 * emulator. The seeded store makes the recorded answers come out the same, except for the ids
 * BigCommerce invents (cart, line item, consignment and option ids) and the emulator's second US
 * option ("Express"), which the recorded store did not offer.
 */
import t from 'tap'
import { missingFrom, recordedFlow } from '../helpers/recorded.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'

/** The recorded answer without the ids BigCommerce invents, and with only the options it offered. */
function comparable (ours: any, recorded: any): { ours: any, recorded: any } {
  const strip = (value: any): any => Array.isArray(value)
    ? value.map(strip)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'external_id').map(([key, v]) => [key, strip(v)]))
      : value
  const oursCopy = strip(ours)
  const recordedPlans = recorded?.order?.order?.shipment_plans ?? []
  for (const [index, plan] of (oursCopy?.order?.order?.shipment_plans ?? []).entries()) {
    const names = new Set((recordedPlans[index]?.available_options ?? []).map((option: any) => option.name))
    plan.available_options = plan.available_options.filter((option: any) => names.has(option.name))
  }
  return { ours: oursCopy, recorded: strip(recorded) }
}

t.test('the recorded checkout runs against the sandbox store with the recorded answers', async t => {
  const bridge = await buildSandboxBridge(t)
  const steps = recordedFlow('seed-000-checkout')
  const recordedCartId = steps[0].response.order.order.external_id
  let cartId = ''
  let plan: any
  const budget: Record<string, number> = {}
  for (const step of steps) {
    // Requests name BigCommerce's ids as the recorded store made them: swap in the emulator's.
    let text = JSON.stringify(step.request).replaceAll(recordedCartId, cartId || recordedCartId)
    if (step.request.order?.shipping_option !== undefined) {
      const free = plan.available_options.find((option: any) => option.name === 'Free Shipping')
      text = text.replace('60a4bbe63f601', plan.external_id).replace('4dcbf24f457dd67d5f89bcf374e0bc9b', free.external_id)
    }
    const { result: answer, calls } = await bridge.countCalls(async () => await bridge.fast(step.operation, JSON.parse(text)))
    budget[step.file] = calls
    t.equal(answer.statusCode, 200, `${step.file} answers 200`)
    const { ours, recorded } = comparable(answer.body, step.response)
    t.same(missingFrom(ours, recorded), [], `${step.file}: the recorded answer, but for BigCommerce's ids`)
    cartId ||= answer.body.order.order.external_id
    plan = answer.body.order.order.shipment_plans?.[0] ?? plan
  }
  t.match(cartId, /^[0-9a-f-]{36}$/, 'the cart id is a BigCommerce UUID')
  // bigcommerce.md §1.7: the state's name comes from the bundled table (src/bigcommerce/state-names.ts).
  t.same(budget, {
    '01-create-cart.json': 1,
    '02-read-cart.json': 1,
    '03-update-bill-to.json': 2,
    '04-read-after-bill-to.json': 1,
    '05-update-shipments.json': 1,
    '06-update-shipping-option.json': 1
  }, 'each operation makes no more BigCommerce calls than its minimum')
})
