/**
 * The settings page on its own: the plugin on a bare Fastify with stand-ins for what it uses (the
 * installed stores, BigCommerce's client, Fast's key check), a stand-in for /load that opens the
 * page for a session as the install callbacks do after verifying BigCommerce's JWT, and helpers to
 * read the page and send its form back. Logs go to memory, to be searched for secrets.
 */
import { Writable } from 'node:stream'
import Fastify, { type FastifyInstance } from 'fastify'
import type { Test } from 'tap'
import { BigCommerceError, type BigCommerceClient, type StoreCredentials } from '../../src/bigcommerce/client.js'
import { DEFAULT_ORDER_STATUS_IDS, type OrderStatusIds } from '../../src/bigcommerce/order-statuses.js'
import settingsPage from '../../src/app-install/settings/index.js'
import { REQUIRED_SCOPES } from '../../src/app-install/scopes.js'
import type { RecentOrder } from '../../src/storage/storage.js'
import type { InstalledStore, InstalledStores } from '../../src/stores/installed-stores.js'

export const APP_URL = 'https://fast-bridge.example'
export const CLIENT_SECRET = 'settings-test-client-secret'
export const STORE = 'abc123'
export const OTHER_STORE = 'xyz789'
export const ALL_SCOPES = REQUIRED_SCOPES.map(scope => scope.anyOf[0] as string)

export interface FakeStores extends InstalledStores {
  records: Map<string, InstalledStore>
  orders: Map<string, RecentOrder[]>
  failRecentOrders: boolean
}

export function installedStore (storeHash: string, overrides: Partial<InstalledStore> = {}): InstalledStore {
  return { storeHash, state: 'active', scopes: ALL_SCOPES, fastAppId: null, orderStatusIds: DEFAULT_ORDER_STATUS_IDS, installedAt: 0, updatedAt: 0, ...overrides }
}

/** InstalledStores in memory, with the one rule the page relies on: an App ID belongs to one store. */
export function fakeStores (stores: InstalledStore[]): FakeStores {
  const records = new Map(stores.map(store => [store.storeHash, store]))
  const fake: FakeStores = {
    records,
    orders: new Map(),
    failRecentOrders: false,
    async findByFastAppId () { return undefined },
    async install () { throw new Error('not used by the settings page') },
    async uninstall () { throw new Error('not used by the settings page') },
    onUninstall () {},
    async markTokenRefused () { throw new Error('not used by the settings page') },
    async get (storeHash) { return records.get(storeHash) },
    async account (storeHash) {
      const store = records.get(storeHash)
      return store?.state === 'active' ? { hash: storeHash, accessToken: `token-of-${storeHash}`, fastAppId: store.fastAppId ?? '' } : undefined
    },
    async saveSettings (storeHash, settings) {
      const store = records.get(storeHash)
      if (store === undefined || store.state === 'uninstalled') return 'not_installed'
      if ([...records.values()].some(other => other.storeHash !== storeHash && other.fastAppId !== null && other.fastAppId === settings.fastAppId)) return 'app_id_taken'
      records.set(storeHash, { ...store, fastAppId: settings.fastAppId, orderStatusIds: { ...DEFAULT_ORDER_STATUS_IDS, ...settings.orderStatusIds } })
      return 'saved'
    },
    async recentOrders (storeHash, limit) {
      if (fake.failRecentOrders) throw new Error('database unavailable')
      return (fake.orders.get(storeHash) ?? []).slice(0, limit)
    }
  }
  return fake
}

export interface FakeBigCommerce extends BigCommerceClient {
  /** What GET /v2/store does next: answer this store name, or throw this error. */
  answer: { name: string } | BigCommerceError
  calls: Array<{ store: StoreCredentials, method: string, template: string }>
}

export function fakeBigCommerce (): FakeBigCommerce {
  const fake: FakeBigCommerce = {
    answer: { name: 'Plant Shop' },
    calls: [],
    async call<T> (store: StoreCredentials, method: string, template: string) {
      fake.calls.push({ store, method, template })
      if (fake.answer instanceof BigCommerceError) throw fake.answer
      return { status: 200, body: fake.answer as T }
    },
    inFlight: () => 0,
    async close () {}
  }
  return fake
}

