/**
 * Section 2, fixed rates against BigCommerce at BENCH_LATENCY_MS per call: read, bill_to and the
 * full checkout at each rate, open-loop from the generator's own process, latency from each
 * operation's scheduled start. Reads and bill_tos each get a cart of their own, made before the
 * timed phase (with no latency); a checkout makes its own cart as its first step, and its rate
 * counts Fast calls (nine per checkout), so a checkout starts every 9/rate s. The floor is the
 * operation's BigCommerce calls (measured) × the latency: what it would take with nothing else.
 */
import type { Context } from './context.js'
import { setLatency, totalCalls } from './emulator.js'
import type { RawRequest } from './fast-http.js'
import { billToBody, CHECKOUT_STEPS, readBody } from './journey.js'
import type { LoadInput, LoadOutput } from './load.js'
import { runChild } from './processes.js'
import { latencyOf, medianOfRounds } from './stats.js'

export type RateOperation = 'read' | 'bill_to' | 'checkout'
export interface RatePoint {
  operation: RateOperation
  rate: number
  callsPerOperation: number
  floorMs: number
  p50: number
  p99: number
  p50OverFloor: number
  p99OverFloor: number
  failedShare: number
}
export interface RateResult { latencyMs: number, points: RatePoint[], failures: Record<string, number> }

const OPERATIONS: RateOperation[] = ['read', 'bill_to', 'checkout']

async function work (ctx: Context, bridgeUrl: string, operation: RateOperation, count: number): Promise<LoadInput['work']> {
  if (operation === 'checkout') return { kind: 'checkout', authorizations: ctx.authorizations }
  const carts = await ctx.carts(bridgeUrl, count)
  const requests: RawRequest[] = carts.map(cart => operation === 'read'
    ? { path: '/fast/v1/read', authorization: ctx.authorizations[cart.store], body: JSON.stringify(readBody(cart.cartId)) }
    : { path: '/fast/v1/update', authorization: ctx.authorizations[cart.store], body: JSON.stringify(billToBody(cart.orderId)) })
  return { kind: 'requests', requests }
}

async function once (ctx: Context, bridgeUrl: string, operation: RateOperation, rate: number, failures: Record<string, number>): Promise<Omit<RatePoint, 'operation' | 'rate'>> {
  const perOperation = operation === 'checkout' ? CHECKOUT_STEPS.length : 1
  const operationsPerSecond = rate / perOperation
  const count = Math.max(1, Math.round(operationsPerSecond * ctx.options.rateSeconds))
  const input: LoadInput = {
    url: bridgeUrl,
    connections: ctx.options.openConnections,
    schedule: { rate: operationsPerSecond },
    count,
    work: await work(ctx, bridgeUrl, operation, count),
    drainMs: 30_000
  }
  await setLatency(ctx.emulator.url, ctx.options.latencyMs)
  const before = await totalCalls(ctx.emulator.url)
  let run: LoadOutput
  try {
    run = await runChild<LoadInput, LoadOutput>('./load.ts', input)
  } finally {
    await setLatency(ctx.emulator.url, 0)
  }
  const callsPerOperation = (await totalCalls(ctx.emulator.url) - before) / count
  for (const [kind, n] of Object.entries(run.failures)) failures[`${operation} at ${rate}/s: ${kind}`] = (failures[`${operation} at ${rate}/s: ${kind}`] ?? 0) + n
  const floorMs = callsPerOperation * ctx.options.latencyMs
  const { p50, p99 } = latencyOf(run.latenciesMs)
  return { callsPerOperation, floorMs, p50, p99, p50OverFloor: p50 - floorMs, p99OverFloor: p99 - floorMs, failedShare: run.failed / count }
}

export async function ratesSection (ctx: Context): Promise<RateResult> {
  const bridge = await ctx.bridge('fixed rates (read, bill_to, checkout)')
  const points: RatePoint[] = []
  const failures: Record<string, number> = {}
  try {
    for (const operation of OPERATIONS) {
      for (const rate of ctx.options.rates) {
        const rounds = []
        for (let r = 0; r < ctx.options.rounds; r++) rounds.push(await once(ctx, bridge.url, operation, rate, failures))
        // Latencies: the median round. Failures: every round's, so one bad round is never hidden.
        const failedShare = rounds.reduce((sum, round) => sum + round.failedShare, 0) / rounds.length
        points.push({ operation, rate, ...medianOfRounds(rounds), failedShare })
      }
    }
  } finally {
    await bridge.stop()
  }
  return { latencyMs: ctx.options.latencyMs, points, failures }
}
