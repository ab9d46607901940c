/**
 * What the BigCommerce client tells its observers, and the metrics made of it: each attempt sent
 * says why it repeats the one before (429, 5xx, no answer) and whether it first waited for the
 * store's quota; a call held back says why. The client's clock moves 10 ms each time it is read,
 * not with the wall: a 200 ms reset is still ahead when the next attempt asks (a few reads later),
 * however busy the machine, and passes after a few reads more.
 */
import t, { type Test } from 'tap'
import { createBigCommerceClient, type BigCommerceClientOptions, type CallEvent, type NotMadeEvent } from '../../src/bigcommerce/client.js'
import { createBridgeMetrics } from '../../src/metrics/bridge-metrics.js'
import { startFakeBigCommerce, type FakeBigCommerce } from '../helpers/fake-bigcommerce.js'
import { parseExposition, sumOf } from './scrape.js'

const STORE = { hash: 'abc123', accessToken: 'secret-token' }
const CART = '/v3/carts/{cartId}'

interface Observed { bc: FakeBigCommerce, calls: CallEvent[], notMade: NotMadeEvent[], client: ReturnType<typeof createBigCommerceClient> }

async function observedClient (t: Test, options: Partial<BigCommerceClientOptions> = {}): Promise<Observed> {
  const bc = await startFakeBigCommerce(t)
  let clock = 1_800_000_000_000
  const calls: CallEvent[] = []
  const notMade: NotMadeEvent[] = []
  const client = createBigCommerceClient({
    apiUrl: bc.url,
    userAgent: 'test',
    now: () => (clock += 10),
    random: () => 0,
    onCall: event => { calls.push(event) },
    onNotMade: event => { notMade.push(event) },
    ...options
  })
  t.teardown(async () => { await client.close() })
  return { bc, calls, notMade, client }
}

const shapeOf = ({ method, endpoint, status, retryOf, waitedForQuota }: CallEvent): Partial<CallEvent> => ({ method, endpoint, status, retryOf, waitedForQuota })

t.test('the attempt after a 429 is told as a retry for 429 that waited for the quota, and counted so', async (t) => {
  const { bc, calls, client } = await observedClient(t)
  bc.queue({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '200', 'x-rate-limit-requests-left': '0' }, body: { status: 429, title: 'Too many requests' } })
  bc.queue({ status: 200, body: { data: { id: 'c1' } } })
  await client.call(STORE, 'GET', CART, { params: { cartId: 'c1' } })
  t.same(calls.map(shapeOf), [
    { method: 'GET', endpoint: CART, status: 429, retryOf: undefined, waitedForQuota: false },
    { method: 'GET', endpoint: CART, status: 200, retryOf: '429', waitedForQuota: true }
  ])
  const metrics = createBridgeMetrics()
  for (const event of calls) metrics.bigcommerceCall(event)
  const samples = parseExposition(await metrics.registry.metrics())
  t.equal(sumOf(samples, 'bigcommerce_quota_waits_total', { endpoint: CART }), 1)
  t.equal(sumOf(samples, 'bigcommerce_rate_limited_total', { endpoint: CART }), 1)
  t.equal(sumOf(samples, 'bigcommerce_retries_total', { method: 'GET', endpoint: CART, reason: '429' }), 1)
})

t.test('the attempts after a 5xx and after no answer are told as retries for 5xx and no_answer', async (t) => {
  const { bc, calls, client } = await observedClient(t)
  bc.queue({ status: 502, body: { status: 502, title: 'Bad Gateway' } }, 'reset', { status: 200, body: { data: { id: 'c1' } } })
  await client.call(STORE, 'GET', CART, { params: { cartId: 'c1' } })
  t.same(calls.map(event => [event.status, event.retryOf]), [[502, undefined], [0, '5xx'], [200, 'no_answer']])
})

t.test('a call its open breaker holds back is told as not made, with its template and no store', async (t) => {
  const { bc, calls, notMade, client } = await observedClient(t, { breakerFailures: 1, breakerCooldownMs: 60_000, maxAttempts: 1 })
  bc.handle(() => ({ status: 503, body: { status: 503, title: 'Service Unavailable' } }))
  await t.rejects(client.call(STORE, 'PUT', CART, { params: { cartId: 'c1' }, body: {} }))
  await t.rejects(client.call(STORE, 'PUT', CART, { params: { cartId: 'c1' }, body: {} }))
  t.equal(calls.length, 1, 'one attempt sent')
  t.same(notMade, [{ store: STORE.hash, method: 'PUT', endpoint: CART, reason: 'CIRCUIT_OPEN' }])
  const metrics = createBridgeMetrics()
  for (const event of notMade) metrics.bigcommerceNotMade(event)
  const samples = parseExposition(await metrics.registry.metrics())
  t.equal(sumOf(samples, 'bigcommerce_calls_not_made_total', { method: 'PUT', endpoint: CART, reason: 'circuit_open' }), 1)
  t.notOk(samples.some(sample => Object.values(sample.labels).includes(STORE.hash)), 'the store is in the event, for logs, never in a label')
})
