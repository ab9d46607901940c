/**
 * The client's guards around every call, against a loopback fake BigCommerce: each store's quota,
 * each store's circuit breaker, and the caller's deadline.
 */
import t, { type Test } from 'tap'
import { createBigCommerceClient, CUT_AT_DEADLINE, type BigCommerceClientOptions, type CallNotMadeError } from '../../src/bigcommerce/client.js'
import { startFakeBigCommerce, type FakeBigCommerce, type FakeReply } from '../helpers/fake-bigcommerce.js'

const A = { hash: 'storea', accessToken: 'token-a' }
const B = { hash: 'storeb', accessToken: 'token-b' }

async function setup (t: Test, options: Partial<BigCommerceClientOptions> = {}): Promise<{ bc: FakeBigCommerce, client: ReturnType<typeof createBigCommerceClient> }> {
  const bc = await startFakeBigCommerce(t)
  const client = createBigCommerceClient({ apiUrl: bc.url, userAgent: 'test', ...options })
  t.teardown(async () => { await client.close() })
  return { bc, client }
}

/** A reply the test sends when it chooses: no timing decides when BigCommerce answers. */
function held (): { reply: Promise<FakeReply>, release: (reply: FakeReply) => void } {
  let release!: (reply: FakeReply) => void
  const reply = new Promise<FakeReply>(resolve => { release = resolve })
  return { reply, release }
}

const spent = (resetMs: number): FakeReply => ({ status: 200, headers: { 'x-rate-limit-requests-left': '0', 'x-rate-limit-time-reset-ms': String(resetMs) }, body: {} })
const ok: FakeReply = { status: 200, headers: { 'x-rate-limit-requests-left': '100', 'x-rate-limit-time-reset-ms': '20000' }, body: {} }
const store = (hash: string): string => `/stores/${hash}/`

t.test('once BigCommerce says a store has nothing left, its next call waits for the reset when the reset fits the deadline', async (t) => {
  const { bc, client } = await setup(t)
  const arrivals: number[] = []
  bc.handle(() => { arrivals.push(Date.now()); return ok })
  bc.queue(spent(300))
  await client.call(A, 'GET', '/v2/store', { deadline: Date.now() + 5_000 })
  const answered = Date.now()
  await client.call(A, 'GET', '/v2/store', { deadline: Date.now() + 5_000 })
  t.equal(bc.calls(), 2)
  // Timers may fire a millisecond or so early against Date.now(); the wait itself is 300 ms.
  t.ok(arrivals[0] - answered >= 280, `the second call arrived ${arrivals[0] - answered} ms after the first answer, not before the reset`)
})

t.test('a store whose quota is spent past the deadline is not called at all: the call ends QUOTA_SPENT at once', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue(spent(30_000))
  await client.call(A, 'GET', '/v2/store')
  const err = await client.call(A, 'GET', '/v2/store', { deadline: Date.now() + 1_000 }).catch((e: unknown) => e) as CallNotMadeError
  t.match(err, { name: 'CallNotMadeError', reason: 'QUOTA_SPENT' })
  t.ok(err.retryAfterMs! > 25_000, 'it says when the quota comes back')
  t.equal(bc.calls(), 1)
})

t.test('one store\'s spent quota does not delay another store', async (t) => {
  const { bc, client } = await setup(t)
  bc.queue(spent(30_000))
  bc.handle(() => ok)
  await client.call(A, 'GET', '/v2/store')
  await client.call(B, 'GET', '/v2/store', { deadline: Date.now() + 1_000 })
  t.same(bc.requests.map(r => r.url.slice(0, 15)), [store(A.hash), store(B.hash)].map(s => s.slice(0, 15)))
})

t.test('after the configured failures in a row a store\'s breaker opens: its calls fail at once with CIRCUIT_OPEN and reach nothing', async (t) => {
  const { bc, client } = await setup(t, { breakerFailures: 2, breakerCooldownMs: 60_000, maxAttempts: 1 })
  bc.handle(() => ({ status: 500 }))
  await t.rejects(client.call(A, 'GET', '/v2/store'), { name: 'BigCommerceError', status: 500 })
  await t.rejects(client.call(A, 'GET', '/v2/store'), { name: 'BigCommerceError', status: 500 })
  const err = await client.call(A, 'GET', '/v2/store').catch((e: unknown) => e) as CallNotMadeError
  t.match(err, { name: 'CallNotMadeError', reason: 'CIRCUIT_OPEN' })
  t.ok(err.retryAfterMs! > 50_000, 'it says when a trial call may go')
  t.equal(bc.calls(), 2)
})

