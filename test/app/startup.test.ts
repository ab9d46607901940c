/**
 * Start-up, as an operator sees it: the real server process (`src/server.ts`) with settings that
 * cannot work exits non-zero before anything listens, and says on stderr what to set. A probe
 * preloaded into the process reports every attempt to listen, so "nothing bound" is observed, not
 * assumed; a sandbox start-up shows the probe sees the emulator when it does listen.
 */
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { STRIP_TYPES_EXEC_ARGV } from '../helpers/bridge-process.js'

const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url))

// Written synchronously to stdout, before the listen itself, so it precedes "Server listening" in the same stream.
const LISTEN_PROBE = `import { Server } from 'node:net'
import { writeSync } from 'node:fs'
const listen = Server.prototype.listen
Server.prototype.listen = function (...args) {
  const first = args[0]
  const port = typeof first === 'object' && first !== null ? first.port : first
  writeSync(1, 'listen-probe: port ' + String(port) + '\\n')
  return listen.apply(this, args)
}`

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** The ports the process tried to listen on. */
  listens: string[]
  listened: boolean
}

/**
 * Runs the server with exactly `env` (plus PATH) until it exits; a process that starts listening
 * is stopped at once, so a start-up that should have been refused fails the test instead of hanging.
 */
async function runServer (t: Test, env: Record<string, string>): Promise<Run> {
  const child = fork(SERVER, [], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', DATA_DIR: t.testdir(), ...env },
    execArgv: [...STRIP_TYPES_EXEC_ARGV, '--import', `data:text/javascript,${encodeURIComponent(LISTEN_PROBE)}`],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const stdout: string[] = []
  const stderr: string[] = []
  let listened = false
  createInterface({ input: child.stdout! }).on('line', (line) => {
    stdout.push(line)
    if (/Server listening at/.test(line)) { listened = true; child.kill('SIGTERM') }
  })
  createInterface({ input: child.stderr! }).on('line', (line) => { stderr.push(line) })
  // 'close' comes after the exit and after both streams ended: every line has been read.
  const [code, signal] = await once(child, 'close') as [number | null, NodeJS.Signals | null]
  const listens = stdout.flatMap(line => /^listen-probe: port (\S+)$/.exec(line)?.[1] ?? [])
  return { code, signal, stdout: stdout.join('\n'), stderr: stderr.join('\n'), listens, listened }
}

t.test('in production with no credentials the server exits non-zero, says what is missing, and never listens', async (t) => {
  const run = await runServer(t, { NODE_ENV: 'production', SANDBOX_PORT: '3001' })
  t.equal(run.code, 1, `exit code 1 (stderr: ${run.stderr})`)
  t.match(run.stderr, /Cannot start/)
  t.match(run.stderr, /production never starts the BigCommerce emulator/)
  for (const name of ['BIGCOMMERCE_STORE_HASH', 'BIGCOMMERCE_ACCESS_TOKEN', 'FAST_APP_ID', 'BIGCOMMERCE_CLIENT_ID', 'BIGCOMMERCE_CLIENT_SECRET', 'APP_URL', 'TOKEN_ENCRYPTION_KEY']) {
    t.match(run.stderr, name, `stderr names ${name}`)
  }
  t.same(run.listens, [], 'nothing was bound: not SANDBOX_PORT, not PORT')
  t.notOk(run.listened)
})

t.test('a store hash without its token stops the server in development too, naming what is missing', async (t) => {
  const run = await runServer(t, { BIGCOMMERCE_STORE_HASH: 'abc123' })
  t.equal(run.code, 1, `exit code 1 (stderr: ${run.stderr})`)
  t.match(run.stderr, /BIGCOMMERCE_STORE_HASH is set but BIGCOMMERCE_ACCESS_TOKEN and FAST_APP_ID are missing/)
  t.same(run.listens, [], 'no emulator and no bridge')
})

t.test('a refused start-up does not print the secrets it was given', async (t) => {
  const run = await runServer(t, { NODE_ENV: 'production', BIGCOMMERCE_ACCESS_TOKEN: 'canary-access-token', BIGCOMMERCE_CLIENT_SECRET: 'canary-client-secret' })
  t.equal(run.code, 1)
  t.match(run.stderr, /BIGCOMMERCE_STORE_HASH/)
  t.notMatch(`${run.stdout}\n${run.stderr}`, 'canary')
})

t.test('in development with nothing set the same start-up brings the sandbox up (the probe sees it listen)', async (t) => {
  const run = await runServer(t, { SANDBOX_PORT: '0' })
  t.ok(run.listened, `the bridge listened (stderr: ${run.stderr})`)
  t.match(run.stdout, /Sandbox mode/)
  t.ok(run.listens.length >= 2, `the emulator and the bridge listened (${run.listens.length} listens seen)`)
})

t.test('in production with one complete store and a key the bridge alone listens: no emulator', async (t) => {
  const run = await runServer(t, {
    NODE_ENV: 'production',
    SANDBOX_PORT: '3001',
    BIGCOMMERCE_STORE_HASH: 'abc123',
    BIGCOMMERCE_ACCESS_TOKEN: 'store-token',
    FAST_APP_ID: 'fast-app',
    TOKEN_ENCRYPTION_KEY: 'q5wP7Tq2m1vW0J3zYp8t9Yc1f2rYd0b3Zk6vXo4nQ2E='
  })
  t.ok(run.listened, `the bridge listened (stderr: ${run.stderr})`)
  t.same(run.listens, ['0'], 'one listen, the bridge\'s own PORT')
  t.notMatch(run.stdout, /Sandbox mode/)
})
