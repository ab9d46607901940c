/**
 * One info line per request (src/plugins/request-log.ts), logged when the answer has gone: the method, the path
 * without its query, the status, the time taken, and the store and request_id when there are.
 */
import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import t from 'tap'
import { buildTestApp, FAST_APP_ID, STORE_HASH } from '../helpers/build-app.js'

function memoryLog (): { stream: Writable, lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, done) { chunks.push(chunk.toString('utf8')); done() } })
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map(line => JSON.parse(line) as Record<string, unknown>) }
}

t.test('a Fast call is logged in one info line with its path, status, time, store and request_id', async (t) => {
  const log = memoryLog()
  const bridge = await buildTestApp(t, { logger: { level: 'info', stream: log.stream } })
  const requestId = randomUUID()
  const answer = await bridge.fast('update', { request_id: { value: requestId }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: randomUUID() }, is_cart: true, bill_to: {} } },
    { authorization: bridge.jwks.bearer(FAST_APP_ID) })
  const lines = log.lines()
  const line = lines.find(line => line.msg === 'request completed')
  t.match(line, { level: 30, method: 'POST', url: '/fast/v1/update', status: answer.statusCode, ms: Number, store: STORE_HASH, request_id: requestId, reqId: String })
  t.equal(lines.filter(line => line.msg === 'request completed').length, 1, 'one request line')
  t.notOk(lines.some(line => line.msg === 'incoming request'), 'not Fastify\'s incoming-request line')
})

t.test('a request is logged by its path without its query, with no store before a token names one', async (t) => {
  const log = memoryLog()
  const bridge = await buildTestApp(t, { logger: { level: 'info', stream: log.stream } })
  const answer = await bridge.app.inject({ method: 'POST', url: '/fast/v1/read?code=canary-secret', payload: {} })
  t.equal(answer.statusCode, 401)
  const lines = log.lines().filter(line => line.msg === 'request completed')
  t.equal(lines.length, 1, 'one request line')
  t.match(lines[0], { method: 'POST', url: '/fast/v1/read', status: 401 })
  t.notOk('store' in (lines[0] ?? {}), 'no store')
  t.notOk(JSON.stringify(log.lines()).includes('canary-secret'), 'the query is not logged')
})