t.test('an open breaker on one store leaves another store\'s calls untouched', async (t) => {
  const { bc, client } = await setup(t, { breakerFailures: 1, breakerCooldownMs: 60_000, maxAttempts: 1 })
  bc.handle(request => request.url.startsWith(store(A.hash)) ? { status: 503 } : ok)
  await t.rejects(client.call(A, 'GET', '/v2/store'))
  await t.rejects(client.call(A, 'GET', '/v2/store'), { name: 'CallNotMadeError' })
  const answer = await client.call(B, 'GET', '/v2/store')
  t.equal(answer.status, 200)
})

t.test('429s and other refusals never open the breaker', async (t) => {
  const { bc, client } = await setup(t, { breakerFailures: 1, breakerCooldownMs: 60_000, maxAttempts: 1 })
  bc.queue({ status: 429 }, { status: 404 }, { status: 422 })
  bc.handle(() => ok)
  await t.rejects(client.call(A, 'GET', '/v2/store'), { name: 'BigCommerceError', status: 429 })
  // The 429 closed the store for a jittered moment (no headers): wait for it through the call itself.
  await t.rejects(client.call(A, 'GET', '/v2/store', { deadline: Date.now() + 5_000 }), { name: 'BigCommerceError', status: 404 })
  await t.rejects(client.call(A, 'GET', '/v2/store', { deadline: Date.now() + 5_000 }), { name: 'BigCommerceError', status: 422 })
  t.equal((await client.call(A, 'GET', '/v2/store', { deadline: Date.now() + 5_000 })).status, 200)
  t.equal(bc.calls(), 4)
})

t.test('after the cooldown one trial call goes through, and its success closes the breaker', async (t) => {
  const { bc, client } = await setup(t, { breakerFailures: 1, breakerCooldownMs: 1, maxAttempts: 1 })
  bc.queue({ status: 500 })
  bc.handle(() => ok)
  await t.rejects(client.call(A, 'GET', '/v2/store'), { name: 'BigCommerceError', status: 500 })
  // Waiting longer than the 1 ms cooldown cannot change the outcome, only delay it.
  await new Promise(resolve => setTimeout(resolve, 20))
  t.equal((await client.call(A, 'GET', '/v2/store')).status, 200, 'the trial call')
  t.equal((await client.call(A, 'GET', '/v2/store')).status, 200, 'closed again')
  t.equal(bc.calls(), 3)
})

t.test('a read in flight when the deadline passes is aborted, and nothing is left running', async (t) => {
  const { bc, client } = await setup(t)
  bc.handle(() => 'hang')
  const deadline = new AbortController()
  const read = client.call(A, 'GET', '/v2/store', { signal: deadline.signal, deadline: Date.now() + 60_000 })
  await waitFor(() => bc.calls() === 1)
  t.equal(client.inFlight(), 1)
  deadline.abort()
  await t.rejects(read, { name: 'BigCommerceError', status: 0, transportCode: CUT_AT_DEADLINE })
  t.equal(client.inFlight(), 0)
  t.equal(bc.calls(), 1, 'and not sent again')
})

t.test('a POST already sent when the deadline passes is not abandoned: its answer still comes back', async (t) => {
  const { bc, client } = await setup(t)
  const answer = held()
  bc.handle(async () => await answer.reply)
  const deadline = new AbortController()
  const post = client.call<{ data: string }>(A, 'POST', '/v3/carts', { body: {}, signal: deadline.signal, deadline: Date.now() + 60_000 })
  await waitFor(() => bc.calls() === 1)
  deadline.abort()
  answer.release({ status: 200, body: { data: 'the cart' } })
  t.same((await post).body, { data: 'the cart' })
})

