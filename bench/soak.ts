/**
 * Section 4, memory under a soak: BENCH_SOAK_REQUESTS Fast calls to one bridge, closed-loop, most
 * of them replays of many distinct earlier request_ids (so the replay cache fills and evicts),
 * the rest (BENCH_SOAK_UPDATE_SHARE) new bill_to updates that run against the emulator (no
 * latency). The bridge's RSS is sampled from /proc during the soak and again after it.
 */
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Context } from './context.js'
import type { RawRequest } from './fast-http.js'
import { billToBody } from './journey.js'
import type { LoadInput, LoadOutput } from './load.js'
import { runChild } from './processes.js'
import { latencyOf } from './stats.js'

export interface SoakResult {
  requests: number
  updates: number
  rps: number
  p50: number
  p99: number
  failed: number
  failures: Record<string, number>
  rssStartMb: number
  rssPeakMb: number
  rssEndMb: number
  rssAfterMb: number
  /** The bridge's SQLite files after the soak ÷ updates answered (the files also hold the carts' records). */
  diskBytesPerAnswer: number
}

const CARTS = 256
/** The first updates, before any replay, and how far back a replay reaches at least (so it was answered). */
const LEAD = 64
const SETTLE_MS = 5_000

/** The soak's requests: updates (request i is update i) and the order they are sent in. */
function plan (ctx: Context, carts: { store: number, orderId: string }[]): { requests: RawRequest[], sequence: number[] } {
  const { soakRequests: total, soakUpdateShare: share } = ctx.options
  const every = Math.max(1, Math.round(1 / share))
  const requests: RawRequest[] = []
  const sequence: number[] = []
  for (let i = 0; i < total; i++) {
    if (requests.length < LEAD || i % every === 0) {
      const cart = carts[requests.length % carts.length]
      sequence.push(requests.length)
      requests.push({ path: '/fast/v1/update', authorization: ctx.authorizations[cart.store], body: JSON.stringify(billToBody(cart.orderId)) })
    } else {
      sequence.push(Math.floor(Math.random() * (requests.length - LEAD / 2)))
    }
  }
  return { requests, sequence }
}

async function directoryBytes (dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const sizes = await Promise.all(entries.filter(e => e.isFile()).map(async e => (await stat(join(e.parentPath, e.name))).size))
  return sizes.reduce((sum, n) => sum + n, 0)
}

const mb = (bytes: number): number => bytes / 2 ** 20

export async function soakSection (ctx: Context): Promise<SoakResult> {
  const dataDir = join(ctx.dir, 'soak')
  const bridge = await ctx.bridge('soak', { dataDir })
  try {
    const { requests, sequence } = plan(ctx, await ctx.carts(bridge.url, CARTS))
    const rssStart = bridge.rssBytes()
    let rssPeak = rssStart
    const sampler = setInterval(() => { rssPeak = Math.max(rssPeak, bridge.rssBytes()) }, 250)
    let run: LoadOutput
    try {
      run = await runChild<LoadInput, LoadOutput>('./load.ts', {
        url: bridge.url, connections: ctx.options.soakInFlight, schedule: { inFlight: ctx.options.soakInFlight }, count: sequence.length, work: { kind: 'requests', requests, sequence }, drainMs: 0
      })
    } finally {
      clearInterval(sampler)
    }
    const rssEnd = bridge.rssBytes()
    rssPeak = Math.max(rssPeak, rssEnd)
    // Idle, as between bursts: what the bridge keeps once the load is gone.
    await new Promise(resolve => setTimeout(resolve, ctx.options.quick ? 200 : SETTLE_MS))
    return {
      requests: sequence.length,
      updates: requests.length,
      rps: run.ok / run.seconds,
      ...latencyOf(run.latenciesMs),
      failed: run.failed,
      failures: run.failures,
      rssStartMb: mb(rssStart),
      rssPeakMb: mb(rssPeak),
      rssEndMb: mb(rssEnd),
      rssAfterMb: mb(bridge.rssBytes()),
      diskBytesPerAnswer: await directoryBytes(dataDir) / requests.length
    }
  } finally {
    await bridge.stop()
  }
}
