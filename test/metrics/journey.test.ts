/**
 * A checkout journey against the BigCommerce emulator, then a scrape: Fast's requests are counted
 * by operation and outcome as they were answered, BigCommerce's calls by method, path template and
 * status as the emulator received them, and no label names the store, its token or the shopper.
 */
import t, { type Test } from 'tap'
import { DEFAULT_STORE } from '../../src/sandbox/app.js'
import { CONVERT, convertibleCart, SHOPPER } from '../helpers/checkout-journey.js'
import { buildSandboxBridge, type SandboxBridge } from '../helpers/sandbox-bridge.js'
import { reasonOf } from '../use-cases/flows.js'
import { scrape, sumOf, type Sample } from './scrape.js'

/** `{cartId}` and `{id}` name the same path segment: templates compared by their shape. */
function shapeOf (method: string, template: string): string {
  return `${method} ${template.replace(/\{\w+\}/g, '{}')}`
}

interface Journeyed {
  bridge: SandboxBridge
  samples: Sample[]
  /** Fast's answers as they came: `operation outcome` -> count. */
  answered: Record<string, number>
  orderId: string
  /** Every request_id sent. */
  requestIds: string[]
}

async function journey (t: Test): Promise<Journeyed> {
  const sandbox = await buildSandboxBridge(t)
  const answered: Record<string, number> = {}
  const requestIds: string[] = []
  const fast: SandboxBridge['fast'] = async (operation, body, headers) => {
    const requestId = (body as { request_id?: { value?: string } }).request_id?.value
    if (requestId !== undefined) requestIds.push(requestId)
    const answer = await sandbox.fast(operation, body, headers)
    const key = `${operation} ${answer.statusCode === 200 ? 'ok' : reasonOf(answer) ?? ''}`
    answered[key] = (answered[key] ?? 0) + 1
    return answer
  }
  const bridge = { ...sandbox, fast }
  const cart = await convertibleCart(bridge)
  await bridge.fast('update', cart.update(CONVERT))
  await bridge.fast('read', cart.read())
  // An answer that is an error: an order the bridge never made.
  await bridge.fast('read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: '00000000-0000-4000-8000-000000000404' } } })
  await bridge.fast('delete', { request_id: { value: crypto.randomUUID() }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: cart.orderId } } })
  return { bridge, samples: await scrape(bridge.app), answered, orderId: cart.orderId, requestIds }
}

t.test('after a checkout journey, Fast\'s requests are counted by operation and outcome as they were answered', async (t) => {
  const { samples, answered } = await journey(t)
  t.ok(Object.keys(answered).some(key => !key.endsWith(' ok')), 'the journey has an error answer too')
  const counted: Record<string, number> = {}
  for (const sample of samples.filter(s => s.name === 'fast_requests_total' && s.value > 0)) {
    counted[`${sample.labels.operation} ${sample.labels.outcome}`] = sample.value
  }
  t.same(counted, answered)
  t.equal(sumOf(samples, 'fast_request_duration_seconds_count'), Object.values(answered).reduce((a, b) => a + b, 0), 'one latency per request')
})

t.test('after a checkout journey, BigCommerce calls are counted by template and by status as the emulator received them', async (t) => {
  const { bridge, samples } = await journey(t)
  const received: Record<string, number> = {}
  for (const [call, n] of Object.entries(bridge.calls())) {
    const [method, template] = call.split(' ')
    received[shapeOf(method, template)] = (received[shapeOf(method, template)] ?? 0) + n
  }
  const counted: Record<string, number> = {}
  for (const sample of samples.filter(s => s.name === 'bigcommerce_calls_total')) {
    const key = shapeOf(sample.labels.method, sample.labels.endpoint)
    counted[key] = (counted[key] ?? 0) + sample.value
  }
  t.ok(Object.keys(received).length > 5, 'the journey called BigCommerce on several endpoints')
  t.same(counted, received)

  const byStatus: Record<string, number> = {}
  for (const exchange of bridge.exchanges) byStatus[`${exchange.method} ${exchange.status}`] = (byStatus[`${exchange.method} ${exchange.status}`] ?? 0) + 1
  const countedByStatus: Record<string, number> = {}
  for (const sample of samples.filter(s => s.name === 'bigcommerce_calls_total')) {
    const key = `${sample.labels.method} ${sample.labels.status}`
    countedByStatus[key] = (countedByStatus[key] ?? 0) + sample.value
  }
  t.same(countedByStatus, byStatus)
  t.equal(sumOf(samples, 'bigcommerce_call_duration_seconds_count'), bridge.exchanges.length, 'one latency per call')
})

t.test('no label value carries the store hash, its access token, a Fast order id or the shopper\'s data', async (t) => {
  const { samples, orderId, requestIds } = await journey(t)
  const secrets = [DEFAULT_STORE.hash, DEFAULT_STORE.accessToken, orderId, ...requestIds, SHOPPER.email, SHOPPER.phone, SHOPPER.last_name, SHOPPER.postal_code]
  t.ok(requestIds.length > 3, 'request_ids were sent')
  const values = [...new Set(samples.flatMap(sample => Object.values(sample.labels)))]
  t.ok(values.length > 10, 'labels were read')
  t.same(values.filter(value => secrets.some(secret => value.includes(secret))), [])
})
