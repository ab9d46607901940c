/**
 * The stage of the fault scenarios: one bridge serving stores A and B (test/tenancy/two-stores.ts)
 * against one BigCommerce emulator on a loopback port, real HTTP between them. Every call is
 * recorded as it crossed the emulator: when it arrived (the server's request event), and when and
 * how it was answered (onSend), so a test can check when calls arrived against what earlier answers announced.
 */
import type { IncomingMessage } from 'node:http'
import type { Test } from 'tap'
import { buildSandbox, type FaultConfig, type SandboxServer } from '../../src/sandbox/app.js'
import { templateOf } from '../../src/sandbox/calls.js'
import type { StoreAccount } from '../../src/stores/store-directory.js'
import type { FastAnswer } from '../helpers/fake-bigcommerce-guards.js'
import { buildTwoStoreBridge, STORE_A, STORE_B, type Operation, type TwoStoreBridge } from '../tenancy/two-stores.js'

export { STORE_A, STORE_B }

/** The cheapest read Fast makes: one BigCommerce call (GET /v2/shipping/zones), nothing to set up first. */
export const READ_ZONES = { type: 'ENTITY_TYPE_SHIPPING_ZONES' }
export const ZONES_CALL = 'GET /v2/shipping/zones'

/** One BigCommerce call as the emulator saw it; times are performance.now() of this process. */
export interface Exchange {
  store: string
  /** `METHOD /vN/template`, the emulator's call-counter key; '' until answered. */
  call: string
  arrivedAt: number
  answeredAt?: number
  status?: number
  /** The answer's X-Rate-Limit-* and X-Retry-After headers, lower-cased. */
  limits?: Record<string, string>
}

/** A Fast answer with how long Fast waited for it. */
export interface TimedAnswer extends FastAnswer {
  ms: number
}

export interface FaultStage {
  emulator: SandboxServer
  bridge: TwoStoreBridge
  /** Every call that reached the emulator, in order of arrival. */
  exchanges: Exchange[]
  /** Replaces the emulator's faults and quota (POST /__sandbox/faults). */
  faults(config: FaultConfig): Promise<void>
  /** Calls that reached the emulator for a store (or one of its calls), answered or not. */
  callsTo(store: StoreAccount, call?: string): number
  /** How many of a store's calls the emulator answered with this status. */
  answeredWith(store: StoreAccount, status: number): number
  /** Resolves once the emulator has answered a call matching `test` (one already answered counts). */
  whenAnswered(test: (exchange: Exchange) => boolean): Promise<Exchange>
  /** A Fast call as `store`'s Fast app, timed. */
  fastAs(store: StoreAccount, operation: Operation, body: unknown): Promise<TimedAnswer>
}

