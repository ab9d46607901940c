/**
 * Children of the runner: servers (serve.ts) and load generators (load.ts, closed-loop.ts), each in
 * its own process with the TypeScript loader; the RSS of any of them read from /proc (Linux).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { BareOptions, BridgeOptions, EmulatorOptions } from './serve.js'

export const TS_EXEC_ARGV = ['--disable-warning=ExperimentalWarning', '--import', fileURLToPath(new URL('../scripts/register-ts.mjs', import.meta.url))]
/**
 * The V8 flags the bridge runs with in production, read from `npm start` (the Dockerfile's CMD runs
 * the same; test/deploy/node-flags.test.ts), so the benchmark measures what production runs.
 */
export const BRIDGE_NODE_FLAGS = productionNodeFlags()

function productionNodeFlags (): string[] {
  const packageJson = JSON.parse(readFileSync(fileURLToPath(new URL('../package.json', import.meta.url)), 'utf8')) as { scripts: { start: string } }
  return packageJson.scripts.start.split(/\s+/).filter(word => word.startsWith('--'))
}

export interface Server { url: string, pid: number, rssBytes: () => number, stop: () => Promise<void> }

function exited (child: ChildProcess): Promise<void> {
  return new Promise(resolve => { if (child.exitCode !== null || child.signalCode !== null) resolve(); else child.once('exit', () => { resolve() }) })
}

/** Resident set size of a process, in bytes (VmRSS of /proc/<pid>/status). */
export function rssOf (pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match === null ? NaN : Number(match[1]) * 1024
}

export function startServer (role: 'emulator', options: EmulatorOptions): Promise<Server>
export function startServer (role: 'bridge', options: BridgeOptions, execArgv?: string[]): Promise<Server>
export function startServer (role: 'bare', options: BareOptions): Promise<Server>
export async function startServer (role: string, options: unknown, execArgv: string[] = []): Promise<Server> {
  // The bridge logs at info, as a new deployment does: to /dev/null here, but formatted all the same.
  const child = fork(fileURLToPath(new URL('./serve.ts', import.meta.url)), [role, JSON.stringify(options)], {
    execArgv: [...TS_EXEC_ARGV, ...execArgv], stdio: ['ignore', 'ignore', 'inherit', 'ipc']
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { url: string }) => { resolve(message.url) })
    child.once('exit', (code) => { reject(new Error(`${role} exited with ${String(code)} before listening`)) })
  })
  child.removeAllListeners('exit')
  const pid = child.pid as number
  return {
    url,
    pid,
    rssBytes: () => rssOf(pid),
    stop: async () => { child.send('stop'); await exited(child) }
  }
}

/** Runs a one-shot child (a load generator): sends it `input`, resolves with its one answer. */
export async function runChild<Input, Output> (script: string, input: Input): Promise<Output> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], { execArgv: TS_EXEC_ARGV, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  const answer = new Promise<Output>((resolve, reject) => {
    child.once('message', (message: { ok: true, result: Output } | { ok: false, error: string }) => {
      if (message.ok) resolve(message.result); else reject(new Error(`${script}: ${message.error}`))
    })
    child.once('exit', (code) => { reject(new Error(`${script} exited with ${String(code)} without an answer`)) })
  })
  child.send(input as object)
  try {
    return await answer
  } finally {
    child.disconnect()
    await exited(child)
  }
}

/** The child's side of runChild: reads the input, sends the result (or the error) and lets the process end. */
export function serveChild<Input, Output> (work: (input: Input) => Promise<Output>): void {
  process.once('message', (input: Input) => {
    work(input).then(
      (result) => { process.send?.({ ok: true, result }) },
      (err: unknown) => { process.send?.({ ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }) }
    )
  })
}
