/**
 * `npm run fast -- <create|read|update|delete> <request.json | ->`: sends one Fast request to the
 * running sandbox bridge, signed like Fast signs, and prints the answer. The file holds a Fast
 * request body, or one step of a recorded flow such as fixtures/fast/seed-000-checkout/*.json
 * (its `request` is sent).
 *
 * `npm run -s fast -- token [--ttl <seconds>]`: prints a token the sandbox bridge accepts and
 * nothing else, for `curl -H "authorization: Bearer $(npm run -s fast -- token)" ...`.
 */
import { parseArgs } from 'node:util'
import { FAST_OPERATIONS, type FastOperation } from '../fast/operations.js'
import { CliFailure, runCli } from './failure.js'
import { readJsonInput } from './json-input.js'
import { sandboxClientSettings, sandboxSigner } from './sandbox-settings.js'

const USAGE = `usage: npm run fast -- <${FAST_OPERATIONS.join('|')}> <request.json | -> | npm run -s fast -- token [--ttl <seconds>]`
const OPERATIONS: ReadonlySet<string> = new Set(FAST_OPERATIONS)
/** Long enough for a session of curl calls; Fast's own tokens live minutes. */
const DEFAULT_TOKEN_TTL_SECONDS = 3_600

await runCli(async () => {
  const { positionals, values } = parseCommandLine()
  const [command, file] = positionals
  if (command === 'token' && positionals.length === 1) return printToken(values.ttl)
  if (command === undefined || !OPERATIONS.has(command) || file === undefined || positionals.length > 2 || values.ttl !== undefined) {
    throw new CliFailure(USAGE, 2)
  }
  const body = requestBody(file)
  // The client (and undici with it) is loaded for calls only: `token` starts in half the time.
  const { sandboxClient } = await import('./fast-client.js')
  const answer = await sandboxClient(sandboxClientSettings()).call(command as FastOperation, body)
  console.log(`HTTP ${answer.statusCode}${answer.replayed ? ' (replayed)' : ''}`)
  console.log(JSON.stringify(answer.body, null, 2))
  process.exitCode = answer.statusCode === 200 ? 0 : 1
})

function parseCommandLine (): { positionals: string[], values: { ttl?: string | undefined } } {
  try {
    return parseArgs({ options: { ttl: { type: 'string' } }, allowPositionals: true })
  } catch {
    throw new CliFailure(USAGE, 2)
  }
}

function printToken (ttl: string | undefined): void {
  const seconds = ttl === undefined ? DEFAULT_TOKEN_TTL_SECONDS : Number(ttl)
  if (!Number.isSafeInteger(seconds) || seconds <= 0) throw new CliFailure(`--ttl takes a number of seconds above 0, not "${ttl}"`, 2)
  const settings = sandboxClientSettings()
  process.stdout.write(`${sandboxSigner(settings).sign({ aud: settings.fastAppId, expiresInSeconds: seconds })}\n`)
}

/** The request body, or a recorded step's `request` when the file is one. */
function requestBody (file: string): unknown {
  const json = readJsonInput(file)
  return typeof json === 'object' && json !== null && 'request' in json ? json.request : json
}
