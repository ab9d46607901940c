/**
 * Sandbox mode: with no BigCommerce credentials, `npm start` runs the BigCommerce emulator next to
 * the bridge, points the bridge at it and registers the sandbox store. Fast's tokens are still
 * verified: the sandbox signs with its own key and serves the JWKS (unless FAST_JWKS_URL is set).
 */
import { buildSandbox, DEFAULT_STORE, type SandboxServer } from './sandbox/app.js'
import { loadOrCreateSandboxSigner, SANDBOX_FAST_APP_ID } from './sandbox/fast-key.js'
import { orderStatusIdsOf, type Config } from './config.js'
import { staticStoreDirectory, type StoreDirectory } from './stores/store-directory.js'

export const SANDBOX_JWKS_PATH = '/v1/oauth2/jwks'

export interface RunningSandbox {
  emulator: SandboxServer
  baseUrl: string
  /** The configuration the bridge runs with: BigCommerce and (unless set) the JWKS point at the emulator. */
  config: Config
  stores: StoreDirectory
  fastAppId: string
}

export async function startSandbox (config: Config, env: Record<string, string | undefined> = process.env): Promise<RunningSandbox> {
  const signer = loadOrCreateSandboxSigner(config.DATA_DIR)
  const emulator = buildSandbox({ logger: false })
  emulator.get(SANDBOX_JWKS_PATH, async () => signer.jwks())
  await emulator.listen({ port: config.SANDBOX_PORT, host: '127.0.0.1' })
  const address = emulator.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : config.SANDBOX_PORT
  const baseUrl = `http://127.0.0.1:${port}`
  const fastAppId = config.FAST_APP_ID ?? SANDBOX_FAST_APP_ID
  const jwksSet = env.FAST_JWKS_URL !== undefined && env.FAST_JWKS_URL !== ''
  return {
    emulator,
    baseUrl,
    fastAppId,
    config: {
      ...config,
      BIGCOMMERCE_API_URL: baseUrl,
      FAST_JWKS_URL: jwksSet ? config.FAST_JWKS_URL : `${baseUrl}${SANDBOX_JWKS_PATH}`,
      FAST_ISSUER: jwksSet ? config.FAST_ISSUER : signer.issuer
    },
    stores: staticStoreDirectory([{
      ...DEFAULT_STORE,
      fastAppId,
      orderStatusIds: orderStatusIdsOf(config)
    }])
  }
}
