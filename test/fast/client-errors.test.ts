/**
 * The answer written on a socket Node's HTTP parser gave up on, for the errors the end-to-end test
 * (test/app/http-errors.test.ts) cannot provoke quickly: a request that took too long to arrive
 * (Fastify's requestTimeout is 60 s) and a connection the client already reset.
 */
import { createServer, connect, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import t, { type Test } from 'tap'
import { clientErrorHandler } from '../../src/fast/client-errors.js'

const silent = { log: { debug () {} } } as unknown as FastifyInstance

/** Runs the handler on the server end of a loopback connection and answers what the client received. */
async function answerTo (t: Test, err: Error & { code?: string }): Promise<string> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise<void>(resolve => server.close(() => resolve())))
  const accepted = new Promise<Socket>(resolve => server.once('connection', resolve))
  const client = connect((server.address() as AddressInfo).port, '127.0.0.1')
  const received = new Promise<string>((resolve) => {
    const chunks: Buffer[] = []
    client.on('data', (chunk: Buffer) => chunks.push(chunk))
    client.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')))
  })
  const socket = await accepted
  clientErrorHandler.call(silent, err, socket)
  // Whatever the handler did, the test closes its end: what the client got is then all there is.
  socket.end()
  return await received
}

t.test("a request that took too long to arrive answers 408 REQUEST_TIMEOUT in Fast's error body", async (t) => {
  const text = await answerTo(t, Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }))
  t.match(text, /^HTTP\/1\.1 408 Request Timeout\r\n/)
  t.match(text, /\r\nConnection: close\r\n/)
  const body = JSON.parse(text.split('\r\n\r\n')[1] as string)
  t.match(body, { code: 4, message: String, details: [{ reason: 'REQUEST_TIMEOUT', domain: 'fast-bigcommerce' }] })
})

t.test('a connection the client reset gets nothing written', async (t) => {
  const text = await answerTo(t, Object.assign(new Error('reset'), { code: 'ECONNRESET' }))
  t.equal(text, '')
})
