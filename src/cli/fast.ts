/**
 * `npm run fast -- <create|read|update|delete> <request.json>`: sends one Fast request to the
 * running sandbox bridge, signed like Fast signs, and prints the answer. The file holds a Fast
 * request body, or one step of a recorded flow such as fixtures/fast/seed-000-checkout/*.json
 * (its `request` is sent).
 */
import { readFileSync } from 'node:fs'
import { loadSandboxSigner } from '../sandbox/fast-key.js'
import { createFastClient, sandboxClientSettings, type FastOperation } from './fast-client.js'

const OPERATIONS = new Set(['create', 'read', 'update', 'delete'])
const [operation, file] = process.argv.slice(2)
if (operation === undefined || !OPERATIONS.has(operation) || file === undefined) {
  console.error('usage: npm run fast -- <create|read|update|delete> <request.json | ->')
  process.exit(2)
}

const text = readFileSync(file === '-' ? 0 : file, 'utf8')
const json = JSON.parse(text) as { request?: unknown }
const body = typeof json === 'object' && json !== null && 'request' in json ? json.request : json

const settings = sandboxClientSettings()
const client = createFastClient({ bridgeUrl: settings.bridgeUrl, signer: loadSandboxSigner(settings.dataDir), fastAppId: settings.fastAppId })
const answer = await client.call(operation as FastOperation, body)
console.log(`HTTP ${answer.statusCode}${answer.replayed ? ' (replayed)' : ''}`)
console.log(JSON.stringify(answer.body, null, 2))
process.exitCode = answer.statusCode === 200 ? 0 : 1
