/**
 * The storage contract against PostgreSQL: DATABASE_URL_TEST, else a local server with trust auth.
 * Each test gets its own schema (search_path set through the URL's `options`), dropped afterwards.
 * No server within 2 s skips the file with a visible reason, except in CI, where it fails.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import t from 'tap'
import { openPostgresStorage } from '../../src/storage/postgres.js'
import type { Storage } from '../../src/storage/storage.js'
import { storageContract, testClock } from './contract.js'
import { MIGRATIONS } from '../../src/storage/migrations.js'
import { IN_CI, inSchema, PG_SHOWN_URL, PG_URL, postgresProblem } from '../helpers/postgres.js'

const RUN = `fbc_test_${process.pid}_${randomBytes(3).toString('hex')}`

const problem = await postgresProblem()
if (problem !== undefined && !IN_CI) {
  t.plan(0, `PostgreSQL not reachable at ${PG_SHOWN_URL} (${problem}); set DATABASE_URL_TEST or start a server`)
} else if (problem !== undefined) {
  t.fail(`PostgreSQL not reachable at ${PG_SHOWN_URL} (${problem}), and CI=true requires it`)
} else {
  const admin = new pg.Pool({ connectionString: PG_URL, max: 2 })
  const schemas = new Set<string>()
  const drop = async (schema: string) => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    schemas.delete(schema)
  }
  t.teardown(async () => {
    for (const schema of [...schemas]) await drop(schema)
    await admin.end()
  })

  let count = 0
  storageContract(t, `PostgreSQL at ${PG_SHOWN_URL}`, async () => {
    const schema = `${RUN}_${++count}` // pid + random + counter: only [a-z0-9_], safe to splice in
    await admin.query(`CREATE SCHEMA ${schema}`)
    schemas.add(schema)
    const clock = testClock()
    const open = async () => await openPostgresStorage(inSchema(PG_URL, schema), { now: clock.now, max: 10 })
    const opened: Storage[] = []
    const track = (storage: Storage) => { opened.push(storage); return storage }
    const subject = {
      storage: track(await open()),
      now: clock,
      peer: async () => track(await open()),
      reopen: async () => {
        await subject.storage.close()
        opened.splice(opened.indexOf(subject.storage), 1)
        subject.storage = track(await open())
        return subject.storage
      },
      cleanup: async () => {
        for (const storage of opened) await storage.close()
        await drop(schema)
      }
    }
    return subject
  })

  t.test('machines starting at once migrate once', async t => {
    const schema = `${RUN}_migrate`
    await admin.query(`CREATE SCHEMA ${schema}`)
    schemas.add(schema)
    const storages = await Promise.all(Array.from({ length: 5 }, async () => await openPostgresStorage(inSchema(PG_URL, schema), { max: 2 })))
    for (const storage of storages) await storage.close()
    const { rows } = await admin.query(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`)
    t.same(rows.map(row => row.version), MIGRATIONS.map(step => step.version))
    const tables = await admin.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema])
    t.same(tables.rows.map(row => row.table_name), ['conversions', 'fast_lines', 'fast_orders', 'idempotency_requests', 'installed_stores', 'leases', 'schema_migrations'])
    const defaultSchema = await admin.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'idempotency_requests'")
    t.equal(defaultSchema.rows[0].n, 0, 'nothing leaked into public')
  })

  t.test('BIGINT columns come back as numbers, for this pool only', async t => {
    const schema = `${RUN}_int8`
    await admin.query(`CREATE SCHEMA ${schema}`)
    schemas.add(schema)
    const storage = await openPostgresStorage(inSchema(PG_URL, schema))
    t.teardown(storage.close)
    await storage.advanceConversion('s', 'o', undefined, { step: 'created', bcOrderId: 2 ** 40 })
    const record = await storage.getConversion('s', 'o')
    t.equal(record?.bcOrderId, 2 ** 40)
    t.equal(typeof record?.updatedAt, 'number')
    const raw = await admin.query('SELECT 1::bigint AS n')
    t.equal(raw.rows[0].n, '1', 'pg\'s global parser is untouched')
  })
}
