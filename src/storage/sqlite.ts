/**
 * The embedded store: SQLite through node:sqlite (no native addon), in WAL mode so reads never
 * wait for a write. node:sqlite is synchronous; every statement here is a short indexed lookup, and
 * since nothing awaits between a BEGIN and its COMMIT no other caller's statement can slip into a
 * transaction. Several processes may share the file: each statement is atomic, and a writer that
 * finds the file locked waits up to busy_timeout.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js'
import { sqlStorage, type Row, type SqlDriver, type StorageOptions } from './sql-storage.js'
import type { Storage } from './storage.js'

export function openSqliteStorage (file: string, options: StorageOptions = {}): Storage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new DatabaseSync(file)
  // The busy timeout first: switching to WAL takes a lock that another process opening the same
  // file at the same moment may hold, and without a timeout that is an immediate "database is locked".
  db.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;')
  migrate(db)
  return sqlStorage(sqliteDriver(db), options)
}

function sqliteDriver (db: DatabaseSync): SqlDriver {
  const statements = new Map<string, StatementSync>()
  // The shared SQL uses PostgreSQL's $n; SQLite reads ?n as the same numbered parameter.
  const prepare = (sql: string) => {
    let statement = statements.get(sql)
    if (statement === undefined) {
      statement = db.prepare(sql.replace(/\$(\d+)/g, '?$1'))
      statements.set(sql, statement)
    }
    return statement
  }

  return {
    rowId: 'rowid',
    async query (sql, params, options) {
      const statement = prepare(sql)
      if (options?.durable !== true) return statement.all(...params) as Row[]
      // FULL fsyncs this commit; the rest stay NORMAL (a power cut may lose them, a crash may not).
      db.exec('PRAGMA synchronous = FULL')
      try {
        return statement.all(...params) as Row[]
      } finally {
        db.exec('PRAGMA synchronous = NORMAL')
      }
    },
    async batch (sql, paramLists) {
      const statement = prepare(sql)
      transaction(db, () => { for (const params of paramLists) statement.run(...params) })
    },
    async close () {
      db.close()
    }
  }
}

/** IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading a read. */
function transaction (db: DatabaseSync, work: () => void): void {
  db.exec('BEGIN IMMEDIATE')
  try {
    work()
    db.exec('COMMIT')
  } catch (err) {
    db.exec('ROLLBACK')
    throw err
  }
}

/**
 * Applies the missing steps in one write transaction, reading what is done inside it: a second
 * process opening the same file at the same moment waits for the lock, then finds nothing to do.
 */
function migrate (db: DatabaseSync): void {
  transaction(db, () => {
    db.exec(MIGRATIONS_TABLE)
    const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map(row => Number(row.version)))
    const record = db.prepare('INSERT INTO schema_migrations (version) VALUES (?)')
    for (const step of MIGRATIONS) {
      if (done.has(step.version)) continue
      db.exec(step.sql)
      record.run(step.version)
    }
  })
}
