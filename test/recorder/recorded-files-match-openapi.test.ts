/**
 * Files recorded with RECORD_FIXTURES are fixtures like the committed ones: each request and answer
 * validates against BigCommerce's official OpenAPI documents, redaction's stand-ins included.
 */
import t from 'tap'
import { validateAgainstOpenApi } from '../helpers/openapi.js'
import { recordJourney } from './journey.js'

t.test('every recorded request and answer matches BigCommerce\'s documents', async t => {
  const journey = await recordJourney(t)
  for (const [file, { method, path, status, body, response }] of journey.fixtures()) {
    const errors = [
      ...validateAgainstOpenApi({ method, path, status, body: response }),
      ...validateAgainstOpenApi({ method, path, body, kind: 'request' })
    ]
    t.same(errors, [], file)
  }
})
