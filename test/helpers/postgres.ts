/**
 * The test PostgreSQL: DATABASE_URL_TEST, else the local server every developer and CI machine has
 * (trust auth, database `test`). Tests isolate themselves in a schema of their own, reached through
 * the URL's startup `options`, so every pooled connection lands in it.
 */
import pg from 'pg'

export const PG_URL = process.env.DATABASE_URL_TEST ?? 'postgres://postgres@127.0.0.1:5432/test'
/** The URL without its password, for messages. */
export const PG_SHOWN_URL = PG_URL.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')
/** Under CI a missing server is a failure, not a skip. */
export const IN_CI = process.env.CI === 'true'

/**
 * Waiting longer for an answer costs nothing when the server is up and answers at once, while
 * on a loaded machine a short wait would turn a slow answer into a skip (or, under CI, a failure).
 */
const PROBE_TIMEOUT_MS = 10_000

/** Undefined when a PostgreSQL server answers within PROBE_TIMEOUT_MS, else why not. */
export async function postgresProblem (): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: PROBE_TIMEOUT_MS })
  client.on('error', () => {})
  try {
    await Promise.race([
      (async () => { await client.connect(); await client.query('SELECT 1') })(),
      new Promise((_resolve, reject) => setTimeout(() => { reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)) }, PROBE_TIMEOUT_MS).unref())
    ])
    return undefined
  } catch (err) {
    return (err as Error).message
  } finally {
    client.end().catch(() => {})
  }
}

/** The URL whose every connection uses `schema` as its search_path. */
export function inSchema (url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
}
