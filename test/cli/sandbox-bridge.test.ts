/**
 * `npm run fast` and `npm run demo` against a bridge in sandbox mode, set up as `npm start` sets it
 * up with no BigCommerce settings: the emulator next to it, the sandbox key in DATA_DIR.
 */
import t, { type Test } from 'tap'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { buildApp } from '../../src/app.js'
import { readConfig } from '../../src/config.js'
import { SANDBOX_FAST_APP_ID } from '../../src/sandbox/fast-key.js'
import { SANDBOX_JWKS_PATH, startSandbox } from '../../src/sandbox-mode.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { closedUrl } from '../helpers/closed-port.js'
import { missingFrom, recordedFlow } from '../helpers/recorded.js'
import { NO_DELAY_SHEDDING } from '../helpers/test-env.js'
import { npmRun } from './npm-run.js'

interface SandboxBridge {
  /** What the CLI needs to find the bridge and its key, as `npm start` was given. */
  env: Record<string, string>
  bridgeUrl: string
  emulatorUrl: string
  issuer: string
}

async function startSandboxBridge (t: Test, env: Record<string, string> = {}): Promise<SandboxBridge> {
  const dataDir = t.testdir()
  const config = readConfig({ PORT: '0', SANDBOX_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...NO_DELAY_SHEDDING, ...env })
  const sandbox = await startSandbox(config, {})
  t.teardown(async () => { await sandbox.emulator.close() })
  const bridge = await buildApp({ config: sandbox.config, storage: openSqliteStorage(`${dataDir}/bridge.db`), logger: false })
  t.teardown(async () => { await bridge.close() })
  const bridgeUrl = await bridge.listen({ port: 0, host: '127.0.0.1' })
  const port = new URL(bridgeUrl).port
  return { env: { PORT: port, DATA_DIR: dataDir, SANDBOX_URL: sandbox.baseUrl, ...env }, bridgeUrl, emulatorUrl: sandbox.baseUrl, issuer: sandbox.config.FAST_ISSUER }
}

/** The answer without the ids BigCommerce invents, which the emulator's cart does not share with the recorded store's. */
function withoutExternalIds (value: any): any {
  if (Array.isArray(value)) return value.map(withoutExternalIds)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'external_id').map(([key, v]) => [key, withoutExternalIds(v)]))
}

t.test('fast -- create with the recorded seed-000 request answers the recorded cart', async t => {
  const sandbox = await startSandboxBridge(t)
  const [created] = recordedFlow('seed-000-checkout')
  const run = await npmRun('fast', ['create', `fixtures/fast/seed-000-checkout/${created.file}`], { env: sandbox.env })
  t.equal(run.code, 0, `exit 0 (stderr: ${run.stderr})`)
  const [status, ...json] = run.stdout.split('\n')
  t.equal(status, 'HTTP 200')
  t.same(missingFrom(withoutExternalIds(JSON.parse(json.join('\n'))), withoutExternalIds(created.response)), [], 'the recorded answer, but for BigCommerce\'s ids')
})

t.test('fast -- token prints only a token the sandbox JWKS verifies, for the sandbox App ID', async t => {
  const sandbox = await startSandboxBridge(t)
  const run = await npmRun('fast', ['token'], { env: sandbox.env })
  t.equal(run.code, 0)
  t.match(run.stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/, 'one JWT and a newline, nothing else')
  const jwks = createRemoteJWKSet(new URL(`${sandbox.emulatorUrl}${SANDBOX_JWKS_PATH}`))
  const { payload } = await jwtVerify(run.stdout.trim(), jwks, { audience: SANDBOX_FAST_APP_ID, issuer: sandbox.issuer })
  t.equal(payload.aud, SANDBOX_FAST_APP_ID)
})