export async function buildFaultStage (t: Test, env: Record<string, string> = {}): Promise<FaultStage> {
  const emulator = buildSandbox({ logger: false, stores: [STORE_A, STORE_B].map(({ hash, accessToken }) => ({ hash, accessToken })) })
  const exchanges: Exchange[] = []
  const waiters: Array<{ test: (exchange: Exchange) => boolean, resolve: (exchange: Exchange) => void }> = []

  // Arrival is stamped on the HTTP server's own 'request' event, in the tick the request arrives:
  // the emulator's fault hooks answer in their onRequest hook, before any hook added here would run.
  const byRequest = new WeakMap<object, Exchange>()
  emulator.server.on('request', (raw: IncomingMessage) => {
    const match = /^\/stores\/([^/?]+)/.exec(raw.url ?? '')
    if (match === null) return
    const exchange: Exchange = { store: match[1] as string, call: '', arrivedAt: performance.now() }
    exchanges.push(exchange)
    byRequest.set(raw, exchange)
  })
  emulator.addHook('onSend', async (request, reply, payload) => {
    const exchange = byRequest.get(request.raw)
    if (exchange !== undefined) {
      exchange.call = `${request.method} ${templateOf(request.routeOptions.url ?? request.url)}`
      exchange.answeredAt = performance.now()
      exchange.status = reply.statusCode
      exchange.limits = Object.fromEntries(Object.entries(reply.getHeaders())
        .filter(([name]) => name.startsWith('x-rate-limit-') || name === 'x-retry-after')
        .map(([name, value]) => [name, String(value)]))
      for (const waiter of waiters.splice(0)) {
        if (waiter.test(exchange)) waiter.resolve(exchange)
        else waiters.push(waiter)
      }
    }
    return payload
  })
  const url = await emulator.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await emulator.close() })
  const bridge = await buildTwoStoreBridge(t, url, { env })
  // A fresh bridge's first Fast call fetches Fast's signing keys, opens connections and runs code
  // for the first time (300-500 ms here before its first BigCommerce call): enough to spend a
  // 500 ms deadline before anything the scenario is about (that first read itself may be a 504).
  // Reads on each store until one succeeds, then a clean record.
  for (const store of [STORE_A, STORE_B]) {
    let status = 0
    for (let tries = 0; status !== 200 && tries < 5; tries++) status = (await bridge.fastAs(store.fastAppId, 'read', READ_ZONES)).statusCode
    if (status !== 200) throw new Error(`the warm-up reads for ${store.hash} answered ${status}`)
  }
  exchanges.length = 0

  return {
    emulator,
    bridge,
    exchanges,
    async faults (config) {
      const answer = await emulator.inject({ method: 'POST', url: '/__sandbox/faults', payload: config as Record<string, unknown> })
      if (answer.statusCode !== 200) throw new Error(`the emulator refused the faults: ${answer.body}`)
    },
    callsTo (store, call) {
      return exchanges.filter(exchange => exchange.store === store.hash && (call === undefined || exchange.call === call)).length
    },
    answeredWith (store, status) {
      return exchanges.filter(exchange => exchange.store === store.hash && exchange.status === status).length
    },
    async whenAnswered (test) {
      const done = exchanges.find(exchange => exchange.status !== undefined && test(exchange))
      if (done !== undefined) return done
      return await new Promise(resolve => { waiters.push({ test, resolve }) })
    },
    async fastAs (store, operation, body) {
      const started = performance.now()
      const answer = await bridge.fastAs(store.fastAppId, operation, body)
      return { ...answer, ms: Math.round(performance.now() - started) }
    }
  }
}

/** The ErrorInfo reason of a Fast error body (undefined for a success). */
export function reasonOf (answer: FastAnswer): string | undefined {
  return answer.body?.details?.[0]?.reason
}

/** Retry-After as a number of seconds (NaN when absent). */
export function retryAfterOf (answer: FastAnswer): number {
  return Number(answer.headers['retry-after'])
}

/**
 * What Fast saw, consecutive answers of one status and reason folded, for the `# resilience:` lines:
 * `200 x 5, 503 BIGCOMMERCE_QUOTA_SPENT (Retry-After 2-3) x 5`.
 */
export function summarise (answers: FastAnswer[]): string {
  const runs: Array<{ word: string, retryAfters: number[], count: number }> = []
  for (const answer of answers) {
    const word = [String(answer.statusCode), reasonOf(answer)].filter(part => part !== undefined).join(' ')
    const last = runs[runs.length - 1]
    const run = last !== undefined && last.word === word ? last : runs[runs.push({ word, retryAfters: [], count: 0 }) - 1] as typeof runs[number]
    run.count++
    if (answer.headers['retry-after'] !== undefined) run.retryAfters.push(retryAfterOf(answer))
  }
  return runs.map(({ word, retryAfters, count }) => {
    const low = Math.min(...retryAfters)
    const high = Math.max(...retryAfters)
    const retry = retryAfters.length === 0 ? '' : ` (Retry-After ${low === high ? low : `${low}-${high}`})`
    return `${word}${retry}${count > 1 ? ` x ${count}` : ''}`
  }).join(', ')
}
