/**
 * Runs `npm run -s <script> -- <args>` the way a user types it, from the project's root, with only
 * the environment the test gives (plus PATH and HOME), and collects what it printed.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface NpmRun {
  code: number | null
  stdout: string
  stderr: string
}

export async function npmRun (script: string, args: string[], options: { env?: Record<string, string>, stdin?: string } = {}): Promise<NpmRun> {
  const child = spawn('npm', ['run', '-s', script, '--', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  child.stdin.end(options.stdin ?? '')
  const [code] = await once(child, 'close') as [number | null]
  return { code, stdout, stderr }
}

/** Lines of a stack trace, which an expected failure must not print. */
export const STACK_LINE = /^\s+at /m
