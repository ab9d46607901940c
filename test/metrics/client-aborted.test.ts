/**
 * A Fast request whose client goes away before the answer (Fast's own timeout) is counted once, under
 * outcome CLIENT_ABORTED with the time it had run, though Fastify's onResponse never runs for it.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import t, { type Test } from 'tap'
import metricsPlugin, { CLIENT_ABORTED } from '../../src/plugins/metrics.js'
import { parseExposition, sumOf, type Sample } from './scrape.js'

/** A listening app with the metrics plugin and a stand-in for Fast's read whose answer waits for `release`. */
async function appWithHeldRead (t: Test) {
  const app = Fastify()
  t.teardown(async () => { await app.close() })
  await app.register(metricsPlugin)
  const held = signal()
  const entered = signal()
  const closed = signal()
  app.post('/fast/v1/read', async (_request, reply) => {
    // Listened to after the plugin's own listener, so this resolves once the abort is counted.
    reply.raw.once('close', () => closed.resolve())
    entered.resolve()
    await held.promise
    return { held: false }
  })
  const address = await app.listen({ port: 0, host: '127.0.0.1' })
  const samples = async (): Promise<Sample[]> => parseExposition(await app.metrics.registry.metrics())
  return { app, port: (app.server.address() as AddressInfo).port, address, held, entered: entered.promise, closed: closed.promise, samples }
}

/** A promise and the function resolving it. */
function signal (): { promise: Promise<void>, resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>(resolved => { resolve = resolved })
  return { promise, resolve }
}

function postRead (port: number): http.ClientRequest {
  const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/fast/v1/read', headers: { 'content-type': 'application/json' } })
  request.on('error', () => {}) // the test destroys it
  request.end('{}')
  return request
}

t.test('a request whose client disconnects before the answer is counted as CLIENT_ABORTED, with its latency', async (t) => {
  const bridge = await appWithHeldRead(t)
  const client = postRead(bridge.port)
  await bridge.entered
  client.destroy()
  await bridge.closed

  const samples = await bridge.samples()
  t.equal(sumOf(samples, 'fast_requests_total', { operation: 'read', outcome: CLIENT_ABORTED }), 1)
  t.equal(sumOf(samples, 'fast_request_duration_seconds_count', { operation: 'read', outcome: CLIENT_ABORTED }), 1, 'its latency observed')
  t.ok(sumOf(samples, 'fast_request_duration_seconds_sum', { operation: 'read', outcome: CLIENT_ABORTED }) > 0, 'the time it had run')
  t.equal(sumOf(samples, 'fast_requests_total'), 1, 'and nothing else')
  bridge.held.resolve()
})

t.test('an aborted request is not counted again when its handler answers afterwards', async (t) => {
  const bridge = await appWithHeldRead(t)
  const client = postRead(bridge.port)
  await bridge.entered
  client.destroy()
  await bridge.closed
  bridge.held.resolve()
  // A whole second exchange, on a new connection, after the first answer was written to the closed one.
  const next = await fetch(`${bridge.address}/fast/v1/read`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
  t.equal(next.status, 200)
  await next.text()

  const samples = await bridge.samples()
  t.equal(sumOf(samples, 'fast_requests_total', { operation: 'read', outcome: CLIENT_ABORTED }), 1, 'the aborted one, once')
  t.equal(sumOf(samples, 'fast_requests_total', { operation: 'read', outcome: 'ok' }), 1, 'the answered one')
  t.equal(sumOf(samples, 'fast_request_duration_seconds_count'), 2, 'two latencies observed')
})
