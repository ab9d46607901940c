/**
 * Sandbox mode: with no BigCommerce credentials, `npm start` runs the BigCommerce emulator next to
 * the bridge, points the bridge at it and registers the sandbox store. Fast's tokens are still
 * verified: the sandbox signs with its own key and serves the JWKS (unless FAST_JWKS_URL is set).
 *
 * Unless BIGCOMMERCE_CLIENT_ID is set, the bridge is also the emulator's sandbox app: its install
 * settings are the sandbox app's client id and secret, APP_URL is the bridge's own address and the
 * login host is the emulator, so the emulator's control panel (/__sandbox/control-panel) walks the
 * whole install, open and uninstall locally.
 */
import { buildSandbox, DEFAULT_APP, DEFAULT_STORE, type SandboxServer } from './sandbox/app.js'
import { CONTROL_PANEL_PATH } from './sandbox/routes/control-panel.js'
import { loadOrCreateSandboxSigner, SANDBOX_FAST_APP_ID } from './sandbox/fast-key.js'
import type { Config } from './config.js'
import { localUrl } from './local-url.js'

export const SANDBOX_JWKS_PATH = '/v1/oauth2/jwks'

export interface RunningSandbox {
  emulator: SandboxServer
  baseUrl: string
  /**
   * The configuration the bridge runs with: BigCommerce and (unless set) the JWKS point at the
   * emulator, and the emulator's store is the environment's store, so stores installed through the
   * control panel are served next to it.
   */
  config: Config
  fastAppId: string
  /** The control panel stand-in, when the bridge is the sandbox app (see sandboxAppSettings). */
  controlPanelUrl?: string
}

/**
 * The install settings that make the bridge the emulator's sandbox app, unless the operator set a
 * client id of their own (or PORT is 0, so the bridge's address is not known before it listens).
 */
export function sandboxAppSettings (config: Config, emulatorUrl: string): Pick<Config, 'BIGCOMMERCE_CLIENT_ID' | 'BIGCOMMERCE_CLIENT_SECRET' | 'APP_URL' | 'BIGCOMMERCE_LOGIN_URL'> | undefined {
  if (config.BIGCOMMERCE_CLIENT_ID !== undefined || config.PORT === 0) return undefined
  return {
    BIGCOMMERCE_CLIENT_ID: DEFAULT_APP.clientId,
    BIGCOMMERCE_CLIENT_SECRET: DEFAULT_APP.clientSecret,
    // The browser reaches the bridge on loopback when it listens on every interface.
    APP_URL: localUrl(config.HOST, config.PORT),
    BIGCOMMERCE_LOGIN_URL: emulatorUrl
  }
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
  const app = sandboxAppSettings(config, baseUrl)
  const sandboxApp = emulator.sandbox.apps.find(candidate => candidate.clientId === DEFAULT_APP.clientId)
  if (app !== undefined && sandboxApp !== undefined) sandboxApp.appUrl = app.APP_URL
  return {
    emulator,
    baseUrl,
    fastAppId,
    ...(app === undefined ? {} : { controlPanelUrl: `${baseUrl}${CONTROL_PANEL_PATH}` }),
    config: {
      ...config,
      ...app,
      BIGCOMMERCE_API_URL: baseUrl,
      FAST_JWKS_URL: jwksSet ? config.FAST_JWKS_URL : `${baseUrl}${SANDBOX_JWKS_PATH}`,
      FAST_ISSUER: jwksSet ? config.FAST_ISSUER : signer.issuer,
      BIGCOMMERCE_STORE_HASH: DEFAULT_STORE.hash,
      BIGCOMMERCE_ACCESS_TOKEN: DEFAULT_STORE.accessToken,
      FAST_APP_ID: fastAppId
    }
  }
}
