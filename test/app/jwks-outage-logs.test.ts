/**
 * While Fast's JWKS is down, the log says so once per failed fetch (at most one every 30 s), not
 * once per request: each request answered 503 JWKS_UNAVAILABLE logs at info level, without a stack.
 */
import { Writable } from 'node:stream'
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { checkFastError, forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'

const REQUESTS = 25

function memoryLog (): { stream: Writable, lines: () => Array<Record<string, any>> } {
  const chunks: string[] = []
  const stream = new Writable({
    write (chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'))
      done()
    }
  })
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map(line => JSON.parse(line) as Record<string, any>) }
}

t.test(`${REQUESTS} requests while Fast's JWKS is down log one line per JWKS fetch and no error per request`, async (t) => {
  forbidBigCommerce(t)
  const log = memoryLog()
  const bridge = await buildTestApp(t, { logger: { level: 'info', stream: log.stream } })
  bridge.jwks.setMode('http-error')
  for (let i = 0; i < REQUESTS; i++) {
    const answer = await bridge.fast('read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: 'eb3b8e18-930d-4213-92a0-4993f9e536a8' } } })
    checkFastError(t, answer, 503, 'JWKS_UNAVAILABLE')
  }
  const lines = log.lines()
  const fetches = bridge.jwks.fetchCount()
  // One fetch per 30 s whatever the number of requests (src/fast/jwks.ts); this test takes far less than 30 s per request.
  t.ok(fetches >= 1 && fetches < REQUESTS, `the JWKS was fetched ${fetches} time(s) for ${REQUESTS} requests`)
  const aboutJwks = lines.filter(line => line.level >= 40 && /JWKS/.test(String(line.msg)))
  t.equal(aboutJwks.length, fetches, 'one warning or error line per failed JWKS fetch')
  t.match(aboutJwks[0], { msg: /answered HTTP 503/ }, 'saying why')
  t.equal(aboutJwks[0]?.reqId, undefined, 'not tied to the request that happened to trigger the fetch')
  const perRequest = lines.filter(line => line.reason === 'JWKS_UNAVAILABLE')
  t.equal(perRequest.length, REQUESTS, 'each refused request is logged once')
  t.same(perRequest.filter(line => line.level > 30), [], 'at info level at most')
  t.same(perRequest.filter(line => line.err !== undefined || /\n\s+at /.test(JSON.stringify(line))), [], 'without a stack')
  t.same(lines.filter(line => line.level >= 50 && line.reqId !== undefined), [], 'no error line for any request')
})