export interface Harness {
  app: FastifyInstance
  stores: FakeStores
  bigcommerce: FakeBigCommerce
  fastKeys: { result: { ok: true, keys: number } | { ok: false, reason: string } }
  /** The page /load answers for this store and user. */
  open (storeHash?: string, userId?: number): Promise<{ statusCode: number, body: string, headers: Record<string, unknown> }>
  /** POST the form to where the page posts it, from the page's own origin unless `headers` say otherwise. */
  submit (fields: Record<string, string>, headers?: Record<string, string>): Promise<{ statusCode: number, body: string }>
  /** Every log line so far, as text. */
  logs (): string
  /** Moves the clock forward. */
  advance (ms: number): void
}

export async function buildHarness (t: Test, stores: InstalledStore[] = [installedStore(STORE), installedStore(OTHER_STORE, { fastAppId: 'app-of-other-store' })], options: { appUrl?: string } = {}): Promise<Harness> {
  const chunks: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { chunks.push(chunk.toString('utf8')); done() } })
  let clock = Date.UTC(2026, 11, 1, 8, 0, 0)
  const app = Fastify({ logger: { level: 'trace', stream } })
  const fake = fakeStores(stores)
  const bigcommerce = fakeBigCommerce()
  const fastKeys: Harness['fastKeys'] = { result: { ok: true, keys: 2 } }
  app.decorate('stores', fake)
  app.decorate('bigcommerce', { client: bigcommerce, geography: undefined as never })
  app.decorate('checkFastKeys', async () => fastKeys.result)
  const appUrl = options.appUrl ?? APP_URL
  await app.register(settingsPage, { clientSecret: CLIENT_SECRET, appUrl, now: () => clock })
  // What /load does once BigCommerce's signed_payload_jwt is verified.
  app.get<{ Querystring: { store: string, user: string } }>('/test-load', async (request, reply) =>
    await app.openSettings(reply, { storeHash: request.query.store, userId: Number(request.query.user) }))
  await app.ready()
  t.teardown(async () => { await app.close() })

  return {
    app,
    stores: fake,
    bigcommerce,
    fastKeys,
    async open (storeHash = STORE, userId = 7) {
      const response = await app.inject({ method: 'GET', url: `/test-load?store=${storeHash}&user=${userId}` })
      return { statusCode: response.statusCode, body: response.body, headers: response.headers }
    },
    async submit (fields, headers = { origin: new URL(appUrl).origin, 'sec-fetch-site': 'same-origin' }) {
      const response = await app.inject({
        method: 'POST',
        url: `${new URL(appUrl).pathname.replace(/\/+$/, '')}/settings`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(fields).toString()
      })
      return { statusCode: response.statusCode, body: response.body }
    },
    logs: () => chunks.join(''),
    advance (ms) { clock += ms }
  }
}

/** The session token in the page's hidden field. */
export function sessionTokenOf (page: string): string {
  const token = /<input type="hidden" name="session" value="([^"]+)">/.exec(page)?.[1]
  if (token === undefined) throw new Error('the page has no session field')
  return token
}

/** The form as the page fills it in, with `changes` applied: what a browser sends when Save is pressed. */
export function formOf (page: string, changes: Record<string, string> = {}): Record<string, string> {
  return {
    session: sessionTokenOf(page),
    fast_app_id: decodeEntities(/name="fast_app_id" value="([^"]*)"/.exec(page)?.[1] ?? ''),
    status_BOOKED: selectedIn(page, 'status_BOOKED'),
    status_PENDING_FULFILLMENT: selectedIn(page, 'status_PENDING_FULFILLMENT'),
    status_CANCELED: selectedIn(page, 'status_CANCELED'),
    ...changes
  }
}

/** The value of the option selected in the named select. */
export function selectedIn (page: string, name: string): string {
  const select = new RegExp(`<select[^>]* name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(page)?.[1] ?? ''
  return /<option value="(\d+)" selected>/.exec(select)?.[1] ?? ''
}

function decodeEntities (text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
}

export function statusIds (ids: Partial<OrderStatusIds>): Record<string, string> {
  return Object.fromEntries(Object.entries(ids).map(([status, id]) => [`status_${status}`, String(id)]))
}

/** The page's text as a reader sees it: tags dropped, entities decoded, white space collapsed. */
export function visibleText (page: string): string {
  return decodeEntities(page.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim()
}
