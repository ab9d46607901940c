/**
 * Records one checkout through the bridge with RECORD_FIXTURES, the way a developer records from a
 * real store, but against the BigCommerce emulator: a store whose hash and access token are not the
 * fixtures' ones, and a shopper of its own, so the recorder's redaction has everything to redact.
 * The checkout: create, bill_to, shipments, shipping option, convert, read the order.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import type { FixtureDefinition, FixtureRecording } from '../../src/bigcommerce/recorder/fixture-recording.js'
import { buildSandbox } from '../../src/sandbox/app.js'
import { buildTestApp, type TestBridge } from '../helpers/build-app.js'
import { billToBody, convertBody, createBody, LINE_1, readOrderBody, shippingOptionBody, updateBody } from '../use-cases/flows.js'

/** The "real" store: what must never reach a fixture. */
export const REAL_STORE = { hash: 'k7q2zx9wvm', accessToken: 'real-store-access-token-4f9c2e71b0' }

/** The shopper of the journey: every value is shopper data the files must not hold. */
export const SHOPPER = {
  first_name: 'Grace',
  last_name: 'Hopper',
  email: 'grace.hopper@navy-yard.test',
  phone: '+12025550143',
  address_1: '1701 Harbor Lane',
  address_2: 'Apartment 4B',
  city_locality: 'San Diego',
  state_province_code: 'CA',
  country: 'US',
  country_code: 'US',
  postal_code: '92101'
}

export type FastOperation = 'create' | 'read' | 'update' | 'delete'
export interface FastCall { operation: FastOperation, body: unknown }
export interface FastAnswer { statusCode: number, body: unknown }

export interface RecordedJourney {
  dir: string
  recording: FixtureRecording
  /** The Fast requests sent, in order, and what the bridge answered to each. */
  calls: FastCall[]
  answers: FastAnswer[]
  /** The written files, parsed, by file name. */
  fixtures: () => Map<string, FixtureDefinition>
}

export async function recordJourney (t: Test): Promise<RecordedJourney> {
  const dir = mkdtempSync(join(tmpdir(), 'recorded-'))
  t.teardown(() => { rmSync(dir, { recursive: true, force: true }) })
  const emulator = buildSandbox({ stores: [REAL_STORE] })
  const address = await emulator.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await emulator.close() })
  const bridge: TestBridge = await buildTestApp(t, {
    env: {
      BIGCOMMERCE_API_URL: address,
      BIGCOMMERCE_STORE_HASH: REAL_STORE.hash,
      BIGCOMMERCE_ACCESS_TOKEN: REAL_STORE.accessToken,
      RECORD_FIXTURES: dir
    }
  })
  const calls: FastCall[] = []
  const answers: FastAnswer[] = []
  const send = async (operation: FastOperation, body: unknown): Promise<any> => {
    const answer = await bridge.fast(operation, body)
    calls.push({ operation, body })
    answers.push({ statusCode: answer.statusCode, body: answer.body })
    return answer.body
  }
  await send('create', createBody([{ id: LINE_1, product: '112', quantity: 1 }]))
  await send('update', billToBody(SHOPPER))
  const shipped = await send('update', updateBody({ shipments: [{ ship_to: SHOPPER, line_refs: [{ id: { value: LINE_1 }, quantity: 1 }] }] }))
  const plan = shipped?.order?.order?.shipment_plans?.[0]
  await send('update', shippingOptionBody(plan?.external_id, plan?.available_options?.[0]?.external_id))
  const converted = await send('update', convertBody())
  await send('read', readOrderBody({ externalOrderId: String(converted?.order?.order?.external_id) }))
  return {
    dir,
    recording: bridge.app.bigcommerce.recording as FixtureRecording,
    calls,
    answers,
    fixtures: () => new Map(readdirSync(dir).sort().map(file => [file, JSON.parse(readFileSync(join(dir, file), 'utf8')) as FixtureDefinition]))
  }
}
