/**
 * Requests refused by Node's HTTP parser, before any route runs, still answer in Fast's error body.
 * inject() bypasses the parser, so these go over a real socket, as raw bytes.
 */
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { buildTestApp, FAST_APP_ID } from '../helpers/build-app.js'
import { checkFastError, forbidBigCommerce, type FastAnswer } from '../helpers/fake-bigcommerce-guards.js'

/** Listens on loopback and answers `send(raw)`: what came back before the bridge closed the connection. */
async function listening (t: Test): Promise<{ send (raw: string): Promise<FastAnswer & { raw: string }>, bearer: string }> {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  await bridge.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = bridge.app.server.address() as AddressInfo
  return {
    bearer: bridge.jwks.bearer(FAST_APP_ID),
    send: async (raw) => await new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1')
      const chunks: Buffer[] = []
      socket.on('data', (chunk: Buffer) => chunks.push(chunk))
      socket.on('error', reject)
      // The bridge closes the connection after such an answer: the whole answer is in by then.
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        const [head = '', body = ''] = text.split('\r\n\r\n', 2)
        const [statusLine = '', ...headerLines] = head.split('\r\n')
        const headers = Object.fromEntries(headerLines.map(line => {
          const colon = line.indexOf(':')
          return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]
        }))
        let parsed: unknown
        try { parsed = JSON.parse(body) } catch { parsed = body }
        resolve({ statusCode: Number(statusLine.split(' ')[1]), headers, body: parsed, raw: text })
      })
      socket.write(raw)
    })
  }
}

t.test('an Authorization header over 16 KB answers 431 in Fast\'s error body and closes the connection', async (t) => {
  const { send } = await listening(t)
  const answer = await send(`POST /fast/v1/read HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${'a'.repeat(20 * 1024)}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`)
  checkFastError(t, answer, 431, 'HEADERS_TOO_LARGE')
  t.equal(answer.body.code, 3, 'INVALID_ARGUMENT')
  t.equal(answer.headers.connection, 'close')
  t.equal(Number(answer.headers['content-length']), Buffer.byteLength(JSON.stringify(answer.body)), 'the length is the body\'s')
})

t.test('a malformed request line answers 400 in Fast\'s error body', async (t) => {
  const { send } = await listening(t)
  for (const raw of ['GARBAGE\r\n\r\n', 'POST /fast/v1/read HTTP/9.9.9\r\n\r\n', 'POST /fast/v1/read HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n']) {
    const answer = await send(raw)
    checkFastError(t, answer, 400, 'MALFORMED_HTTP_REQUEST')
    t.equal(answer.headers.connection, 'close', `${JSON.stringify(raw)}: the connection is closed`)
  }
})

t.test('a well-formed request on the same kind of socket is answered by the route as usual', async (t) => {
  const { send, bearer } = await listening(t)
  const body = '{"type":"ENTITY_TYPE_ORDER","order":{"order_id":{"value":"eb3b8e18-930d-4213-92a0-4993f9e536a8"}}}'
  const answer = await send(`POST /fast/v1/read HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${bearer}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`)
  checkFastError(t, answer, 404, 'ORDER_NOT_FOUND')
})
