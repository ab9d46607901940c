/**
 * Records fixtures/bigcommerce/<use-case>/ by running the bridge against the sandbox store
 * (src/sandbox, a stateful BigCommerce emulator whose answers follow the official OpenAPI documents),
 * under the recorder's fixture store hash and token (FIXTURE_STORE_HASH, FIXTURE_ACCESS_TOKEN). Every
 * request the bridge makes and the sandbox's answer become one `NN-<what>.json` (nock.define format),
 * written by the bridge's own recorder (src/bigcommerce/recorder/, the one RECORD_FIXTURES turns on;
 * here with the emulator's invented shopper kept), checked against the official documents after
 * recording (and again by test/openapi/fixtures-match-openapi.test.ts).
 *
 *   RECORD=all npx tap test/use-cases/record-fixtures.ts --disable-coverage   # every scenario
 *   RECORD=update-add-item npx tap test/use-cases/record-fixtures.ts ...     # one (comma-separated list)
 * Without RECORD it records nothing (tap also runs this file when given the folder).
 *
 * Existing files of a recorded scenario are replaced. The recorded files are then reviewed by hand;
 * customers (read a user) are not emulated by the sandbox, so that fixture is written by hand.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { FIXTURE_ACCESS_TOKEN, FIXTURE_STORE_HASH, type FixtureDefinition, type FixtureRecording } from '../../src/bigcommerce/recorder/fixture-recording.js'
import { buildSandbox } from '../../src/sandbox/app.js'
import { loadSeed } from '../../src/sandbox/seed.js'
import type { StoreSeed } from '../../src/sandbox/types.js'
import { FIXTURES_DIR } from '../helpers/bigcommerce-fixtures.js'
import { buildTestApp, type TestBridge } from '../helpers/build-app.js'
import { validateAgainstOpenApi } from '../helpers/openapi.js'
import { SCENARIOS, type RecordControl } from './scenarios.js'

const wanted = process.env.RECORD ?? ''
const only = wanted === 'all' ? undefined : wanted.split(',').filter(Boolean)

/** Every written file must match the official documents, request and answer. */
function checkAgainstDocuments (t: Test, scenario: string, recording: FixtureRecording): void {
  for (const file of recording.files()) {
    const fixture = JSON.parse(readFileSync(join(FIXTURES_DIR, scenario, file), 'utf8')) as FixtureDefinition
    const { method, path, status } = fixture
    const errors = [
      ...validateAgainstOpenApi({ method, path, status, body: fixture.response }),
      ...validateAgainstOpenApi({ method, path, body: fixture.body, kind: 'request' })
    ]
    if (errors.length > 0) t.fail(`${scenario}: ${method} ${path} does not match the official documents`, { errors })
  }
}

function seedWithStateZone (): StoreSeed {
  const seed = loadSeed()
  seed.shipping_zones = [
    ...seed.shipping_zones,
    {
      id: 3,
      name: 'California',
      type: 'state',
      locations: [{ id: 3, country_iso2: 'US', state_iso2: 'CA' }],
      tax_rate: '0',
      tax_name: 'Sales Tax',
      methods: [{ id: 4, name: 'Local courier', type: 'perorder', rate: '5.00', transit_time: '1 business day' }]
    } as unknown as StoreSeed['shipping_zones'][number]
  ]
  return seed
}

if (wanted === '') t.pass('nothing recorded: set RECORD=all or RECORD=<scenario>,...')
for (const [scenario, script] of Object.entries(SCENARIOS)) {
  if (wanted === '' || (only !== undefined && !only.includes(scenario))) continue
  t.test(`record ${scenario}`, async t => {
    const sandbox = buildSandbox({ stores: [{ hash: FIXTURE_STORE_HASH, accessToken: FIXTURE_ACCESS_TOKEN }], ...(script.stateZone === true ? { seed: seedWithStateZone() } : {}) })
    const address = await sandbox.listen({ port: 0, host: '127.0.0.1' })
    t.teardown(async () => { await sandbox.close() })
    // The emulator's shopper is invented, and the use-case tests replay with the same Fast requests.
    const bridge: TestBridge = await buildTestApp(t, {
      env: { BIGCOMMERCE_API_URL: address },
      recordFixtures: { dir: join(FIXTURES_DIR, scenario), keepShopperData: true, onError: (err) => { t.error(err) } }
    })
    const recording = bridge.app.bigcommerce.recording as FixtureRecording
    const control: RecordControl = {
      async direct (method, path, body) {
        // Straight to the emulator, not through the bridge's client: not recorded.
        const answer = await sandbox.inject({ method, url: `/stores/${FIXTURE_STORE_HASH}${path}`, headers: { 'x-auth-token': FIXTURE_ACCESS_TOKEN, 'content-type': 'application/json' }, payload: body === undefined ? undefined : JSON.stringify(body) })
        return answer.json()
      }
    }
    await script.run({ bridge, step: async (_name, request) => await request() }, control)
    checkAgainstDocuments(t, scenario, recording)
    t.pass(`${scenario}: ${recording.files().length} exchanges`)
  })
}
