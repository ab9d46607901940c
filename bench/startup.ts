/**
 * Section 5, start-up: from spawning the server (`src/server.ts` through the TypeScript loader,
 * as the benchmark runs everything; and the built `dist/server.js`, as `npm start` runs it, when
 * it has been built) to its first 200 from /health, polled every 5 ms, with a new data directory.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { request } from 'undici'
import type { Context } from './context.js'
import { BRIDGE_NODE_FLAGS, TS_EXEC_ARGV } from './processes.js'
import { median } from './stats.js'

export interface StartupResult { entries: { entry: string, ms: number, rounds: number[] }[] }

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const POLL_MS = 5

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

async function healthy (url: string): Promise<boolean> {
  try {
    const response = await request(url)
    await response.body.dump()
    return response.statusCode === 200
  } catch {
    return false
  }
}

async function startOnce (ctx: Context, args: string[], run: number): Promise<number> {
  const port = await freePort()
  const store = ctx.stores[0]
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: 'ignore',
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: join(ctx.dir, `startup-${run}`),
      BIGCOMMERCE_API_URL: ctx.emulator.url,
      BIGCOMMERCE_STORE_HASH: store.hash,
      BIGCOMMERCE_ACCESS_TOKEN: store.accessToken,
      FAST_APP_ID: store.fastAppId,
      FAST_JWKS_URL: ctx.jwks.jwksUrl
    }
  })
  let exited = false
  let failure: Error | undefined
  child.once('exit', () => { exited = true })
  // Could not start at all (the node binary gone, say): this section fails, the others keep their numbers.
  child.once('error', (err) => { failure = err; exited = true })
  try {
    while (!await healthy(`http://127.0.0.1:${port}/health`)) {
      if (exited) throw failure ?? new Error(`${args.join(' ')} exited before /health answered`)
      await new Promise(resolve => setTimeout(resolve, POLL_MS))
    }
    return performance.now() - started
  } finally {
    if (!exited) {
      const gone = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      await gone
    }
  }
}

export async function startupSection (ctx: Context): Promise<StartupResult> {
  const entries: [string, string[]][] = [['src/server.ts (TypeScript loader)', [...TS_EXEC_ARGV, 'src/server.ts']]]
  if (existsSync(join(ROOT, 'dist/server.js'))) entries.push(['dist/server.js (built, as npm start)', [...BRIDGE_NODE_FLAGS, 'dist/server.js']])
  const result: StartupResult = { entries: [] }
  let run = 0
  for (const [entry, args] of entries) {
    const rounds: number[] = []
    for (let i = 0; i < ctx.options.startups; i++) rounds.push(await startOnce(ctx, args, run++))
    result.entries.push({ entry, ms: median(rounds), rounds })
  }
  return result
}
