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
