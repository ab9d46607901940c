/** The seeded store shipped with the project: fixtures/sandbox/store.json. */
import { readFileSync } from 'node:fs'
import type { StoreSeed } from './types.js'

// Same relative path from src/sandbox/ (tests) and dist/sandbox/ (the build).
const DEFAULT_SEED_URL = new URL('../../fixtures/sandbox/store.json', import.meta.url)

export function loadSeed (path: string | URL = DEFAULT_SEED_URL): StoreSeed {
  return JSON.parse(readFileSync(path, 'utf8')) as StoreSeed
}
