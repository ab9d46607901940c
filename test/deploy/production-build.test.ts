/**
 * The production build, started the way the Dockerfile starts it: `npm run build`, then the image's
 * layout (what the Dockerfile's final stage copies from the build: dist/, node_modules, package.json,
 * the fixtures it reads at run time) run by `node <the CMD's flags> dist/server.js` with the
 * Dockerfile's ENV and one store's secrets. BigCommerce and Fast's JWKS are
 * served over https on loopback (production refuses http for both) with a test-only certificate
 * (tls/README.md) the server trusts through NODE_EXTRA_CA_CERTS.
 *
 * It answers /health, /ready, /metrics and /docs/json (with an example of every operation: the image
 * carries the files they are read from); a second one on the same port is refused in
 * one line naming PORT, and so is the build on a Node older than engines; and on SIGINT with a Fast call in flight (its BigCommerce call held until the
 * shutdown has begun) it answers that call and exits 0.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { request } from 'undici'
import { FAST_OPERATIONS } from '../../src/fast/schemas/examples.js'
import { createFastSigner } from '../../src/fast/signer.js'
import { isOlderThan, minimumNodeVersion } from '../../src/node-version.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TLS = fileURLToPath(new URL('./tls/', import.meta.url))
const STORE_HASH = 'prodbuild1'
const FAST_APP_ID = 'fast-app-production-build'
const JWKS_PATH = '/v1/oauth2/jwks'
/** Bounds every wait on the child, so a broken build fails the test instead of hanging it. */
const WAIT_MS = 60_000

/** The machine's own Node when it is older than engines (npm runs on Node 20 here and on CI runners). */
const olderNode = ['/usr/bin/node', '/usr/local/bin/node'].find(path => {
  if (!existsSync(path)) return false
  const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim().slice(1)
  return isOlderThan(version, minimumNodeVersion())
})

const dockerfile = await readFile(join(ROOT, 'Dockerfile'), 'utf8')
const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[]
const dockerEnv = Object.fromEntries([...dockerfile.matchAll(/^ENV (.+)$/gm)].flatMap(([, line]) =>
  [...(line ?? '').matchAll(/(\w+)="?([^"\s]*)"?/g)].map(([, name, value]) => [name as string, value as string])))
const workdir = /^WORKDIR (\S+)$/m.exec(dockerfile)?.[1] ?? '/app'
/** The final stage's `COPY --from=build <path> <path>` lines, as paths relative to WORKDIR: what the image holds. */
const imageFiles = [...dockerfile.slice(dockerfile.lastIndexOf('\nFROM ')).matchAll(/^COPY --from=build (\S+) (\S+)$/gm)]
  .map(([, from, to]) => ({ from: relative(workdir, from ?? ''), to: relative(workdir, to ?? '') }))

/**
 * The image's /app: what the Dockerfile's final stage copies from the build, `dist` being this
 * build's output and node_modules a link to the project's (the image's is pruned to production
 * dependencies; a missing one would fail `npm ci` in the image's build, not here).
 */
async function buildImageLayout (t: Test): Promise<string> {
  const app = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-image-'))
  t.teardown(async () => { await rm(app, { recursive: true, force: true }) })
  t.ok(imageFiles.some(({ from }) => from === 'dist'), `the Dockerfile copies dist from the build: ${JSON.stringify(imageFiles)}`)
  const build = spawn('npm', ['run', 'build', '--silent', '--', '--outDir', join(app, 'dist')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  build.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  build.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const [code] = await once(build, 'close') as [number | null]
  if (code !== 0) throw new Error(`npm run build failed (${String(code)}):\n${output}`)
  for (const { from, to } of imageFiles) {
    if (from === 'dist') continue
    await mkdir(join(app, to, '..'), { recursive: true })
    if (from === 'node_modules') await symlink(join(ROOT, from), join(app, to))
    else await cp(join(ROOT, from), join(app, to), { recursive: true })
  }
  await mkdir(join(app, 'data'), { mode: 0o700 })
  return app
}

interface HeldCall { method: string, url: string, answer: (status: number, body: unknown) => void }

interface HttpsUpstream {
  url: string
  /** The next BigCommerce call, held unanswered. */
  nextCall: () => Promise<HeldCall>
  /** Answers every BigCommerce call from now on, the held ones included. */
  answerEveryCall: (status: number, body: unknown) => void
  /** `Bearer <jwt>` for this Fast App ID, signed with the key the JWKS publishes. */
  bearer: (aud: string) => string
}

/** BigCommerce and Fast's JWKS on one loopback https server; BigCommerce calls wait until the test answers them. */
async function startHttpsUpstream (t: Test): Promise<HttpsUpstream> {
  const signer = createFastSigner()
  const calls: HeldCall[] = []
  const waiting: Array<(call: HeldCall) => void> = []
  let answerAll: ((call: HeldCall) => void) | undefined
  const server = createServer({ cert: await readFile(join(TLS, 'loopback-cert.pem')), key: await readFile(join(TLS, 'loopback-key.pem')) },
    (req: IncomingMessage, res: ServerResponse) => {
      req.resume()
      const send = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)) }
      if (req.url === JWKS_PATH) return send(200, signer.jwks())
      const call = { method: req.method ?? '', url: req.url ?? '', answer: send }
      const waiter = waiting.shift()
      if (answerAll !== undefined) answerAll(call)
      else if (waiter !== undefined) waiter(call)
      else calls.push(call)
    })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(async () => { server.closeAllConnections(); server.close() })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `https://127.0.0.1:${port}`,
    nextCall: async () => calls.shift() ?? await new Promise<HeldCall>(resolve => { waiting.push(resolve) }),
    answerEveryCall: (status, body) => {
      answerAll = call => { call.answer(status, body) }
      for (const call of calls.splice(0)) answerAll(call)
    },
    bearer: (aud) => `Bearer ${signer.sign({ aud })}`
  }
}

