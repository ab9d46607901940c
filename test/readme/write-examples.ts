/**
 * Writes fixtures/fast/examples/: plays JOURNEY through the bridge against the sandbox store (real
 * HTTP between them, as in test/e2e/) and keeps each request with the bridge's answer. Run it again
 * when an answer changes on purpose; test/readme/examples.test.ts then replays the files:
 *
 *   WRITE_EXAMPLES=1 node --import ./scripts/register-ts.mjs test/readme/write-examples.ts
 *
 * Without WRITE_EXAMPLES it writes nothing: tap runs every file of a folder it is given.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Test } from 'tap'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'
import { EXAMPLES_DIR, JOURNEY } from './example-journey.js'

// The helpers take a tap test only to close what they open.
const closers: Array<() => unknown> = []
const owner = { teardown: (close: () => unknown) => { closers.push(close) } } as unknown as Test

if (process.env.WRITE_EXAMPLES !== '1') {
  console.log('# nothing written: set WRITE_EXAMPLES=1 to write fixtures/fast/examples/')
} else {
  try {
    const bridge = await buildSandboxBridge(owner)
    mkdirSync(EXAMPLES_DIR, { recursive: true })
    const answers: any[] = []
    for (const step of JOURNEY) {
      const request = step.request(answers)
      const answer = await bridge.fast(step.operation, request)
      if (answer.statusCode !== 200) throw new Error(`${step.file}: ${answer.statusCode} ${JSON.stringify(answer.body)}`)
      answers.push(answer.body)
      writeFileSync(join(EXAMPLES_DIR, step.file), JSON.stringify({ operation: step.operation, request, response: answer.body }, null, 2) + '\n')
      console.log(`${step.file} written`)
    }
  } finally {
    for (const close of closers.reverse()) await close()
  }
}
