/**
 * METRICS_PORT: /metrics is served only on its own listener, started with the app and closed with it,
 * and the app's public port answers 404 for it; unset, the app serves /metrics itself.
 */
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { buildTestApp } from '../helpers/build-app.js'
import { parseExposition, sumOf } from './scrape.js'

const READ_ZONES = { type: 'ENTITY_TYPE_SHIPPING_ZONES' }

t.test('with METRICS_PORT, the app\'s own port answers 404 for /metrics and the metrics port serves it', async (t) => {
  const bridge = await buildTestApp(t, { env: { METRICS_PORT: '0' } })
  await bridge.fast('read', READ_ZONES, { authorization: 'Bearer not-a-token' })
  const onAppPort = await bridge.app.inject({ method: 'GET', url: '/metrics' })
  t.equal(onAppPort.statusCode, 404, 'not on the app\'s port')

  const listener = bridge.app.metricsListener
  t.ok(listener?.listening, 'the metrics listener is up once the app is built')
  const { address, port } = listener?.address() as AddressInfo
  t.equal(address, '127.0.0.1', 'on HOST')
  const response = await fetch(`http://${address}:${port}/metrics`)
  t.equal(response.status, 200)
  t.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/)
  const samples = parseExposition(await response.text())
  t.equal(sumOf(samples, 'fast_requests_total', { operation: 'read', outcome: 'UNAUTHENTICATED' }), 1, 'this app\'s counts')
  t.ok(samples.some(sample => sample.name === 'process_resident_memory_bytes'), 'and the process\'s default metrics')
})

t.test('the metrics port serves nothing but /metrics', async (t) => {
  const bridge = await buildTestApp(t, { env: { METRICS_PORT: '0' } })
  const { port } = bridge.app.metricsListener?.address() as AddressInfo
  for (const path of ['/health', '/fast/v1/read', '/metrics/extra']) {
    const response = await fetch(`http://127.0.0.1:${port}${path}`)
    t.equal(response.status, 404, path)
    await response.body?.cancel()
  }
})

t.test('closing the app closes the metrics port', async (t) => {
  const bridge = await buildTestApp(t, { env: { METRICS_PORT: '0' } })
  const listener = bridge.app.metricsListener
  const { port } = listener?.address() as AddressInfo
  // A scraper's keep-alive connection must not hold the close up.
  const scraped = await fetch(`http://127.0.0.1:${port}/metrics`)
  await scraped.text()
  await bridge.app.close()
  t.equal(listener?.listening, false, 'no longer listening')
  await t.rejects(fetch(`http://127.0.0.1:${port}/metrics`), 'connections are refused')
})

t.test('a taken METRICS_PORT fails the app\'s start, naming the port', async (t) => {
  const first = await buildTestApp(t, { env: { METRICS_PORT: '0' } })
  const { port } = first.app.metricsListener?.address() as AddressInfo
  await t.rejects(buildTestApp(t, { env: { METRICS_PORT: String(port) } }), { code: 'EADDRINUSE', port })
})

t.test('without METRICS_PORT, the app serves /metrics and starts no second listener', async (t) => {
  const bridge = await buildTestApp(t)
  t.equal(bridge.app.metricsListener, null)
  t.equal((await bridge.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 200)
})