interface Server {
  child: ChildProcess
  /** Resolves at the first stdout line matching `pattern`. */
  line: (pattern: RegExp) => Promise<string>
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null, stderr: string }>
}

/** `node <CMD flags> dist/server.js` in the image layout, with the Dockerfile's ENV and `env` on top. */
function startServer (t: Test, app: string, env: Record<string, string>): Server {
  const child = spawn(process.execPath, cmd.slice(1), { cwd: app, env: { PATH: process.env.PATH ?? '', ...dockerEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const lines: string[] = []
  const waiting: Array<{ pattern: RegExp, resolve: (line: string) => void }> = []
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line)
    for (const waiter of waiting.filter(waiter => waiter.pattern.test(line))) { waiting.splice(waiting.indexOf(waiter), 1); waiter.resolve(line) }
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, stderr }))
  const line = async (pattern: RegExp): Promise<string> => {
    const seen = lines.find(line => pattern.test(line))
    if (seen !== undefined) return seen
    let timer: NodeJS.Timeout | undefined
    return await Promise.race([
      new Promise<string>(resolve => { waiting.push({ pattern, resolve }) }),
      exited.then(({ code }) => { throw new Error(`the server exited (${String(code)}) before logging ${String(pattern)}:\n${lines.join('\n')}\n${stderr}`) }),
      new Promise<never>((_resolve, reject) => { timer = setTimeout(() => { reject(new Error(`no ${String(pattern)} within ${WAIT_MS} ms:\n${lines.join('\n')}\n${stderr}`)) }, WAIT_MS) })
    ]).finally(() => { clearTimeout(timer) })
  }
  return { child, line, exited }
}

async function get (url: string): Promise<{ status: number, type: string, text: string }> {
  const response = await request(url, { headersTimeout: WAIT_MS, bodyTimeout: WAIT_MS })
  return { status: response.statusCode, type: String(response.headers['content-type']), text: await response.body.text() }
}

