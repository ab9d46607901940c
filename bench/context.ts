/**
 * What every section shares: the options (environment variables; BENCH_QUICK=1 makes every
 * section tiny, for CI), Fast's JWKS stand-in (in the runner: the bridge fetches it once), the
 * BigCommerce emulator (its own process), a scratch directory, and tokens for the stores.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Pool } from 'undici'
import { startFastJwksServer, type FastJwksServer } from '../test/helpers/fast-auth.js'
import { createCart, type Send } from './journey.js'
import { inParallel, sendOver } from './fast-http.js'
import { BRIDGE_NODE_FLAGS, startServer, type Server } from './processes.js'
import { summarizeProfiles, type ProfileSummary } from './profile.js'
import { benchStores } from './stores.js'
import type { BridgeOptions } from './serve.js'

const env = process.env
const quick = env.BENCH_QUICK === '1'
const numberOf = (name: string, full: number, tiny: number): number => Number(env[name] ?? (quick ? tiny : full))
const listOf = (name: string, full: string, tiny: string): number[] => (env[name] ?? (quick ? tiny : full)).split(',').map(Number)

export const options = {
  quick,
  /** Sections to run (1-5), default all. */
  sections: (env.BENCH_SECTIONS ?? '1,2,3,4,5').split(',').map(Number),
  /** Rounds of sections 1 and 2 whose median is reported. */
  rounds: numberOf('BENCH_ROUNDS', 3, 1),
  /** Section 1: seconds per closed-loop point, and the connections. */
  seconds: numberOf('BENCH_SECONDS', 4, 0.5),
  connections: listOf('BENCH_CONNECTIONS', '1,16,64', '1,16'),
  /** Section 2: fixed rates (Fast operations/s), seconds at each, BigCommerce latency per call. */
  rates: listOf('BENCH_RATES', '200,500,1000', '20'),
  rateSeconds: numberOf('BENCH_RATE_SECONDS', 3, 1),
  latencyMs: numberOf('BENCH_LATENCY_MS', 50, 50),
  /** Connections the open-loop generator may open to the bridge. */
  openConnections: numberOf('BENCH_OPEN_CONNECTIONS', 512, 64),
  /** Stores the deployment serves (the load is spread over them). */
  stores: numberOf('BENCH_STORES', 32, 4),
  /** Section 4: requests in the soak, the share of them that are new updates, in flight. */
  soakRequests: numberOf('BENCH_SOAK_REQUESTS', 100_000, 1_000),
  soakUpdateShare: numberOf('BENCH_SOAK_UPDATE_SHARE', 0.15, 0.15),
  soakInFlight: numberOf('BENCH_SOAK_IN_FLIGHT', 16, 8),
  /** Section 5: start-ups measured. */
  startups: numberOf('BENCH_STARTUPS', 3, 1),
  /** BENCH_PROFILE=1: CPU profiles of the bridges, summed up in the report (slows them down). */
  profile: env.BENCH_PROFILE === '1'
}
export type Options = typeof options

export class Context {
  readonly options: Options
  readonly jwks: FastJwksServer
  readonly emulator: Server
  readonly dir: string
  readonly stores = benchStores(options.stores)
  readonly authorizations: string[]
  /** With BENCH_PROFILE=1, each bridge's profile once it stopped. */
  readonly profiles: ProfileSummary[] = []
  private bridges = 0

  private constructor (jwks: FastJwksServer, emulator: Server, dir: string) {
    this.options = options
    this.jwks = jwks
    this.emulator = emulator
    this.dir = dir
    // One token per store, valid for the whole run, as Fast reuses a token while it is valid.
    this.authorizations = this.stores.map(store => jwks.bearer(store.fastAppId, { expiresInSeconds: 6 * 3600 }))
  }

  static async open (): Promise<Context> {
    const jwks = await startFastJwksServer()
    const emulator = await startServer('emulator', { stores: options.stores })
    return new Context(jwks, emulator, await mkdtemp(join(tmpdir(), 'fbc-bench-')))
  }

  /** A bridge in its own process against the emulator; a new SQLite directory unless one is given. */
  async bridge (label: string, overrides: Partial<BridgeOptions> = {}): Promise<Server> {
    const n = ++this.bridges
    const profileDir = join(this.dir, `profile-${n}`)
    const server = await startServer('bridge', {
      stores: options.stores,
      emulatorUrl: this.emulator.url,
      jwksUrl: this.jwks.jwksUrl,
      dataDir: join(this.dir, `bridge-${n}`),
      ...overrides
    }, [...BRIDGE_NODE_FLAGS, ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])])
    if (!options.profile) return server
    return {
      ...server,
      stop: async () => {
        await server.stop()
        this.profiles.push(await summarizeProfiles(label, profileDir))
      }
    }
  }

  /** `count` new carts spread over the stores, made before a timed phase. */
  async carts (bridgeUrl: string, count: number): Promise<{ store: number, orderId: string, cartId: string }[]> {
    return await withSend(bridgeUrl, 32, async send => await inParallel(Array.from({ length: count }, (_, i) => i % this.stores.length), 32, async store => ({ store, ...await createCart(send, this.authorizations[store]) })))
  }

  async close (): Promise<void> {
    await this.emulator.stop()
    await this.jwks.close()
    await rm(this.dir, { recursive: true, force: true })
  }
}

/** Fast calls from the runner (preparation, not timed) over a pool that is closed afterwards. */
export async function withSend<T> (url: string, connections: number, work: (send: Send, pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool(url, { connections })
  try {
    return await work(sendOver(pool), pool)
  } finally {
    await pool.close()
  }
}
