/**
 * fly.toml agrees with the app and its image: Fly's proxy reaches the port the server binds, its
 * checks ask routes the app serves, its scraper reads /metrics on the private metrics port, its stop signal is one the server closes gracefully on, and it
 * waits longer than the server takes to finish requests in flight before it kills the machine.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { parse } from 'smol-toml'
import t from 'tap'
import { ORDER_POST_TIMEOUT_MS } from '../../src/bigcommerce/checkouts.js'
import { readConfig } from '../../src/config.js'
import { READY_DATABASE_TIMEOUT_MS } from '../../src/plugins/readiness.js'
import { SHUTDOWN_GRACE_MS } from '../../src/shutdown.js'
import { buildTestApp } from '../helpers/build-app.js'

interface FlyToml {
  kill_signal?: string
  kill_timeout?: number | string
  env?: Record<string, string>
  http_service?: { internal_port?: number, checks?: Array<{ path?: string, method?: string, timeout?: string }> }
  metrics?: { port?: number, path?: string }
  mounts?: Array<{ source?: string, destination?: string }>
}

const fly = parse(readFileSync('fly.toml', 'utf8')) as FlyToml
const dockerfile = readFileSync('Dockerfile', 'utf8')
/** Dockerfile `ENV A=1 B=2` lines, merged. */
const dockerEnv = Object.fromEntries([...dockerfile.matchAll(/^ENV (.+)$/gm)].flatMap(([, line]) =>
  [...(line ?? '').matchAll(/(\w+)="?([^"\s]*)"?/g)].map(([, name, value]) => [name, value])))
// close-with-grace's list of the signals it handles (it has no `exports` map, so the file is reachable).
const GRACEFUL_SIGNALS = createRequire(import.meta.url)('close-with-grace/events/signal.events.js').signalEvents as string[]

/** Seconds, from a TOML integer or a Go-style duration ("5s", "1m"). */
function seconds (value: number | string | undefined): number {
  if (typeof value === 'number') return value
  const match = /^(\d+)(s|m)$/.exec(value ?? '')
  if (match === null) throw new Error(`not a duration: ${String(value)}`)
  return Number(match[1]) * (match[2] === 'm' ? 60 : 1)
}

t.test('fly.toml parses, and Fly\'s proxy reaches the port the server binds, on every interface', async t => {
  t.equal(fly.env?.HOST, '0.0.0.0', 'HOST in [env]: Fly reaches the machine on its private address')
  t.equal(fly.http_service?.internal_port, Number(fly.env?.PORT), 'internal_port is PORT in [env]')
  t.equal(Number(dockerEnv.PORT), fly.http_service?.internal_port, 'the Dockerfile\'s ENV PORT')
  t.match(dockerfile, new RegExp(`^EXPOSE ${String(fly.http_service?.internal_port)}$`, 'm'), 'the Dockerfile exposes it')
})

t.test('Fly scrapes /metrics from METRICS_PORT, a port the public service does not expose', async t => {
  t.equal(fly.metrics?.port, Number(fly.env?.METRICS_PORT), '[metrics].port is METRICS_PORT in [env]')
  t.not(fly.metrics?.port, fly.http_service?.internal_port, 'not the http_service\'s internal_port, which the internet reaches')
  const bridge = await buildTestApp(t, { env: { METRICS_PORT: '0' } })
  t.equal((await bridge.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404, 'the public port answers 404 for /metrics')
  const { port } = bridge.app.metricsListener?.address() as AddressInfo
  const scraped = await fetch(`http://127.0.0.1:${port}${fly.metrics?.path ?? ''}`)
  t.equal(scraped.status, 200, `the metrics port serves ${fly.metrics?.path ?? '(no metrics path)'}`)
  await scraped.body?.cancel()
})

t.test('the checks are routes the app serves', async t => {
  const bridge = await buildTestApp(t)
  const checks = fly.http_service?.checks ?? []
  t.ok(checks.length > 0, 'at least one http_service check')
  for (const check of checks) {
    t.ok(bridge.app.hasRoute({ method: check.method ?? 'GET', url: check.path ?? '' }), `${check.method ?? 'GET'} ${check.path ?? '(no path)'} is served`)
  }
  const ready = checks.find(check => check.path === '/ready')
  t.ok(ready, 'routing follows readiness: a machine whose database is gone, or that is stopping, is taken out')
  t.ok(seconds(ready?.timeout ?? '0s') * 1000 > READY_DATABASE_TIMEOUT_MS, `/ready gives up on the database (${READY_DATABASE_TIMEOUT_MS} ms) before the check times out (${String(ready?.timeout)})`)
})

t.test('Fly stops the machine with a signal the server closes gracefully on, and waits longer than the server takes', async t => {
  t.ok(GRACEFUL_SIGNALS.includes(fly.kill_signal ?? 'SIGINT'), `${fly.kill_signal ?? 'SIGINT'} is handled by close-with-grace`)
  t.ok(seconds(fly.kill_timeout ?? 5) * 1000 > SHUTDOWN_GRACE_MS, `kill_timeout (${String(fly.kill_timeout)}) is longer than the server's grace (${SHUTDOWN_GRACE_MS} ms)`)
  t.ok(seconds(fly.kill_timeout ?? 5) <= 300, 'kill_timeout is within what Fly allows (300 s)')
})

t.test('the server\'s grace covers the slowest request in flight: an order POST, and a Fast call up to its default deadline', async t => {
  t.ok(SHUTDOWN_GRACE_MS >= ORDER_POST_TIMEOUT_MS, `the grace (${SHUTDOWN_GRACE_MS} ms) lets an order POST run to its timeout (${ORDER_POST_TIMEOUT_MS} ms)`)
  const { FAST_DEADLINE_MS } = readConfig({})
  t.ok(SHUTDOWN_GRACE_MS >= FAST_DEADLINE_MS, `the grace (${SHUTDOWN_GRACE_MS} ms) lets a Fast call run to its default deadline (${FAST_DEADLINE_MS} ms)`)
})

t.test('the database lives on the volume Fly mounts', async t => {
  t.equal(fly.env?.DATA_DIR, dockerEnv.DATA_DIR, 'DATA_DIR in [env] and in the Dockerfile')
  t.ok(fly.mounts?.some(mount => mount.destination === fly.env?.DATA_DIR), 'a [[mounts]] at DATA_DIR')
})