t.test('the production build, started as the Dockerfile starts it', async (t) => {
  const app = await buildImageLayout(t)
  const upstream = await startHttpsUpstream(t)
  const secrets = {
    BIGCOMMERCE_STORE_HASH: STORE_HASH,
    BIGCOMMERCE_ACCESS_TOKEN: 'production-build-token',
    FAST_APP_ID,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64')
  }
  const env = {
    ...secrets,
    // Loopback instead of the image's 0.0.0.0, and any free port: the rest is the Dockerfile's ENV.
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: join(app, 'data'),
    BIGCOMMERCE_API_URL: upstream.url,
    FAST_JWKS_URL: `${upstream.url}${JWKS_PATH}`,
    NODE_EXTRA_CA_CERTS: join(TLS, 'loopback-cert.pem'),
    LOG_LEVEL: 'info'
  }
  t.equal(dockerEnv.NODE_ENV, 'production', 'the Dockerfile sets NODE_ENV=production')

  const server = startServer(t, app, env)
  const url = /Server listening at (http:\/\/[\d.]+:\d+)/.exec(await server.line(/Server listening at/))?.[1] ?? ''

  t.test('it answers /health, /ready, /metrics and /docs/json', async (t) => {
    const health = await get(`${url}/health`)
    t.equal(health.status, 200, '/health')
    const ready = await get(`${url}/ready`)
    t.equal(ready.status, 200, '/ready')
    t.same(JSON.parse(ready.text), { status: 'ready', checks: { stores: 'ok', database: 'ok' } })
    const metrics = await get(`${url}/metrics`)
    t.equal(metrics.status, 200, '/metrics')
    t.match(metrics.type, /^text\/plain/, 'in Prometheus\' text format')
    t.match(metrics.text, /^# HELP /m)
    const docs = await get(`${url}/docs/json`)
    t.equal(docs.status, 200, '/docs/json')
    const document = (docs.text.startsWith('{') ? JSON.parse(docs.text) : {}) as { openapi?: string, paths?: Record<string, { post?: { requestBody?: { content?: Record<string, { examples?: object }> } } }> }
    t.match(document, { openapi: /^3\./ }, 'an OpenAPI 3 document')
    for (const operation of FAST_OPERATIONS) {
      const examples = document.paths?.[`/fast/v1/${operation}`]?.post?.requestBody?.content?.['application/json']?.examples ?? {}
      t.ok(Object.keys(examples).length > 0, `a request example for ${operation}, read from the image's files`)
    }
  })

  t.test('a second server on the same port is refused in one line naming PORT', async (t) => {
    const second = startServer(t, app, { ...env, PORT: new URL(url).port })
    const { code, stderr } = await second.exited
    t.equal(code, 1, 'exit code 1')
    const lines = stderr.trim().split('\n')
    t.equal(lines.length, 1, `one line: ${stderr}`)
    t.match(lines[0], /already in use/)
    t.match(lines[0], /\bPORT\b/)
    t.notMatch(stderr, /\n\s+at /, 'no stack trace')
  })

  t.test('on a Node older than engines, dist/server.js exits 1 in one line, no stack trace', { skip: olderNode === undefined ? 'no Node older than engines on this machine' : false }, async (t) => {
    const older = spawn(olderNode!, cmd.slice(1), { cwd: app, env: { PATH: process.env.PATH ?? '', ...dockerEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    older.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    older.stdout.resume()
    const [code] = await once(older, 'close') as [number | null]
    t.equal(code, 1, 'exit code 1')
    t.match(stderr, /^Cannot start: Node \S+ is too old; the bridge needs Node \S+ or newer[^\n]*\n$/, `one line: ${stderr}`)
  })

  t.test('on SIGINT a Fast call in flight is answered, then the process exits 0', async (t) => {
    const body = (JSON.parse(await readFile(join(ROOT, 'fixtures/fast/seed-000-checkout/01-create-cart.json'), 'utf8')) as { request: unknown }).request
    const answer = request(`${url}/fast/v1/create`, {
      method: 'POST',
      headers: { authorization: upstream.bearer(FAST_APP_ID), 'content-type': 'application/json' },
      body: JSON.stringify(body),
      headersTimeout: WAIT_MS,
      bodyTimeout: WAIT_MS
    })
    const held = await upstream.nextCall()
    t.match(held.url, `/stores/${STORE_HASH}/`, `the call reached BigCommerce: ${held.method} ${held.url}`)

    server.child.kill('SIGINT')
    await server.line(/closing: new requests are answered 503/)
    // A refusal the bridge does not retry, so the answer comes at once.
    const refusal = { status: 422, title: 'The product is not available', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' }
    upstream.answerEveryCall(422, refusal)
    held.answer(422, refusal)

    const response = await answer
    const text = await response.body.text()
    t.ok(response.statusCode >= 400 && response.statusCode < 500, `answered ${response.statusCode}: ${text}`)
    t.match(JSON.parse(text), { code: Number, message: String, details: Array }, 'a whole answer, in Fast\'s error shape')
    const { code, signal, stderr } = await server.exited
    t.equal(signal, null, 'not killed')
    t.equal(code, 0, `exit code 0 ${stderr}`)
  })
})
