/**
 * Opens the storage the configuration names: PostgreSQL when a database URL is given (several
 * machines share it), else SQLite in the data directory (one machine, its own volume).
 */
import { join } from 'node:path'
import { openPostgresStorage } from './postgres.js'
import type { StorageOptions } from './sql-storage.js'
import { openSqliteStorage } from './sqlite.js'
import type { Storage } from './storage.js'

export interface OpenStorageOptions extends StorageOptions {
  databaseUrl?: string
  dataDir: string
}

export const SQLITE_FILE = 'fast-bigcommerce.db'

export async function openStorage ({ databaseUrl, dataDir, ...options }: OpenStorageOptions): Promise<Storage> {
  if (databaseUrl !== undefined && databaseUrl !== '') return await openPostgresStorage(databaseUrl, options)
  return openSqliteStorage(join(dataDir, SQLITE_FILE), options)
}
