/**
 * Load shedding: past a memory or event-loop limit, Fast's calls are refused at once with 503
 * OVERLOADED, Retry-After and Fast's error body, before authentication, the database or BigCommerce
 * do any work; /health keeps answering; limits at 0 shed nothing.
 *
 * under-pressure samples on its own timer (every second), so each test first waits for a sample
 * (nextSample) instead of sleeping; a limit of 1 byte is then past whatever the process uses.
 */
import t, { type Test } from 'tap'
import { OVERLOADED_RETRY_AFTER_S } from '../../src/plugins/load-shedding.js'
import { buildTestApp, type TestBridge } from '../helpers/build-app.js'
import { checkFastError, forbidBigCommerce, throwingStorage } from '../helpers/fake-bigcommerce-guards.js'
import { nextSample } from '../helpers/pressure-sample.js'

const UNKNOWN_ORDER = { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: '00000000-0000-4000-8000-000000000404' } } }
const OPERATIONS = ['create', 'read', 'update', 'delete'] as const

/** Blocks the event loop for `ms` without spinning the CPU: the stall the event-loop limit is for. */
function stallEventLoop (ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

async function shedBridge (t: Test, env: Record<string, string>): Promise<{ bridge: TestBridge, storage: ReturnType<typeof throwingStorage> }> {
  const storage = throwingStorage()
  const bridge = await buildTestApp(t, { storage, env })
  await nextSample(t, bridge.app)
  return { bridge, storage }
}

t.test('past the heap limit every Fast call answers 503 OVERLOADED with Retry-After, and nothing else runs', async (t) => {
  const bc = forbidBigCommerce(t)
  const { bridge, storage } = await shedBridge(t, { LOAD_SHED_HEAP_USED_BYTES: '1' })
  for (const operation of OPERATIONS) {
    const answer = await bridge.fast(operation, { request_id: `shed-${operation}`, ...UNKNOWN_ORDER })
    checkFastError(t, answer, 503, 'OVERLOADED')
    t.equal(answer.body.code, 14, `${operation}: UNAVAILABLE`)
    t.equal(answer.headers['retry-after'], String(OVERLOADED_RETRY_AFTER_S), `${operation}: Retry-After`)
    t.same(answer.body.details[0].metadata, { pressure: 'heapUsedBytes' }, `${operation}: which limit`)
  }
  t.equal(bc.calls(), 0, 'BigCommerce was not called')
  t.same(storage.touched, [], 'the database was not touched')
  t.equal(bridge.jwks.fetchCount(), 0, "Fast's JWKS was not fetched: shed before authentication")
})

t.test('past the RSS limit Fast calls are shed the same way', async (t) => {
  forbidBigCommerce(t)
  const { bridge } = await shedBridge(t, { LOAD_SHED_RSS_BYTES: '1' })
  const answer = await bridge.fast('read', UNKNOWN_ORDER)
  checkFastError(t, answer, 503, 'OVERLOADED')
  t.equal(answer.headers['retry-after'], String(OVERLOADED_RETRY_AFTER_S))
  t.same(answer.body.details[0].metadata, { pressure: 'rssBytes' })
})

t.test('a call without a token is shed too, rather than authenticated first', async (t) => {
  forbidBigCommerce(t)
  const { bridge } = await shedBridge(t, { LOAD_SHED_HEAP_USED_BYTES: '1' })
  const response = await bridge.app.inject({ method: 'POST', url: '/fast/v1/read', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(UNKNOWN_ORDER) })
  checkFastError(t, { statusCode: response.statusCode, headers: response.headers, body: response.json() }, 503, 'OVERLOADED')
})

t.test('GET /health answers 200 while every Fast call is shed', async (t) => {
  forbidBigCommerce(t)
  const { bridge } = await shedBridge(t, { LOAD_SHED_HEAP_USED_BYTES: '1', LOAD_SHED_RSS_BYTES: '1' })
  t.ok(bridge.app.isUnderPressure(), 'the bridge is under pressure')
  t.equal((await bridge.fast('read', UNKNOWN_ORDER)).statusCode, 503, 'a Fast call is shed')
  const response = await bridge.app.inject({ method: 'GET', url: '/health' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ok' })
  t.equal(response.headers['retry-after'], undefined)
  t.equal((await bridge.app.inject({ method: 'HEAD', url: '/health' })).statusCode, 200, 'HEAD /health too')
})

t.test('limits at 0 shed nothing: after a sample, an unknown order still answers 404', async (t) => {
  const bc = forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { env: { LOAD_SHED_EVENT_LOOP_DELAY_MS: '0', LOAD_SHED_HEAP_USED_BYTES: '0', LOAD_SHED_RSS_BYTES: '0' } })
  await nextSample(t, bridge.app)
  t.ok(bridge.app.memoryUsage().heapUsed > 0, 'memory was sampled')
  t.notOk(bridge.app.isUnderPressure())
  const answer = await bridge.fast('read', UNKNOWN_ORDER)
  checkFastError(t, answer, 404, 'ORDER_NOT_FOUND')
  t.equal(bc.calls(), 0)
})

t.test('a stalled event loop sheds Fast calls, which are served again once it catches up', async (t) => {
  forbidBigCommerce(t)
  // Generous both ways: a 1.5 s stall against a 200 ms limit; a loaded machine only adds delay to the stall.
  const bridge = await buildTestApp(t, { env: { LOAD_SHED_EVENT_LOOP_DELAY_MS: '200' } })
  await nextSample(t, bridge.app)
  stallEventLoop(1500)
  await nextSample(t, bridge.app)
  const shed = await bridge.fast('read', UNKNOWN_ORDER)
  checkFastError(t, shed, 503, 'OVERLOADED')
  t.same(shed.body.details[0].metadata, { pressure: 'eventLoopDelay' })
  // An idle loop lags a few milliseconds, far under 200 ms, but a starved machine can lag more: wait
  // for the sample that says so rather than assume the next one does.
  do {
    await nextSample(t, bridge.app)
  } while (bridge.app.isUnderPressure())
  const served = await bridge.fast('read', UNKNOWN_ORDER)
  checkFastError(t, served, 404, 'ORDER_NOT_FOUND')
})