t.test('no call starts once the deadline has passed', async (t) => {
  const { bc, client } = await setup(t)
  const deadline = new AbortController()
  deadline.abort()
  await t.rejects(client.call(A, 'POST', '/v3/carts', { body: {}, signal: deadline.signal, deadline: Date.now() + 60_000 }), { name: 'CallNotMadeError', reason: 'DEADLINE' })
  t.equal(bc.calls(), 0)
})

t.test('a call still waiting for one of its store\'s slots when the deadline passes is never sent', async (t) => {
  const { bc, client } = await setup(t, { callsPerStore: 1 })
  const first = held()
  bc.handle(async () => await first.reply)
  const running = client.call(A, 'GET', '/v2/store')
  await waitFor(() => bc.calls() === 1)
  const deadline = new AbortController()
  const waiting = client.call(A, 'POST', '/v3/carts', { body: {}, signal: deadline.signal, deadline: Date.now() + 60_000 })
  deadline.abort()
  await t.rejects(waiting, { name: 'CallNotMadeError', reason: 'DEADLINE' })
  first.release(ok)
  await running
  t.equal(bc.calls(), 1)
})

t.test('reads cut off by their caller\'s deadline never open the store\'s breaker: the caller ran out of time, not BigCommerce', async (t) => {
  const { bc, client } = await setup(t, { breakerFailures: 1, breakerCooldownMs: 60_000 })
  bc.handle(() => 'hang')
  for (let i = 0; i < 3; i++) {
    const deadline = new AbortController()
    const read = client.call(A, 'GET', '/v2/store', { signal: deadline.signal, deadline: Date.now() + 60_000 })
    await waitFor(() => bc.calls() === i + 1)
    deadline.abort()
    await t.rejects(read, { name: 'BigCommerceError', transportCode: CUT_AT_DEADLINE })
  }
  bc.handle(() => ok)
  t.equal((await client.call(A, 'GET', '/v2/store')).status, 200, 'the store is still called')
})

t.test('calls waiting in a store\'s line do not go out once a call ahead met a 429: they wait for the reset', async (t) => {
  const { bc, client } = await setup(t, { callsPerStore: 1 })
  const first = held()
  const arrivals: number[] = []
  bc.handle(async () => { arrivals.push(Date.now()); return arrivals.length === 1 ? await first.reply : ok })
  const calls = [1, 2, 3].map(async () => await client.call(A, 'GET', '/v2/store', { deadline: Date.now() + 10_000 }))
  await waitFor(() => bc.calls() === 1)
  first.release({ status: 429, headers: { 'x-rate-limit-time-reset-ms': '300', 'x-rate-limit-requests-left': '0' } })
  const answered = Date.now()
  const answers = await Promise.all(calls)
  t.same(answers.map(a => a.status), [200, 200, 200])
  t.equal(bc.calls(), 4, 'the refused call again, and the two that waited in line')
  // Timers may fire a millisecond or so early against Date.now(); the reset itself is 300 ms.
  t.ok(arrivals.slice(1).every(at => at - answered >= 280), `after the 429 every call waited for the reset (${arrivals.slice(1).map(at => at - answered).join(', ')} ms)`)
})

t.test('while a store\'s trial call is out, its other calls fail at once instead of waiting for it', async (t) => {
  const { bc, client } = await setup(t, { breakerFailures: 1, breakerCooldownMs: 1, maxAttempts: 1 })
  bc.queue({ status: 500 })
  await t.rejects(client.call(A, 'GET', '/v2/store'), { name: 'BigCommerceError', status: 500 })
  // Waiting longer than the 1 ms cooldown cannot change the outcome, only delay it.
  await new Promise(resolve => setTimeout(resolve, 20))
  const trialAnswer = held()
  bc.handle(async () => await trialAnswer.reply)
  const trial = client.call(A, 'GET', '/v2/store')
  await waitFor(() => bc.calls() === 2)
  await t.rejects(client.call(A, 'GET', '/v2/store'), { name: 'CallNotMadeError', reason: 'CIRCUIT_OPEN' })
  trialAnswer.release(ok)
  t.equal((await trial).status, 200)
  t.equal(bc.calls(), 2)
})

/** Resolves once `done()` holds, checking after each turn of the event loop (no fixed sleep). */
async function waitFor (done: () => boolean): Promise<void> {
  while (!done()) await new Promise(resolve => setImmediate(resolve))
}
