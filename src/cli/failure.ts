/**
 * Expected failures of `npm run fast` / `npm run demo`: the bridge is not running, a file is not
 * JSON, the sandbox key is missing... Each is one line on stderr saying what to do, and a non-zero
 * exit; a stack trace would bury that line. Anything else is a bug and keeps its stack.
 */

export class CliFailure extends Error {
  readonly exitCode: number
  constructor (message: string, exitCode = 1) {
    super(message)
    this.name = 'CliFailure'
    this.exitCode = exitCode
  }
}

/** Runs a command's body; a CliFailure becomes its one line and exit code. */
export async function runCli (main: () => Promise<void>): Promise<void> {
  try {
    await main()
  } catch (err) {
    if (!(err instanceof CliFailure)) throw err
    process.stderr.write(`${err.message}\n`)
    process.exitCode = err.exitCode
  }
}
