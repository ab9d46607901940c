/**
 * The bridge against the BigCommerce emulator, both in this process on ephemeral loopback ports:
 * real HTTP between them, the emulator's state and call counters at hand, Fast's JWKS on a
 * loopback server. For end-to-end tests; fixture tests use build-app.ts instead.
 */
import type { Test } from 'tap'
import { buildSandbox, DEFAULT_STORE, type SandboxServer } from '../../src/sandbox/app.js'
import { MAX_ATTEMPTS } from '../../src/bigcommerce/retry-policy.js'
import { buildTestApp, type TestBridge } from './build-app.js'

/** One HTTP exchange between the bridge and the emulator, as it crossed the wire. */
/**
 * Faults that make the conversion's order look-up fail for good: it lists the cart's orders twice
 * (all of them, and the Incomplete ones), and the client tries each read MAX_ATTEMPTS times.
 * With the lost order POST that is 7 failures in a row, which opens the store's circuit breaker:
 * tests of what the conversion does next set it out of the way with LOOKUP_FAILURES_ENV.
 */
export const LOOKUP_ATTEMPTS = 2 * MAX_ATTEMPTS
export const LOOKUP_FAILURES_ENV = { BIGCOMMERCE_BREAKER_FAILURES: String(LOOKUP_ATTEMPTS + 10) }

export interface Exchange {
  method: string
  path: string
  request: unknown
  status: number
  response: unknown
}

export interface SandboxBridge extends TestBridge {
  emulator: SandboxServer
  emulatorUrl: string
  /** Every exchange so far, oldest first. */
  exchanges: Exchange[]
  /** BigCommerce calls the bridge made so far, keyed `METHOD /v3/path/{template}`. */
  calls(): Record<string, number>
  /** Total BigCommerce calls made while `work` ran. */
  countCalls<T>(work: () => Promise<T>): Promise<{ result: T, calls: number, byCall: Record<string, number> }>
}

export async function buildSandboxBridge (t: Test, options: Parameters<typeof buildTestApp>[1] = {}): Promise<SandboxBridge> {
  const emulator = buildSandbox({ logger: false })
  const exchanges: Exchange[] = []
  emulator.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/stores/')) {
      const text = typeof payload === 'string' ? payload : ''
      exchanges.push({ method: request.method, path: request.url, request: request.body, status: reply.statusCode, response: text === '' ? undefined : JSON.parse(text) })
    }
    return payload
  })
  const emulatorUrl = await emulator.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await emulator.close() })
  const bridge = await buildTestApp(t, {
    ...options,
    env: { BIGCOMMERCE_API_URL: emulatorUrl, BIGCOMMERCE_STORE_HASH: DEFAULT_STORE.hash, BIGCOMMERCE_ACCESS_TOKEN: DEFAULT_STORE.accessToken, ...options.env }
  })
  const calls = (): Record<string, number> => ({ ...(emulator.sandbox.calls.snapshot().stores[DEFAULT_STORE.hash] ?? {}) })
  return {
    ...bridge,
    emulator,
    emulatorUrl,
    exchanges,
    calls,
    async countCalls (work) {
      const before = calls()
      const result = await work()
      const after = calls()
      const byCall: Record<string, number> = {}
      for (const [key, n] of Object.entries(after)) {
        if (n > (before[key] ?? 0)) byCall[key] = n - (before[key] ?? 0)
      }
      return { result, calls: Object.values(byCall).reduce((sum, n) => sum + n, 0), byCall }
    }
  }
}
