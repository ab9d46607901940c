/**
 * A server in a process of its own, so the load generator, the bridge and the BigCommerce
 * emulator never share an event loop: `node bench/serve.ts <role> <options JSON>`, forked by
 * processes.ts, answers `{ url }` over IPC once it listens and exits when the parent says `stop`
 * or goes away.
 *   emulator: the BigCommerce sandbox with the benchmark's stores;
 *   bridge:   the real app (buildApp) against that emulator, default logging (info, to /dev/null);
 *   bare:     the floor: a bare Fastify route that verifies the same RS256 token on every request
 *             (the baseline: no memory of verified tokens, which the bridge has) and answers
 *             the same body, nothing else.
 */
import Fastify from 'fastify'
import { buildApp } from '../src/app.js'
import { orderStatusIdsOf, readConfig } from '../src/config.js'
import { createFastAuthenticator, knownAudiences } from '../src/fast/auth.js'
import { buildSandbox } from '../src/sandbox/app.js'
import { loadSeed } from '../src/sandbox/seed.js'
import { staticStoreDirectory } from '../src/stores/store-directory.js'
import { benchStores } from './stores.js'

export interface EmulatorOptions { stores: number }
export interface BridgeOptions {
  stores: number
  emulatorUrl: string
  jwksUrl: string
  dataDir: string
  databaseUrl?: string
  /** 1 turns the replay cache off, so every replay reads the database. */
  cacheBytes?: number
  env?: Record<string, string>
}
export interface BareOptions { jwksUrl: string, fastAppId: string, answer: string }

interface Closable { close: () => Promise<unknown> }

/** The sandbox store with every item in stock stocked for the run: thousands of checkouts order the same two. */
function stockedSeed (): ReturnType<typeof loadSeed> {
  const seed = loadSeed()
  const STOCK = 1_000_000_000
  for (const product of seed.products) {
    if ((product.inventory_level ?? 0) > 0) product.inventory_level = STOCK
    for (const variant of product.variants) if ((variant.inventory_level ?? 0) > 0) variant.inventory_level = STOCK
  }
  return seed
}

async function emulator (options: EmulatorOptions): Promise<{ server: Closable, url: string }> {
  const server = buildSandbox({ logger: false, seed: stockedSeed(), stores: benchStores(options.stores).map(({ hash, accessToken }) => ({ hash, accessToken })) })
  return { server, url: await server.listen({ port: 0, host: '127.0.0.1' }) }
}

async function bridge (options: BridgeOptions): Promise<{ server: Closable, url: string }> {
  const config = readConfig({
    BIGCOMMERCE_API_URL: options.emulatorUrl,
    FAST_JWKS_URL: options.jwksUrl,
    DATA_DIR: options.dataDir,
    ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
    ...options.env
  })
  const orderStatusIds = orderStatusIdsOf(config)
  const environmentStores = staticStoreDirectory(benchStores(options.stores).map(store => ({ ...store, orderStatusIds })))
  const server = await buildApp({
    config,
    environmentStores,
    idempotency: options.cacheBytes === undefined ? {} : { cacheBytes: options.cacheBytes }
  })
  return { server, url: await server.listen({ port: 0, host: '127.0.0.1' }) }
}

async function bare (options: BareOptions): Promise<{ server: Closable, url: string }> {
  const auth = createFastAuthenticator({ jwksUrl: options.jwksUrl, verifiedTokens: { maxEntries: 0 } })
  const audience = knownAudiences([options.fastAppId])
  const server = Fastify({ logger: false })
  server.addHook('onClose', async () => { await auth.close() })
  server.post('/fast/v1/update', async (request, reply) => {
    await auth.authenticate(request.headers.authorization, audience)
    return reply.type('application/json; charset=utf-8').send(options.answer)
  })
  return { server, url: await server.listen({ port: 0, host: '127.0.0.1' }) }
}

const roles = { emulator, bridge, bare } as const
const role = process.argv[2] as keyof typeof roles
const { server, url } = await roles[role](JSON.parse(process.argv[3] ?? '{}'))
const stop = (): void => { server.close().finally(() => process.exit(0)) }
process.on('message', (message) => { if (message === 'stop') stop() })
process.on('disconnect', stop)
process.send?.({ url })
