/**
 * The bridge as a BigCommerce app next to the sandbox: the emulator listens on loopback (its login
 * host redeems install codes, its control panel hands them out, its store API serves Fast's calls),
 * the bridge is buildApp with the install settings pointing at it, the real installed stores, and
 * SQLite in a file of the test's own folder. Callbacks are called with inject() at APP_URL's paths;
 * signed payloads are made as BigCommerce makes them, or broken on purpose.
 */
import { createHmac } from 'node:crypto'
import { join } from 'node:path'
import { SignJWT } from 'jose'
import type { Test } from 'tap'
import type { App } from '../../src/app.js'
import { buildSandbox, DEFAULT_APP, DEFAULT_STORE, type SandboxServer } from '../../src/sandbox/app.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import type { Storage } from '../../src/storage/storage.js'
import type { InstalledStores } from '../../src/stores/installed-stores.js'
import { buildTestApp } from '../helpers/build-app.js'

export const APP_URL = 'https://bridge.example'
export const CLIENT_ID = DEFAULT_APP.clientId
export const CLIENT_SECRET = DEFAULT_APP.clientSecret
export const STORE_HASH = DEFAULT_STORE.hash
/** A canary: the store's access token must never show in a log or in plain text in the database. */
export const ACCESS_TOKEN = 'canary-access-token-7d41c2e9'

export interface Answer { statusCode: number, headers: Record<string, unknown>, body: string }

export interface InstallRig {
  app: App
  emulator: SandboxServer
  stores: InstalledStores
  storage: Storage
  /** The folder holding the bridge's SQLite files. */
  dataDir: string
  /** Presses Install on the sandbox control panel and follows it to the bridge's /auth; with the code it carried. */
  install(): Promise<Answer & { code: string }>
  /** GET one of the bridge's callbacks at APP_URL's path, e.g. call('/load', { signed_payload_jwt }). */
  call(path: string, query: Record<string, string>): Promise<Answer>
  /** POST /fast/v1/<operation> with a Fast token for this Fast App ID (a new one unless `authorization` is given). */
  fast(fastAppId: string, operation: 'create' | 'read' | 'update' | 'delete', body: unknown, authorization?: string): Promise<{ statusCode: number, body: any }>
  /** `Bearer <jwt>` signed by Fast for this Fast App ID. */
  bearer(fastAppId: string): string
}

export interface RigOptions {
  /** The scopes the sandbox grants (default: every one the bridge needs). */
  scope?: string
  logger?: Record<string, unknown>
}

export async function buildInstallRig (t: Test, options: RigOptions = {}): Promise<InstallRig> {
  const emulator = buildSandbox({ apps: [{ ...DEFAULT_APP, appUrl: APP_URL }], stores: [{ hash: STORE_HASH, accessToken: ACCESS_TOKEN, ...(options.scope === undefined ? {} : { scope: options.scope }) }] })
  const emulatorUrl = await emulator.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await emulator.close() })

  const dataDir = t.testdir()
  const storage = openSqliteStorage(join(dataDir, 'bridge.db'))
  const bridge = await buildTestApp(t, {
    storage,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    env: { BIGCOMMERCE_API_URL: emulatorUrl, BIGCOMMERCE_CLIENT_ID: CLIENT_ID, BIGCOMMERCE_CLIENT_SECRET: CLIENT_SECRET, APP_URL, BIGCOMMERCE_LOGIN_URL: emulatorUrl }
  })
  const { app } = bridge

  const inject = async (url: string): Promise<Answer> => {
    const response = await app.inject({ method: 'GET', url })
    return { statusCode: response.statusCode, headers: response.headers, body: response.body }
  }
  return {
    app,
    emulator,
    stores: app.stores,
    storage,
    dataDir,
    async install () {
      const pressed = await emulator.inject({ method: 'POST', url: '/__sandbox/control-panel/install', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `store=${STORE_HASH}` })
      const auth = new URL(pressed.headers.location as string)
      return { ...await inject(`${auth.pathname}${auth.search}`), code: auth.searchParams.get('code') as string }
    },
    async call (path, query) {
      return await inject(`${path}?${new URLSearchParams(query).toString()}`)
    },
    async fast (fastAppId, operation, body, authorization = bridge.jwks.bearer(fastAppId)) {
      const response = await bridge.fast(operation, body, { authorization })
      return { statusCode: response.statusCode, body: response.body }
    },
    bearer: (fastAppId) => bridge.jwks.bearer(fastAppId)
  }
}
export interface PayloadOptions {
  secret?: string
  alg?: 'HS256' | 'HS512'
  aud?: string
  iss?: string
  sub?: string
  /** Seconds from now the token was issued (negative: in the past). */
  issuedIn?: number
  user?: unknown
}

/** A signed_payload_jwt as BigCommerce signs it, with any claim overridden. */
export async function signedPayload (options: PayloadOptions = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000) + (options.issuedIn ?? 0)
  return await new SignJWT({ user: options.user ?? { id: 7, email: 'owner@store.example', locale: 'en-US' }, owner: { id: 7, email: 'owner@store.example' }, url: '/', channel_id: 1 })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setIssuer(options.iss ?? 'bc')
    .setAudience(options.aud ?? CLIENT_ID)
    .setSubject(options.sub ?? `stores/${STORE_HASH}`)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + 24 * 60 * 60)
    .setJti('6f1c5a7e-1d0a-4c55-9b59-2b0f7c1a0f11')
    .sign(new TextEncoder().encode(options.secret ?? CLIENT_SECRET))
}

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A token whose header claims `alg`, its signature an HMAC-SHA256 with our secret (or none for `none`). */
export function tokenWithHeaderAlg (alg: string, claims: Record<string, unknown>): string {
  const input = `${base64url({ alg, typ: 'JWT' })}.${base64url(claims)}`
  if (alg === 'none') return `${input}.`
  return `${input}.${createHmac('sha256', CLIENT_SECRET).update(input).digest('base64url')}`
}

export function validClaims (): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000)
  return { aud: CLIENT_ID, iss: 'bc', iat: now, nbf: now, exp: now + 86_400, sub: `stores/${STORE_HASH}`, user: { id: 7, email: 'owner@store.example' } }
}
