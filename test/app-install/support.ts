/**
 * The bridge as a BigCommerce app next to the sandbox: the emulator listens on loopback (its login
 * host redeems install codes, its control panel hands them out), the bridge's install callbacks
 * are called with inject() at APP_URL's paths, and signed payloads are made as BigCommerce makes
 * them, or broken on purpose.
 */
import { createHmac } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { SignJWT } from 'jose'
import type { Test } from 'tap'
import appInstall from '../../src/app-install/plugin.js'
import { buildSandbox, DEFAULT_APP, DEFAULT_STORE, type SandboxServer } from '../../src/sandbox/app.js'
import type { InstalledStore, InstalledStores } from '../../src/stores/installed-stores.js'

export const APP_URL = 'https://bridge.example'
export const CLIENT_ID = DEFAULT_APP.clientId
export const CLIENT_SECRET = DEFAULT_APP.clientSecret
export const STORE_HASH = DEFAULT_STORE.hash
/** A canary: the store's access token must never show in a log or in plain text in the database. */
export const ACCESS_TOKEN = 'canary-access-token-7d41c2e9'

export interface Answer { statusCode: number, headers: Record<string, unknown>, body: string }

export interface InstallRig {
  app: FastifyInstance
  emulator: SandboxServer
  stores: InstalledStores
  /** Presses Install on the sandbox control panel and follows it to the bridge's /auth; with the code it carried. */
  install(): Promise<Answer & { code: string }>
  /** GET one of the bridge's callbacks at APP_URL's path, e.g. call('/load', { signed_payload_jwt }). */
  call(path: string, query: Record<string, string>): Promise<Answer>
}

export interface RigOptions {
  /** The scopes the sandbox grants (default: every one the bridge needs). */
  scope?: string
  logger?: Record<string, unknown>
}

// TODO(merge secrets): the real InstalledStores through buildApp; this fake keeps only what the callbacks use.
function memoryStores (): InstalledStores {
  const stores = new Map<string, InstalledStore & { accessToken: string | null }>()
  return {
    async findByFastAppId () { return undefined },
    async install ({ storeHash, accessToken, scopes }) {
      const now = Date.now()
      stores.set(storeHash, { storeHash, accessToken, scopes, state: 'active', fastAppId: null, orderStatusIds: {} as never, installedAt: now, updatedAt: now })
    },
    async uninstall (storeHash) {
      const store = stores.get(storeHash)
      if (store !== undefined) stores.set(storeHash, { ...store, accessToken: null, scopes: [], state: 'uninstalled' })
    },
    async get (storeHash) { return stores.get(storeHash) },
    async account () { return undefined },
    async saveSettings () { return 'saved' },
    async recentOrders () { return [] },
    async markTokenRefused () {}
  }
}

export async function buildInstallRig (t: Test, options: RigOptions = {}): Promise<InstallRig> {
  const emulator = buildSandbox({ apps: [{ ...DEFAULT_APP, appUrl: APP_URL }], stores: [{ hash: STORE_HASH, accessToken: ACCESS_TOKEN, ...(options.scope === undefined ? {} : { scope: options.scope }) }] })
  const emulatorUrl = await emulator.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await emulator.close() })

  const app = Fastify({ logger: options.logger ?? false })
  const stores = memoryStores()
  app.decorate('stores', stores)
  await app.register(appInstall, { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, appUrl: APP_URL, loginUrl: emulatorUrl })
  await app.ready()
  t.teardown(async () => { await app.close() })

  const inject = async (url: string): Promise<Answer> => {
    const response = await app.inject({ method: 'GET', url })
    return { statusCode: response.statusCode, headers: response.headers, body: response.body }
  }
  return {
    app,
    emulator,
    stores,
    async install () {
      const pressed = await emulator.inject({ method: 'POST', url: '/__sandbox/control-panel/install', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `store=${STORE_HASH}` })
      const auth = new URL(pressed.headers.location as string)
      return { ...await inject(`${auth.pathname}${auth.search}`), code: auth.searchParams.get('code') as string }
    },
    async call (path, query) {
      return await inject(`${path}?${new URLSearchParams(query).toString()}`)
    }
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
