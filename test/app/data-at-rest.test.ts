/**
 * What the bridge keeps on disk is unreadable without the key: with a file-backed SQLite database,
 * a store installed with a canary access token serves the seed-000 create and bill_to update (the
 * answers, stored for replays, hold the shopper's email, phone and street); then the raw bytes of
 * the database and its -wal and -shm files hold none of them. A restarted bridge still replays.
 */
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { replayScenario } from '../helpers/bigcommerce-fixtures.js'
import { ACCESS_TOKEN, buildTestApp, FAST_APP_ID, STORE_HASH } from '../helpers/build-app.js'

const FAST_DIR = new URL('../../fixtures/fast/seed-000-checkout/', import.meta.url)
const step = (file: string): Record<string, any> => (JSON.parse(readFileSync(new URL(file, FAST_DIR), 'utf8')) as { request: Record<string, any> }).request
const CREATE = step('01-create-cart.json')
const UPDATE_BILL_TO = step('03-update-bill-to.json')

/** The token the recorded exchanges expect; distinctive enough to be a canary in raw bytes. */
const CANARY_TOKEN = ACCESS_TOKEN
const CANARIES = {
  'access token': CANARY_TOKEN,
  'shopper email': 'John+23roujwn@fast.in',
  'shopper phone': '+15555555555',
  'shopper street': '349 9th Street'
}
/** No store from the environment: the installed store serves Fast's calls. */
const NO_ENVIRONMENT_STORE = { BIGCOMMERCE_STORE_HASH: '', BIGCOMMERCE_ACCESS_TOKEN: '', FAST_APP_ID: '' }

t.test('neither the access token nor the shopper\'s data appear in the database files, and replays still work', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'fbc-at-rest-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'data', 'fast-bigcommerce.db')
  const files = [file, `${file}-wal`, `${file}-shm`]
  const searchFiles = (when: string) => {
    const present = files.filter(path => existsSync(path))
    const bytes = Buffer.concat(present.map(path => readFileSync(path)))
    t.ok(bytes.length > 0, `${when}: read ${present.map(path => path.slice(file.length) || '.db').join(', ')} (${bytes.length} bytes)`)
    for (const [what, canary] of Object.entries(CANARIES)) {
      t.equal(bytes.indexOf(canary, 0, 'utf8'), -1, `${when}: no ${what}`)
    }
  }

  const first = await buildTestApp(t, { storage: openSqliteStorage(file), env: NO_ENVIRONMENT_STORE })
  await first.app.stores.install({ storeHash: STORE_HASH, accessToken: CANARY_TOKEN, scopes: ['store_v2_orders'] })
  t.equal(await first.app.stores.saveSettings(STORE_HASH, { fastAppId: FAST_APP_ID, orderStatusIds: null }), 'saved')
  replayScenario(t, 'seed-000-checkout', ['01-create-cart', '03-add-billing-address', '04-read-checkout-after-billing'])
  t.equal((await first.fast('create', CREATE)).statusCode, 200, 'create answers 200')
  const updated = await first.fast('update', UPDATE_BILL_TO)
  t.equal(updated.statusCode, 200, 'bill_to update answers 200')
  t.match(JSON.stringify(updated.body), CANARIES['shopper email'], 'the answer holds the shopper\'s email: there was something to hide')
  searchFiles('while running')
  await first.app.close()
  searchFiles('after closing')

  const restarted = await buildTestApp(t, { storage: openSqliteStorage(file), env: NO_ENVIRONMENT_STORE })
  const replayed = await restarted.fast('update', UPDATE_BILL_TO)
  t.equal(replayed.headers['idempotent-replayed'], 'true', 'replayed from the database, with no BigCommerce call')
  t.same(replayed.body, updated.body, 'the same answer')
})
