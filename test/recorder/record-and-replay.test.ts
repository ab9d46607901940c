/**
 * The recorder's promise: a checkout recorded with RECORD_FIXTURES replays with nock, through a
 * fresh bridge on the fixtures' store, to the same Fast answers (with the recording's stand-ins
 * for the shopper, in the requests as in the answers).
 */
import { relative } from 'node:path'
import t from 'tap'
import { FIXTURES_DIR, replayScenario } from '../helpers/bigcommerce-fixtures.js'
import { buildTestApp } from '../helpers/build-app.js'
import { recordJourney } from './journey.js'

t.test('a checkout recorded with RECORD_FIXTURES replays with nock to the same Fast answers', async t => {
  const journey = await recordJourney(t)
  t.same(journey.answers.map(answer => answer.statusCode), [200, 200, 200, 200, 200, 200], 'the recorded checkout succeeded')

  // replayScenario reads folders under fixtures/bigcommerce/: the recording's is reached from there.
  const replay = replayScenario(t, relative(FIXTURES_DIR, journey.dir))
  const bridge = await buildTestApp(t)
  for (const [i, call] of journey.calls.entries()) {
    const answer = await bridge.fast(call.operation, journey.recording.redact(call.body))
    t.same({ statusCode: answer.statusCode, body: answer.body }, journey.recording.redact(journey.answers[i]), `Fast call ${i + 1} (${call.operation}) answers as recorded`)
  }
  t.equal(replay.replayed(), replay.files.length, 'every recorded exchange was used')
})

t.test('files are numbered in call order, calls in flight together sharing a number, and named for what they do', async t => {
  const journey = await recordJourney(t)
  t.same([...journey.fixtures().keys()], [
    '01-create-cart.json',
    '02-add-billing-address.json',
    '03-read-checkout.json',
    '04-add-consignment.json',
    '05-select-shipping-option.json',
    '06-read-checkout.json',
    '07-create-order.json',
    // The conversion stamps the order and reads it at once.
    '08-read-order.json',
    '08-stamp-order.json',
    '09-read-order.json'
  ])
})
