/**
 * BigCommerce's side of /metrics when it pushes back: a 429 is counted as rate limited and its
 * repeat as a retry; 5xx answers that open a store's breaker show in the open-breakers gauge, and
 * the calls held back as not made. Then the breakers' own count, opening and closing.
 */
import t from 'tap'
import { createStoreBreakers, type BreakerChange } from '../../src/bigcommerce/store-breakers.js'
import { buildTestApp } from '../helpers/build-app.js'
import { checkFastError } from '../helpers/fake-bigcommerce-guards.js'
import { startFakeBigCommerce } from '../helpers/fake-bigcommerce.js'
import { scrape, sumOf } from './scrape.js'

const READ_ZONES = { type: 'ENTITY_TYPE_SHIPPING_ZONES' }
const ZONES = { method: 'GET', endpoint: '/v2/shipping/zones' }

t.test('a 429 then an answer: the call is counted rate limited once, and retried once for 429', async (t) => {
  const bc = await startFakeBigCommerce(t)
  bc.queue({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '20', 'x-rate-limit-requests-left': '0' }, body: { status: 429, title: 'Too many requests' } })
  bc.handle(() => ({ status: 200, body: [] }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  const answer = await bridge.fast('read', READ_ZONES)
  t.equal(answer.statusCode, 200)
  t.equal(bc.calls(), 2)
  const samples = await scrape(bridge.app)
  t.equal(sumOf(samples, 'bigcommerce_rate_limited_total', { endpoint: ZONES.endpoint }), 1)
  t.equal(sumOf(samples, 'bigcommerce_retries_total', { ...ZONES, reason: '429' }), 1)
  t.equal(sumOf(samples, 'bigcommerce_retries_total'), 1)
  t.equal(sumOf(samples, 'bigcommerce_calls_total', { ...ZONES, status: '429' }), 1)
  t.equal(sumOf(samples, 'bigcommerce_calls_total', { ...ZONES, status: '200' }), 1)
})

t.test('5xx answers that open the store\'s breaker show in the gauge, and the call it holds back is counted as not made', async (t) => {
  const bc = await startFakeBigCommerce(t)
  bc.handle(() => ({ status: 503, body: { status: 503, title: 'Service Unavailable' } }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url, BIGCOMMERCE_BREAKER_FAILURES: '2' } })
  const before = await scrape(bridge.app)
  t.equal(sumOf(before, 'bigcommerce_breakers_open'), 0, 'no breaker open before')
  const answer = await bridge.fast('read', READ_ZONES)
  checkFastError(t, answer, 503, 'BIGCOMMERCE_CIRCUIT_OPEN')
  t.equal(bc.calls(), 2, 'two failed attempts opened it; the third was not sent')
  const samples = await scrape(bridge.app)
  t.equal(sumOf(samples, 'bigcommerce_breakers_open'), 1)
  t.equal(sumOf(samples, 'bigcommerce_breaker_opened_total'), 1)
  t.equal(sumOf(samples, 'bigcommerce_calls_total', { ...ZONES, status: '503' }), 2)
  t.equal(sumOf(samples, 'bigcommerce_retries_total', { ...ZONES, reason: '5xx' }), 1, 'the second attempt repeated the first')
  t.equal(sumOf(samples, 'bigcommerce_calls_not_made_total', { ...ZONES, reason: 'circuit_open' }), 1)
})

const failing = async (): Promise<never> => { throw new Error('BigCommerce failing') }
const working = async (): Promise<string> => 'answered'

t.test('a breaker counts as open from its opening until a trial call closes it', async (t) => {
  const changes: BreakerChange[] = []
  const breakers = createStoreBreakers({ failures: 1, cooldownMs: 0, isFailure: () => true, onChange: change => { changes.push(change) } })
  await t.rejects(breakers.run('store-a', failing))
  t.same(changes, [{ opened: true, open: 1 }])
  t.equal(await breakers.run('store-a', working), 'answered', 'the trial call, right after a cooldown of 0')
  t.same(changes, [{ opened: true, open: 1 }, { opened: false, open: 0 }])
})

t.test('an open breaker forgotten to make room for another store no longer counts as open', async (t) => {
  const changes: BreakerChange[] = []
  const breakers = createStoreBreakers({ failures: 1, cooldownMs: 60_000, maxStores: 1, isFailure: () => true, onChange: change => { changes.push(change) } })
  await t.rejects(breakers.run('store-a', failing))
  t.equal(await breakers.run('store-b', working), 'answered')
  t.same(changes, [{ opened: true, open: 1 }, { opened: false, open: 0 }])
})
