/** What a database folder holds on disk, for tests that look for plain text where none may be. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** Every byte of every file in the folder (SQLite's main file, its WAL and shared memory), as latin1 text. */
export function databaseBytes (dir: string): string {
  return readdirSync(dir).map(name => readFileSync(join(dir, name)).toString('latin1')).join('')
}