t.test('fast -- token --ttl signs for FAST_APP_ID with that lifetime', async t => {
  const sandbox = await startSandboxBridge(t, { FAST_APP_ID: 'my-fast-app' })
  const run = await npmRun('fast', ['token', '--ttl', '90'], { env: sandbox.env })
  t.equal(run.code, 0)
  const jwks = createRemoteJWKSet(new URL(`${sandbox.emulatorUrl}${SANDBOX_JWKS_PATH}`))
  const { payload } = await jwtVerify(run.stdout.trim(), jwks, { audience: 'my-fast-app', issuer: sandbox.issuer })
  t.equal((payload.exp ?? 0) - (payload.iat ?? 0), 90)
})

t.test('the bridge accepts a token from fast -- token, as curl sends it', async t => {
  const sandbox = await startSandboxBridge(t)
  const token = (await npmRun('fast', ['token'], { env: sandbox.env })).stdout.trim()
  const [created] = recordedFlow('seed-000-checkout')
  const response = await fetch(`${sandbox.bridgeUrl}/fast/v1/create`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(created.request)
  })
  await response.arrayBuffer()
  t.equal(response.status, 200)
})

t.test('the demo plays the whole checkout and the totals match the emulator\'s order', async t => {
  const sandbox = await startSandboxBridge(t)
  const run = await npmRun('demo', [], { env: sandbox.env })
  t.equal(run.code, 0, `exit 0 (stderr: ${run.stderr})`)
  t.equal(run.stderr, '')
  t.match(run.stdout, `Fast checkout demo against the bridge at ${sandbox.bridgeUrl}`)
  t.match(run.stdout, /11\. Fast retries that request \(same request_id\): the answer is replayed, nothing runs twice {2}\[update: HTTP 200, replayed, 0 BigCommerce calls\]/)
  t.match(run.stdout, /\nBigCommerce order \d+: status "Awaiting Fulfillment", total [\d.]+; Fast total [\d.]+: they match\n/)
})

t.test('with no emulator in reach the demo still completes, and says what it skipped', async t => {
  const sandbox = await startSandboxBridge(t)
  const run = await npmRun('demo', [], { env: { ...sandbox.env, SANDBOX_URL: await closedUrl() } })
  t.equal(run.code, 0, `exit 0 (stderr: ${run.stderr})`)
  t.match(run.stdout, /\(No BigCommerce emulator at http:\/\/127\.0\.0\.1:\d+: the BigCommerce call counts and the check of the totals against its order are skipped\.\)/)
  t.match(run.stdout, '11. Fast retries that request (same request_id): the answer is replayed, nothing runs twice  [update: HTTP 200, replayed]')
  t.notMatch(run.stdout, /BigCommerce calls?\]/, 'no call counts')
  t.notMatch(run.stdout, 'they match', 'no totals check')
})

t.test('the demo takes the store\'s products and coupon from DEMO_PRODUCT_IDS and DEMO_COUPON', async t => {
  const sandbox = await startSandboxBridge(t)
  const run = await npmRun('demo', [], { env: { ...sandbox.env, DEMO_PRODUCT_IDS: '113:81', DEMO_COUPON: '' } })
  t.equal(run.code, 0, `exit 0 (stderr: ${run.stderr})`)
  t.match(run.stdout, /1\. The shopper presses Fast Checkout on product 113 \(variant 81\) .*\n.*\n {3}1 × Fast Tee @ 15\.00/)
  t.notMatch(run.stdout, 'returns to the store and adds', 'no second product to add')
  t.notMatch(run.stdout, 'applies the coupon', 'no coupon step')
  t.match(run.stdout, 'they match')
})

t.test('a step the bridge refuses stops the demo with one line, and a 401 asks about DATA_DIR and FAST_APP_ID', async t => {
  const sandbox = await startSandboxBridge(t)
  const run = await npmRun('demo', [], { env: { ...sandbox.env, FAST_APP_ID: 'not-this-store' } })
  t.equal(run.code, 1)
  t.equal(run.stderr, 'the demo stopped at step 1: the bridge answered HTTP 401: does the bridge run with this DATA_DIR and FAST_APP_ID?\n')
  t.match(run.stdout, /1\. The shopper presses Fast Checkout on the Fast Hoodie {2}\[create: HTTP 401/)
})
