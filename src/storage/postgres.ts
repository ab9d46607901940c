/**
 * The shared store for several machines: PostgreSQL through a small pg.Pool. The tables live in the
 * first schema of the connection's search_path (the database's default unless the URL sets
 * `options=-c search_path=...`). Single statements go to any pooled connection; a transaction
 * keeps one connection from BEGIN to COMMIT.
 */
import pg from 'pg'
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js'
import { sqlStorage, type Row, type SqlDriver, type StorageOptions } from './sql-storage.js'
import type { Storage } from './storage.js'

export interface PostgresStorageOptions extends StorageOptions {
  /** Most connections the pool opens (default 10). */
  max?: number
  /** Errors of idle pooled connections (a server restart); the pool replaces them on next use. */
  onError?: (err: Error) => void
}

const INT8_OID = 20
/** SQLSTATE unique_violation. */
const UNIQUE_VIOLATION = '23505'

/**
 * int8 (BIGINT) arrives as a string by default, since it may exceed 2^53. Ours are epoch
 * milliseconds and BigCommerce ids, far below that, so they are parsed to numbers, for this pool
 * only: pg's global `types.setTypeParser` would change every other pg user in the process.
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')
  ) as pg.CustomTypesConfig['getTypeParser']
}

/** The advisory lock's first key; the second is the schema's hash, so each schema migrates on its own. */
const MIGRATION_LOCK = 0x66626300 // 'fbc\0'

export async function openPostgresStorage (connectionString: string, options: PostgresStorageOptions = {}): Promise<Storage> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, types, connectionTimeoutMillis: 10_000 })
  pool.on('error', options.onError ?? (() => {}))
  try {
    await migrate(pool)
  } catch (err) {
    await pool.end()
    throw err
  }
  return sqlStorage(postgresDriver(pool), options)
}

function postgresDriver (pool: pg.Pool): SqlDriver {
  return {
    rowId: 'ctid',
    async query (sql, params) {
      // Every commit is durable here (synchronous_commit defaults to on).
      return (await pool.query<Row>(sql, params as unknown[])).rows
    },
    async batch (sql, paramLists) {
      await transaction(pool, async client => {
        for (const params of paramLists) await client.query(sql, params as unknown[])
      })
    },
    async transaction (statements) {
      const rows: Row[][] = []
      await transaction(pool, async client => {
        for (const { sql, params } of statements) rows.push((await client.query<Row>(sql, params as unknown[])).rows)
      })
      return rows
    },
    isUniqueViolation (err) {
      return (err as { code?: unknown }).code === UNIQUE_VIOLATION
    },
    async close () {
      await pool.end()
    }
  }
}

async function transaction (pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    try {
      await work(client)
      await client.query('COMMIT')
    } catch (err) {
      await client.query('ROLLBACK')
      throw err
    }
  } finally {
    client.release()
  }
}

/**
 * Several machines may start at once: a session advisory lock lets one migrate while the others
 * wait, then find nothing to do. Each step commits with its record in schema_migrations (DDL is
 * transactional in PostgreSQL), so a crash mid-way leaves whole steps only.
 */
async function migrate (pool: pg.Pool): Promise<void> {
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK])
    try {
      await client.query(MIGRATIONS_TABLE)
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(row => row.version))
      for (const step of MIGRATIONS) {
        if (done.has(step.version)) continue
        await client.query('BEGIN')
        try {
          await client.query(step.sql) // no parameters: the simple protocol, several statements at once
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [step.version])
          await client.query('COMMIT')
        } catch (err) {
          await client.query('ROLLBACK')
          throw err
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [MIGRATION_LOCK])
    }
  } finally {
    client.release()
  }
}
