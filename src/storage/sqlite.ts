/**
 * The embedded store: SQLite through node:sqlite (no native addon), in WAL mode so reads never
 * wait for a write. node:sqlite is synchronous; every statement here is a short indexed lookup, and
 * since nothing awaits between a BEGIN and its COMMIT no other caller's statement can slip into a
 * transaction. Several processes may share the file: each statement is atomic, and a writer that
 * finds the file locked waits up to busy_timeout.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js'
import { sqlStorage, type Row, type SqlDriver, type StorageOptions } from './sql-storage.js'
import type { Storage } from './storage.js'

/** SQLite's extended result code for a UNIQUE constraint failure (node:sqlite puts it in `errcode`). */
const SQLITE_CONSTRAINT_UNIQUE = 2067

export function openSqliteStorage (file: string, options: StorageOptions = {}): Storage {
  if (file !== ':memory:') makePrivate(file)
  const db = new DatabaseSync(file)
  // The busy timeout first: switching to WAL takes a lock that another process opening the same
  // file at the same moment may hold, and without a timeout that is an immediate "database is locked".
  // auto_vacuum before the first table: it takes effect only in a new file (see reclaimSpace).
  db.exec('PRAGMA busy_timeout = 5000; PRAGMA auto_vacuum = INCREMENTAL; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;')
  migrate(db)
  return sqlStorage(sqliteDriver(db), options)
}

/**
 * The database holds shoppers' data: its folder 0700 and its file 0600, the file created before
 * SQLite opens it because SQLite gives its -wal and -shm files the main file's mode. A file or
 * folder left by an older version (0644) is tightened too. A folder we may not chmod (a volume
 * owned by another user) keeps its mode: the files in it are private anyway.
 */
function makePrivate (file: string): void {
  const folder = dirname(file)
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  try {
    chmodSync(folder, 0o700)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err
  }
  closeSync(openSync(file, 'a', 0o600))
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(path, 0o600)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
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
    async transaction (statements) {
      const prepared = statements.map(({ sql, params }) => ({ statement: prepare(sql), params }))
      const rows: Row[][] = []
      transaction(db, () => { for (const { statement, params } of prepared) rows.push(statement.all(...params) as Row[]) })
      return rows
    },
    isUniqueViolation (err) {
      return (err as { errcode?: unknown }).errcode === SQLITE_CONSTRAINT_UNIQUE
    },
    // Freed pages are reused by later rows anyway, so the file never grows past its busiest 24 hours;
    // this also hands them back after such a peak. A file made before auto_vacuum was set (by an
    // earlier version) keeps reusing them only: switching it takes a VACUUM, which rewrites the
    // whole file under an exclusive lock, so that is left to the operator (README).
    async reclaimSpace () {
      db.exec('PRAGMA incremental_vacuum')
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
