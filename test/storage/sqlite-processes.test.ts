/**
 * SQLite shared by several processes (the app restarting over a live one, or a CLI beside it):
 * claims and leases raced from four processes on one file are each won exactly once. node:sqlite is
 * synchronous, so within one process nothing really races; this is where the locking is tested.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import t from 'tap'
import { openSqliteStorage } from '../../src/storage/sqlite.js'

const PROCESSES = 4
const KEYS = 100

/** The worker's next message; a worker that dies first fails the test instead of hanging it. */
async function message (worker: ChildProcess): Promise<unknown> {
  const exited = once(worker, 'exit').then(([code]) => { throw new Error(`worker exited with ${String(code)} before answering`) })
  return await Promise.race([once(worker, 'message').then(([value]) => value as unknown), exited])
}

t.test('claims and leases raced from four processes are each won once', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-processes-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'fast-bigcommerce.db')
  await openSqliteStorage(file).close() // migrated once, before the race

  // fork() passes on tap's --import loaders, so the worker runs as TypeScript like the tests.
  const workers = Array.from({ length: PROCESSES }, (_, i) =>
    fork(new URL('./sqlite-worker.ts', import.meta.url), [file, `process-${i}`, String(KEYS), String(i * KEYS / PROCESSES)]))
  t.teardown(() => { for (const w of workers) if (w.exitCode === null) w.kill() })
  await Promise.all(workers.map(message))
  const results = workers.map(async w => await message(w) as { won: string[] })
  for (const w of workers) w.send('go')
  const won = (await Promise.all(results)).map(r => r.won)

  const all = won.flat()
  t.equal(all.length, 2 * KEYS, 'every key and lease won once in all')
  t.equal(new Set(all).size, 2 * KEYS, 'none won twice')
  t.comment(`wins per process: ${won.map(w => w.length).join(', ')}`)
})
