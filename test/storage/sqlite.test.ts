/** The storage contract against SQLite: a file in a temporary directory per test, as in production. */
import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import type { Storage } from '../../src/storage/storage.js'
import { storageContract, testClock } from './contract.js'
import { MIGRATIONS } from '../../src/storage/migrations.js'

storageContract(t, 'SQLite (node:sqlite, file in a temp dir)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-storage-'))
  const file = join(dir, 'nested', 'fast-bigcommerce.db')
  const clock = testClock()
  const open = () => openSqliteStorage(file, { now: clock.now })
  const opened: Storage[] = []
  const track = (storage: Storage) => { opened.push(storage); return storage }
  const subject = {
    storage: track(open()),
    now: clock,
    peer: async () => track(open()),
    reopen: async () => {
      await subject.storage.close()
      opened.splice(opened.indexOf(subject.storage), 1)
      subject.storage = track(open())
      return subject.storage
    },
    cleanup: async () => {
      for (const storage of opened) await storage.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
  return subject
})

t.test('an in-memory database works for tests that need no file', async t => {
  const storage = openSqliteStorage(':memory:')
  t.teardown(storage.close)
  t.same(await storage.claimRequest('s', 'r', 'f', 'o', 1000), { state: 'claimed' })
})

t.test('opening a file again applies no step twice', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-storage-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'db.sqlite')
  // Opened and closed in turn, and two at once: the second open finds everything applied.
  await openSqliteStorage(file).close()
  const a = openSqliteStorage(file)
  const b = openSqliteStorage(file)
  await a.close()
  await b.close()
  const { DatabaseSync } = await import('node:sqlite')
  const db = new DatabaseSync(file)
  t.same(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map(row => row.version), MIGRATIONS.map(step => step.version))
  db.close()
})

const modeOf = async (path: string) => (await stat(path)).mode & 0o777

t.test('the database, its -wal and -shm files and their folder are readable by the server\'s user only', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-storage-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'data', 'fast-bigcommerce.db')
  const storage = openSqliteStorage(file)
  t.teardown(storage.close)
  await storage.saveOrder({ storeHash: 's', fastOrderId: 'o', cartId: 'c', bcOrderId: null, billingAddressId: null, currencyCode: null, consignmentIds: [], cartVersion: null })
  t.equal(await modeOf(join(dir, 'data')), 0o700, 'folder')
  for (const path of [file, `${file}-wal`, `${file}-shm`]) t.equal(await modeOf(path), 0o600, path.slice(dir.length))
})

t.test('a database an older version left readable by others is made private when opened', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-storage-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'fast-bigcommerce.db')
  await openSqliteStorage(file).close()
  await chmod(dir, 0o755)
  await chmod(file, 0o644)
  await writeFile(`${file}-wal`, '', { mode: 0o644 })
  const storage = openSqliteStorage(file)
  t.teardown(storage.close)
  t.equal(await modeOf(dir), 0o700, 'folder')
  t.equal(await modeOf(file), 0o600, 'file')
  t.equal(await modeOf(`${file}-wal`), 0o600, '-wal')
})

t.test('reaping old answers hands their space back: the file shrinks', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-storage-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'fast-bigcommerce.db')
  const clock = testClock()
  let storage = openSqliteStorage(file, { now: clock.now })
  const body = 'x'.repeat(2000)
  for (let i = 0; i < 1000; i++) {
    await storage.claimRequest('s', `r${i}`, 'f', 'o', 1000)
    await storage.completeRequest('s', `r${i}`, 'o', { statusCode: 200, headers: {}, body })
  }
  await storage.close() // a checkpoint: the WAL's pages move into the file
  const full = (await stat(file)).size
  storage = openSqliteStorage(file, { now: clock.now })
  clock.advance(25 * 60 * 60 * 1000)
  t.equal(await storage.reapRequests(24 * 60 * 60 * 1000, 5000), 1000)
  await storage.close()
  const reaped = (await stat(file)).size
  t.ok(reaped < full / 10, `${full} bytes with the answers, ${reaped} after reaping them`)
})
