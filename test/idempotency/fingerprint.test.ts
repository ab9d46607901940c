import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { test } from 'tap'
import fc from 'fast-check'
import { builtCanonical, fingerprint } from '../../src/idempotency/fingerprint.js'

/** Bodies as JSON.parse makes them: any key order, index-like keys, "__proto__" members. */
const jsonBody = fc.jsonValue().map(value => JSON.parse(JSON.stringify(value)) as unknown)

test('answers stored by the first release still match the same body after an upgrade', async t => {
  // Fingerprints the first release stored for these bodies (computed with it, commit 323d2b2).
  const checkoutBody = (JSON.parse(readFileSync('fixtures/fast/seed-000-checkout/03-update-bill-to.json', 'utf8')) as { request: unknown }).request
  t.equal(fingerprint('/fast/v1/update', checkoutBody), 'a08f57b762d8bcfccd8e3a4c723a8ac395f04dac4a8873f137a6209421258f3c')
  t.equal(fingerprint('/fast/v1/update', JSON.parse('{"b":{"10":1,"2":[true,null,"x"],"a":-0.5},"":"é"}')), '8ad74a77bc7bf26c6c3a3ec2ffad1890bb532ccd74b51d3cca33ab20d5f89872')
})

test('any body gets the fingerprint of its canonical text, whichever way it is computed', async t => {
  const ofText = (operation: string, body: unknown) => createHash('sha256').update(operation).update('\n').update(builtCanonical(body)).digest('hex')
  fc.assert(fc.property(fc.string(), jsonBody, (operation, body) => fingerprint(operation, body) === ofText(operation, body)), { numRuns: 2000 })
  t.pass()
})

test('the same body with its keys in another order has the same fingerprint', async t => {
  const a = { request_id: { value: 'r1' }, order: { bill_to: { city: 'SF', country: 'US' }, order_id: { value: 'o1' } } }
  const b = { order: { order_id: { value: 'o1' }, bill_to: { country: 'US', city: 'SF' } }, request_id: { value: 'r1' } }
  t.equal(fingerprint('/fast/v1/update', a), fingerprint('/fast/v1/update', b))
})

test('another value, another operation or a member named __proto__ changes the fingerprint', async t => {
  const body = { order: { bill_to: { city: 'SF' } } }
  t.not(fingerprint('/fast/v1/update', body), fingerprint('/fast/v1/update', { order: { bill_to: { city: 'LA' } } }))
  t.not(fingerprint('/fast/v1/update', body), fingerprint('/fast/v1/create', body))
  const withProto = JSON.parse('{"z":1,"__proto__":{"city":"SF"}}') as unknown
  t.not(fingerprint('/fast/v1/update', withProto), fingerprint('/fast/v1/update', { z: 1 }))
})
