/**
 * SANDBOX_FAST_TOKENS=true (development only): a bridge serving a real store believes tokens signed
 * with the sandbox key under DATA_DIR, the key `npm run demo` signs with, instead of Fast's JWKS; so
 * the demo can drive it while RECORD_FIXTURES records. Any other key is still refused.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { buildSandbox } from '../../src/sandbox/app.js'
import { loadSandboxSigner } from '../../src/sandbox/fast-key.js'
import { ACCESS_TOKEN, buildTestApp, FAST_APP_ID, STORE_HASH, type TestBridge } from '../helpers/build-app.js'
import { createBody, LINE_1 } from '../use-cases/flows.js'

const CART = createBody([{ id: LINE_1, product: '112', quantity: 1 }])

async function bridgeTrustingTheSandboxKey (t: Test): Promise<{ bridge: TestBridge, dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-tokens-'))
  t.teardown(() => { rmSync(dataDir, { recursive: true, force: true }) })
  const emulator = buildSandbox({ stores: [{ hash: STORE_HASH, accessToken: ACCESS_TOKEN }] })
  const address = await emulator.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await emulator.close() })
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: address, DATA_DIR: dataDir, SANDBOX_FAST_TOKENS: 'true' } })
  return { bridge, dataDir }
}

async function createCart (bridge: TestBridge, authorization: string): Promise<number> {
  const answer = await bridge.app.inject({
    method: 'POST',
    url: '/fast/v1/create',
    headers: { authorization, 'content-type': 'application/json' },
    payload: JSON.stringify(CART)
  })
  return answer.statusCode
}

t.test('a token signed with the sandbox key under DATA_DIR is accepted', async t => {
  const { bridge, dataDir } = await bridgeTrustingTheSandboxKey(t)
  // The bridge made the key at start-up, as the demo expects to find it.
  const signer = loadSandboxSigner(dataDir)
  t.equal(await createCart(bridge, `Bearer ${signer.sign({ aud: FAST_APP_ID })}`), 200)
})

t.test('a token signed with any other key is refused, even one Fast\'s JWKS URL publishes', async t => {
  const { bridge } = await bridgeTrustingTheSandboxKey(t)
  // buildTestApp's FAST_JWKS_URL serves this key: SANDBOX_FAST_TOKENS does not consult it.
  t.equal(await createCart(bridge, bridge.jwks.bearer(FAST_APP_ID)), 401)
})

t.test('a sandbox-signed token for another Fast App ID is refused', async t => {
  const { bridge, dataDir } = await bridgeTrustingTheSandboxKey(t)
  const signer = loadSandboxSigner(dataDir)
  t.equal(await createCart(bridge, `Bearer ${signer.sign({ aud: 'someone-else' })}`), 401)
})
