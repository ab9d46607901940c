/**
 * A real bridge process for reliability tests: `src/server.ts` forked and run as TypeScript,
 * talking to a BigCommerce emulator and a Fast JWKS server that live in the test process (so their
 * state, and the orders BigCommerce made, survive the bridge's death), on a SQLite file or a
 * PostgreSQL schema it may share with other processes. A failpoint makes it SIGKILL itself at a
 * named point. Every wait is bounded; children still alive are killed in teardown.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'
import { request } from 'undici'
import type { Failpoint } from '../../src/failpoints.js'
import type { FastOperation } from '../../src/fast/operations.js'
import type { FastJwksServer } from './fast-auth.js'
import { NO_DELAY_SHEDDING } from './test-env.js'

const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url))

/**
 * Node 24 strips the types itself and scripts/register-ts.mjs (what `npm run fast` and the bench
 * preload) lets `./x.js` find `./x.ts`, as tsc's nodenext resolution does. A process starts in well
 * under a second this way, against 7 to 14 s with tap's ts-node loader (`loader: 'tap'`), which
 * matters when a test starts dozens of them. src uses no TypeScript that needs transforming (no
 * enums, namespaces or parameter properties). A second preload makes the child exit when the IPC
 * channel to the test process closes: the test runner died (or was killed) without its teardown.
 */
const REGISTER_TS = fileURLToPath(new URL('../../scripts/register-ts.mjs', import.meta.url))
const EXIT_ON_DISCONNECT = "process.on('disconnect', () => { process.exit(1) })"
export const STRIP_TYPES_EXEC_ARGV = ['--disable-warning=ExperimentalWarning', '--import', REGISTER_TS, '--import', `data:text/javascript,${encodeURIComponent(EXIT_ON_DISCONNECT)}`]
const START_TIMEOUT_MS = 30_000
const CALL_TIMEOUT_MS = 20_000

export type { FastOperation }

export interface FastCallResult {
  statusCode: number
  headers: Record<string, string | string[] | undefined>
  /** The answer's bytes as text, for byte-for-byte comparisons. */
  text: string
  body: any
  replayed: boolean
}

export interface BridgeProcessOptions {
  /** Where BigCommerce (the emulator) listens, e.g. http://127.0.0.1:1234. */
  bigcommerceUrl: string
  storeHash: string
  accessToken: string
  fastAppId: string
  jwks: FastJwksServer
  /** SQLite: the directory holding fast-bigcommerce.db. */
  dataDir?: string
  /** PostgreSQL: wins over dataDir. */
  databaseUrl?: string
  failpoint?: Failpoint
  /** IDEMPOTENCY_LEASE_MS and ORDER_LEASE_MS (default 300 ms, so a retry after a crash takes over quickly). */
  leaseMs?: number
  env?: Record<string, string>
  /** A label for diagnostics. */
  name?: string
  /** How the child runs TypeScript: Node's type stripping (default, fast) or tap's own loader. */
  loader?: 'strip-types' | 'tap'
}

export interface BridgeProcess {
  url: string
  pid: number
  /** POST /fast/v1/<op> signed like Fast. A dropped connection (the process died) rejects. */
  call(op: FastOperation, body: unknown): Promise<FastCallResult>
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  /** SIGKILLs the process (if alive) and waits for it to exit. */
  kill(): Promise<void>
  /** The last lines it wrote (stdout and stderr), for failure messages. */
  output(): string
}

/** One TOKEN_ENCRYPTION_KEY for every bridge process a test starts, as one deployment shares one key. */
const ENCRYPTION_KEY = randomBytes(32).toString('base64')

/** Starts a bridge process and waits (bounded) until it listens. */
export async function startBridgeProcess (t: Test, options: BridgeProcessOptions): Promise<BridgeProcess> {
  const leaseMs = String(options.leaseMs ?? 300)
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    // V8's compiled code cached across starts (a test may start dozens of processes).
    NODE_COMPILE_CACHE: join(tmpdir(), 'fast-bigcommerce-compile-cache'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    BIGCOMMERCE_API_URL: options.bigcommerceUrl,
    BIGCOMMERCE_STORE_HASH: options.storeHash,
    BIGCOMMERCE_ACCESS_TOKEN: options.accessToken,
    FAST_APP_ID: options.fastAppId,
    FAST_JWKS_URL: options.jwks.jwksUrl,
    TOKEN_ENCRYPTION_KEY: ENCRYPTION_KEY,
    IDEMPOTENCY_LEASE_MS: leaseMs,
    ORDER_LEASE_MS: leaseMs,
    ...NO_DELAY_SHEDDING,
    ...(options.dataDir === undefined ? {} : { DATA_DIR: options.dataDir }),
    ...(options.databaseUrl === undefined ? {} : { DATABASE_URL: options.databaseUrl }),
    ...(options.failpoint === undefined ? {} : { FAST_BRIDGE_FAILPOINT: options.failpoint }),
    ...options.env
  }
  // process.execPath is the Node 24 tap runs on; tap's execArgv would load its ts-node instead.
  const execArgv = options.loader === 'tap' ? process.execArgv : STRIP_TYPES_EXEC_ARGV
  const child: ChildProcess = fork(SERVER, [], { env, execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }))
  const kill = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  }
  t.teardown(kill)

  const tail: string[] = []
  const remember = (line: string): void => { tail.push(line); if (tail.length > 40) tail.shift() }
  const output = (): string => tail.join('\n')
  createInterface({ input: child.stderr! }).on('line', remember)
  const listening = new Promise<string>((resolve) => {
    // Read every line, always: a full pipe would stall the child.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      remember(line)
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)
      if (match !== null) resolve(match[1])
    })
  })
  let timer: NodeJS.Timeout | undefined
  const url = await Promise.race([
    listening,
    exited.then(({ code, signal }) => { throw new Error(`bridge process ${options.name ?? ''} exited (${String(code ?? signal)}) before listening:\n${output()}`) }),
    new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { reject(new Error(`bridge process ${options.name ?? ''} not listening within ${START_TIMEOUT_MS} ms:\n${output()}`)) }, START_TIMEOUT_MS) })
  ]).catch(async (err: unknown) => { await kill(); throw err }).finally(() => { clearTimeout(timer) })

  return {
    url,
    pid: child.pid!,
    exited,
    kill,
    output,
    async call (op, body) {
      return await fastCall(url, options.jwks.bearer(options.fastAppId), op, body)
    }
  }
}

/** POST /fast/v1/<op> on a listening bridge with Fast's bearer token; one fresh connection, bounded. */
export async function fastCall (url: string, authorization: string, op: FastOperation, body: unknown): Promise<FastCallResult> {
  const response = await request(`${url}/fast/v1/${op}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headersTimeout: CALL_TIMEOUT_MS,
    bodyTimeout: CALL_TIMEOUT_MS,
    reset: true
  })
  const text = await response.body.text()
  let parsed: unknown
  try { parsed = text === '' ? undefined : JSON.parse(text) } catch { parsed = text }
  return {
    statusCode: response.statusCode,
    headers: response.headers,
    text,
    body: parsed,
    replayed: response.headers['idempotent-replayed'] === 'true'
  }
}
