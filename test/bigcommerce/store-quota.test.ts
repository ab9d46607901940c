/**
 * Each store's quota as BigCommerce announces it (X-Rate-Limit-*, X-Retry-After): a spent quota
 * closes that store, and only that store, until the announced reset.
 */
import t from 'tap'
import { createStoreQuota } from '../../src/bigcommerce/store-quota.js'

function clock (start = 1_000_000): { now: () => number, advance: (ms: number) => void } {
  let time = start
  return { now: () => time, advance: (ms) => { time += ms } }
}

t.test('a store BigCommerce says has quota left is called at once', async (t) => {
  const quota = createStoreQuota()
  quota.observe('a', 200, { 'x-rate-limit-requests-left': '149', 'x-rate-limit-time-reset-ms': '29000' })
  t.equal(quota.waitMs('a'), 0)
})

t.test('an answer with nothing left closes the store until the announced reset, and not a moment longer', async (t) => {
  const { now, advance } = clock()
  const quota = createStoreQuota({ now })
  quota.observe('a', 200, { 'x-rate-limit-requests-left': '0', 'x-rate-limit-time-reset-ms': '2500' })
  t.equal(quota.waitMs('a'), 2500)
  advance(2000)
  t.equal(quota.waitMs('a'), 500)
  advance(500)
  t.equal(quota.waitMs('a'), 0)
})

t.test('a 429 closes the store for the longer of X-Rate-Limit-Time-Reset-Ms and X-Retry-After', async (t) => {
  const { now } = clock()
  const quota = createStoreQuota({ now, random: () => 0.5 })
  quota.observe('a', 429, { 'x-rate-limit-time-reset-ms': '1200', 'x-retry-after': '2' })
  t.equal(quota.waitMs('a'), 2000)
  quota.observe('b', 429, { 'x-rate-limit-time-reset-ms': '3100', 'x-retry-after': '2' })
  t.equal(quota.waitMs('b'), 3100)
})

t.test('a 429 without the headers backs off with full jitter, growing with each 429 in a row', async (t) => {
  const { now } = clock()
  const quota = createStoreQuota({ now, random: () => 0.999 })
  quota.observe('a', 429, {})
  t.equal(quota.waitMs('a'), 499, 'under 500 ms after the first')
  quota.observe('a', 429, {})
  t.equal(quota.waitMs('a'), 999, 'under 1 s after the second')
  quota.observe('a', 429, {})
  t.equal(quota.waitMs('a'), 1998, 'under 2 s after the third')
  const low = createStoreQuota({ now, random: () => 0 })
  low.observe('a', 429, {})
  t.equal(low.waitMs('a'), 0, 'full jitter reaches down to no wait at all')
})

t.test('429s in a row with the headers wait the announced reset plus a growing jitter', async (t) => {
  const { now } = clock()
  const quota = createStoreQuota({ now, random: () => 0.5 })
  quota.observe('a', 429, { 'x-rate-limit-time-reset-ms': '1000' })
  t.equal(quota.waitMs('a'), 1000, 'the first 429: exactly the reset')
  quota.observe('a', 429, { 'x-rate-limit-time-reset-ms': '1000' })
  t.equal(quota.waitMs('a'), 1000 + 500, 'the second: the reset plus a jitter of up to 1 s')
})

t.test('one store\'s spent quota never closes another store', async (t) => {
  const quota = createStoreQuota()
  quota.observe('a', 429, { 'x-rate-limit-time-reset-ms': '30000' })
  t.ok(quota.waitMs('a') > 0)
  t.equal(quota.waitMs('b'), 0)
})

t.test('an answer announcing quota left again opens the store again', async (t) => {
  const quota = createStoreQuota()
  quota.observe('a', 200, { 'x-rate-limit-requests-left': '0', 'x-rate-limit-time-reset-ms': '30000' })
  quota.observe('a', 200, { 'x-rate-limit-requests-left': '150', 'x-rate-limit-time-reset-ms': '30000' })
  t.equal(quota.waitMs('a'), 0)
})

t.test('an answer without the headers neither opens nor closes the store', async (t) => {
  const { now } = clock()
  const quota = createStoreQuota({ now })
  quota.observe('a', 200, {})
  t.equal(quota.waitMs('a'), 0)
  quota.observe('a', 200, { 'x-rate-limit-requests-left': '0', 'x-rate-limit-time-reset-ms': '800' })
  quota.observe('a', 200, {})
  t.equal(quota.waitMs('a'), 800)
})

t.test('headers that are not numbers are ignored', async (t) => {
  const quota = createStoreQuota()
  quota.observe('a', 200, { 'x-rate-limit-requests-left': 'zero', 'x-rate-limit-time-reset-ms': '' })
  t.equal(quota.waitMs('a'), 0)
})
