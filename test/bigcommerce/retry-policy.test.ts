/**
 * Which failed BigCommerce calls are sent again: 429 on any method (BigCommerce executed nothing),
 * 5xx and no answer only on idempotent methods, a POST only when it never left.
 */
import t from 'tap'
import { BigCommerceError, CallNotMadeError } from '../../src/bigcommerce/errors.js'
import { isRepeatable, MAX_ATTEMPTS, retryPolicy } from '../../src/bigcommerce/retry-policy.js'

const CALL = 'GET /v3/carts/{id}'
const status = (code: number): BigCommerceError => new BigCommerceError(CALL, code, 'x')
const transport = (code: string): BigCommerceError => new BigCommerceError(CALL, 0, 'x', { transportCode: code })

t.test('a 429 is sent again on every method', async (t) => {
  for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) t.ok(isRepeatable(method, status(429)), method)
})

t.test('500, 502, 503 and 504 are sent again on GET, PUT and DELETE, never on POST', async (t) => {
  for (const code of [500, 502, 503, 504]) {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) t.ok(isRepeatable(method, status(code)), `${method} ${code}`)
    t.notOk(isRepeatable('POST', status(code)), `POST ${code}`)
  }
})

t.test('501, 505 and every other 4xx are never sent again', async (t) => {
  for (const code of [400, 401, 403, 404, 409, 422, 501, 505]) t.notOk(isRepeatable('GET', status(code)), String(code))
})

t.test('no answer is sent again on idempotent methods; a POST only when the connection was never made', async (t) => {
  t.ok(isRepeatable('GET', transport('ECONNRESET')))
  t.ok(isRepeatable('PUT', transport('UND_ERR_TIMEOUT')))
  t.notOk(isRepeatable('POST', transport('ECONNRESET')), 'a reset after writing may have been executed')
  t.notOk(isRepeatable('POST', transport('UND_ERR_TIMEOUT')), 'a timed-out POST may have been executed')
  t.ok(isRepeatable('POST', transport('ECONNREFUSED')), 'refused: nothing was sent')
  t.ok(isRepeatable('POST', transport('UND_ERR_CONNECT_TIMEOUT')))
})

t.test('a call the bridge held back (deadline, quota, breaker) is never sent again by the policy', async (t) => {
  for (const reason of ['DEADLINE', 'QUOTA_SPENT', 'CIRCUIT_OPEN'] as const) t.notOk(isRepeatable('GET', new CallNotMadeError(CALL, reason)), reason)
})

t.test(`a call is tried at most ${MAX_ATTEMPTS} times`, async (t) => {
  let attempts = 0
  const policy = retryPolicy('GET', { deadline: Number.POSITIVE_INFINITY, now: () => 0, random: () => 0 })
  await t.rejects(policy.execute(async () => { attempts++; throw status(503) }), { name: 'BigCommerceError', status: 503 })
  t.equal(attempts, MAX_ATTEMPTS)
})

t.test('no retry is started when its backoff would end past the deadline: the last failure stands', async (t) => {
  let attempts = 0
  const policy = retryPolicy('GET', { deadline: 1_050, now: () => 1_000, random: () => 0.99 })
  await t.rejects(policy.execute(async () => { attempts++; throw status(502) }), { name: 'BigCommerceError', status: 502 })
  t.equal(attempts, 1)
})

t.test('after a 429 the retry itself waits nothing: the store\'s quota holds the wait', async (t) => {
  let attempts = 0
  const policy = retryPolicy('POST', { deadline: 1_001, now: () => 1_000, random: () => 0.99 })
  const answer = await policy.execute(async () => {
    attempts++
    if (attempts === 1) throw status(429)
    return 'made'
  })
  t.equal(answer, 'made')
  t.equal(attempts, 2)
})
