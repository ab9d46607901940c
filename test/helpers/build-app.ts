/**
 * Builds the bridge for a test: one store (the seed-000 store `rbozo853xi`), an in-memory SQLite
 * storage, Fast's JWKS on a loopback server, and a `fast(operation, body)` that calls a route the
 * way Fast does (signed bearer token, JSON body). Everything is closed when the test ends.
 */
import { randomBytes } from 'node:crypto'
import type { Test } from 'tap'
import { buildApp, type App, type AppOptions } from '../../src/app.js'
import { readConfig } from '../../src/config.js'
import { createKeyring } from '../../src/secrets/keyring.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import type { Storage } from '../../src/storage/storage.js'
import { startFastJwksServer, type FastJwksServer } from './fast-auth.js'
import { NO_DELAY_SHEDDING } from './test-env.js'

export const STORE_HASH = 'rbozo853xi'
export const ACCESS_TOKEN = 'test-access-token'
export const FAST_APP_ID = 'fast-app-test'

/**
 * One key for every bridge of a test process, as one deployment has one TOKEN_ENCRYPTION_KEY (a
 * restarted bridge opens what the first sealed), and nothing written under DATA_DIR.
 */
export const TEST_KEYRING = createKeyring(randomBytes(32).toString('base64'))

export interface TestBridge {
  app: App
  storage: Storage
  jwks: FastJwksServer
  /** POST /fast/v1/<operation> with a valid Fast token; answers the parsed body and status. */
  fast(operation: 'create' | 'read' | 'update' | 'delete', body: unknown, headers?: Record<string, string>): Promise<{ statusCode: number, headers: Record<string, unknown>, body: any }>
}

export async function buildTestApp (t: Test, options: Partial<AppOptions> & { env?: Record<string, string> } = {}): Promise<TestBridge> {
  const jwks = await startFastJwksServer()
  t.teardown(jwks.close)
  const storage = options.storage ?? openSqliteStorage(':memory:')
  const config = readConfig({
    BIGCOMMERCE_STORE_HASH: STORE_HASH,
    BIGCOMMERCE_ACCESS_TOKEN: ACCESS_TOKEN,
    FAST_APP_ID,
    FAST_JWKS_URL: jwks.jwksUrl,
    LOG_LEVEL: 'silent',
    ...NO_DELAY_SHEDDING,
    ...options.env
  })
  const app = await buildApp({ config, storage, keyring: TEST_KEYRING, logger: false, ...options })
  t.teardown(async () => { await app.close() })
  return {
    app,
    storage,
    jwks,
    async fast (operation, body, headers = {}) {
      const response = await app.inject({
        method: 'POST',
        url: `/fast/v1/${operation}`,
        headers: { authorization: jwks.bearer(FAST_APP_ID), 'content-type': 'application/json', ...headers },
        payload: typeof body === 'string' ? body : JSON.stringify(body)
      })
      return { statusCode: response.statusCode, headers: response.headers, body: response.body === '' ? undefined : response.json() }
    }
  }
}
