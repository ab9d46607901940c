/**
 * Every expected failure of `npm run fast`, `npm run demo` and `npm run sandbox` is one line on
 * stderr that says what to do, with a non-zero exit and no stack trace.
 */
import { createServer as createHttpServer } from 'node:http'
import { once } from 'node:events'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { loadOrCreateSandboxSigner } from '../../src/sandbox/fast-key.js'
import { closedPort } from '../helpers/closed-port.js'
import { npmRun, STACK_LINE, type NpmRun } from './npm-run.js'

const CREATE = 'fixtures/fast/seed-000-checkout/01-create-cart.json'

/** The test's directory as a DATA_DIR holding a sandbox key, as after `npm start` in sandbox mode. */
function dataDirWithKey (t: Test): string {
  const dataDir = t.testdir()
  loadOrCreateSandboxSigner(dataDir)
  return dataDir
}

function assertOneLine (t: Test, run: NpmRun, code: number, line: RegExp): void {
  t.equal(run.code, code, `exit code ${code}`)
  t.equal(run.stderr.split('\n').filter(text => text !== '').length, 1, `one line on stderr: ${run.stderr}`)
  t.match(run.stderr.trimEnd(), line)
  t.notMatch(run.stderr, STACK_LINE, 'no stack trace')
}

t.test('fast with no bridge running says where it looked and to start it', async t => {
  const port = await closedPort()
  const run = await npmRun('fast', ['create', CREATE], { env: { PORT: String(port), DATA_DIR: dataDirWithKey(t) } })
  assertOneLine(t, run, 1, new RegExp(`^no bridge at http://127\\.0\\.0\\.1:${port}: start it with \`npm start\`.*PORT, HOST and DATA_DIR`))
  t.equal(run.stdout, '', 'nothing on stdout')
})

t.test('the demo with no bridge running names the URL it used and what must match the bridge', async t => {
  const port = await closedPort()
  const run = await npmRun('demo', [], { env: { PORT: String(port), DATA_DIR: dataDirWithKey(t), SANDBOX_PORT: String(port) } })
  assertOneLine(t, run, 1, new RegExp(`^no bridge at http://127\\.0\\.0\\.1:${port}: .*PORT, HOST and DATA_DIR`))
  t.match(run.stdout, `against the bridge at http://127.0.0.1:${port}`)
})

t.test('a file that is not JSON is named with the line and column of the mistake', async t => {
  const dataDir = dataDirWithKey(t)
  const file = join(dataDir, 'request.json')
  writeFileSync(file, '{\n  "type": "ENTITY_TYPE_ORDER",\n  "order": }\n')
  const run = await npmRun('fast', ['create', file], { env: { DATA_DIR: dataDir } })
  assertOneLine(t, run, 1, /^bad JSON in .*request\.json at line 3 column 12: Unexpected token '}'$/)
})

t.test('bad JSON on stdin is reported as stdin, with where it went wrong', async t => {
  const run = await npmRun('fast', ['update', '-'], { env: { DATA_DIR: dataDirWithKey(t) }, stdin: '{"type": "ENTITY_TYPE_ORDER",}' })
  assertOneLine(t, run, 1, /^bad JSON in stdin at line 1 column 30: Expected double-quoted property name$/)
})

t.test('a request file that does not exist is named', async t => {
  const run = await npmRun('fast', ['create', 'no-such-request.json'], { env: { DATA_DIR: dataDirWithKey(t) } })
  assertOneLine(t, run, 1, /^no such file: no-such-request\.json$/)
})

t.test('an unknown operation prints the usage', async t => {
  const run = await npmRun('fast', ['checkout', CREATE], {})
  assertOneLine(t, run, 2, /^usage: npm run fast -- <create\|read\|update\|delete> <request\.json \| ->/)
})

t.test('with no sandbox key in DATA_DIR, token says how to make one', async t => {
  const dataDir = t.testdir()
  const run = await npmRun('fast', ['token'], { env: { DATA_DIR: dataDir } })
  assertOneLine(t, run, 1, /^no sandbox key in .*\/sandbox: start the bridge once in sandbox mode \(`npm start` with no BigCommerce settings\) or set DATA_DIR$/)
  t.equal(run.stdout, '', 'no token on stdout')
})

t.test('a --ttl that is not a number of seconds is refused', async t => {
  const run = await npmRun('fast', ['token', '--ttl', 'soon'], { env: { DATA_DIR: dataDirWithKey(t) } })
  assertOneLine(t, run, 2, /^--ttl takes a number of seconds above 0, not "soon"$/)
})

t.test('an answer that is not JSON says the address may be another server', async t => {
  const server = createHttpServer((request, response) => {
    request.resume()
    response.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>Bad Gateway</body></html>')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.close() })
  const { port } = server.address() as { port: number }
  const run = await npmRun('fast', ['create', CREATE], { env: { FAST_BRIDGE_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDirWithKey(t) } })
  assertOneLine(t, run, 1, new RegExp(`^http://127\\.0\\.0\\.1:${port}/fast/v1/create answered HTTP 502 with something that is not JSON \\("<html><body>Bad Gateway</body></html>"\\): is FAST_BRIDGE_URL`))
})

t.test('DEMO_PRODUCT_IDS that are not product ids are refused before any call', async t => {
  const run = await npmRun('demo', [], { env: { DEMO_PRODUCT_IDS: 'hoodie', DATA_DIR: dataDirWithKey(t) } })
  assertOneLine(t, run, 2, /^DEMO_PRODUCT_IDS takes one or two product ids, each with an optional :variant id, e\.g\. 112,113:81 \(not "hoodie"\)$/)
})

t.test('the sandbox on a port already taken says so and names SANDBOX_PORT', async t => {
  const taken = createServer().listen(0, '127.0.0.1')
  await once(taken, 'listening')
  t.teardown(() => { taken.close() })
  const { port } = taken.address() as { port: number }
  const run = await npmRun('sandbox', [], { env: { SANDBOX_PORT: String(port) } })
  assertOneLine(t, run, 1, new RegExp(`^Cannot start the BigCommerce sandbox: 127\\.0\\.0\\.1:${port} is already in use .*set SANDBOX_PORT to a free port$`))
  t.equal(run.stdout, '', 'nothing on stdout')
})
