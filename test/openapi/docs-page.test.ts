/**
 * GET /docs: the API document read in a browser (Swagger UI). The page and every script and style it
 * loads answer 200, without a token and while Fast's calls are shed.
 */
import t, { type Test } from 'tap'
import Fastify from 'fastify'
import { ErrorBodySchema, ReadRequestSchema, ReadResponseSchema } from '../../src/fast/schemas/index.js'
import { readFastExamples } from '../../src/fast/schemas/examples.js'
import apiDocs from '../../src/plugins/api-docs.js'
import { buildTestApp } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'
import { nextSample } from '../helpers/pressure-sample.js'

/** The scripts, styles and icons a page loads: its `src` and `href` attributes. */
function assetsOf (html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url)
}

t.test('GET /docs answers an HTML page whose scripts, styles and icons all load', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  const page = await bridge.app.inject({ method: 'GET', url: '/docs' })
  t.equal(page.statusCode, 200)
  t.match(page.headers['content-type'], /^text\/html/)
  const assets = assetsOf(page.body)
  t.ok(assets.some(url => url.endsWith('/swagger-ui-bundle.js')), 'Swagger UI is loaded')
  t.ok(assets.some(url => url.endsWith('/swagger-initializer.js')), 'and told where the document is')
  for (const url of assets) {
    const asset = await bridge.app.inject({ method: 'GET', url })
    t.equal(asset.statusCode, 200, url)
    t.ok(asset.rawPayload.length > 0, `${url} is not empty`)
  }
  const initializer = await bridge.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' })
  t.match(initializer.body, /resolveUrl\('\.\/json'\)/, 'the page reads /docs/json')
})

t.test('/docs and /docs/json need no token, and a bad one does not matter', async (t) => {
  const bc = forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  for (const headers of [{}, { authorization: 'Bearer garbage' }]) {
    for (const url of ['/docs', '/docs/json', '/docs/yaml']) {
      const response = await bridge.app.inject({ method: 'GET', url, headers })
      t.equal(response.statusCode, 200, `${url} ${Object.keys(headers).length === 0 ? 'without a token' : 'with a bad token'}`)
    }
  }
  t.equal(bridge.jwks.fetchCount(), 0, "Fast's JWKS was not fetched")
  t.equal(bc.calls(), 0, 'BigCommerce was not called')
})

t.test('the docs are served while every Fast call is shed', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, { env: { LOAD_SHED_HEAP_USED_BYTES: '1', LOAD_SHED_RSS_BYTES: '1' } })
  await nextSample(t, bridge.app)
  t.ok(bridge.app.isUnderPressure(), 'the bridge is under pressure')
  const shed = await bridge.fast('read', { type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: 'shed' } } })
  t.equal(shed.statusCode, 503, 'a Fast call is shed')
  for (const url of ['/docs', '/docs/json', '/docs/static/swagger-ui-bundle.js']) {
    t.equal((await bridge.app.inject({ method: 'GET', url })).statusCode, 200, url)
  }
})

/** A bare Fastify with the docs and one Fast route, for what the whole bridge cannot be given. */
async function docsOnly (t: Test, examplesDir: string) {
  const warnings: Array<Record<string, unknown>> = []
  const app = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => { warnings.push(JSON.parse(line)) } } } })
  t.teardown(async () => { await app.close() })
  await app.register(apiDocs, { examplesDir })
  app.post('/fast/v1/read', { schema: { operationId: 'read', body: ReadRequestSchema, response: { 200: ReadResponseSchema, '4xx': ErrorBodySchema, '5xx': ErrorBodySchema } } }, async () => ({}))
  await app.ready()
  return { app, warnings }
}

t.test('without its folder of examples the document is served without examples, and a warning names the folder', async (t) => {
  const missing = `${t.testdir()}/no-such-folder`
  const { app, warnings } = await docsOnly(t, missing)
  const response = await app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(response.statusCode, 200)
  const read = response.json().paths['/fast/v1/read'].post
  t.notOk(read.requestBody.content['application/json'].examples, 'no examples')
  t.match(warnings, [{ level: 40, examplesDir: missing, msg: /examples/ }])
})

t.test('a file of the examples folder that is not a recorded call stops the start, naming the file', async (t) => {
  const dir = t.testdir({
    '01-create-cart.json': JSON.stringify({ operation: 'create', request: {}, response: {} }),
    '02-notes.json': JSON.stringify({ note: 'not a call' })
  })
  t.throws(() => readFastExamples(dir), /02-notes\.json is not a recorded Fast call/)
  await t.rejects(docsOnly(t, dir), /02-notes\.json/)
})

t.test('the examples are read in file-name order, named by their files', async (t) => {
  const call = (operation: string) => JSON.stringify({ operation, request: { type: 'ENTITY_TYPE_ORDER' }, response: {} })
  const dir = t.testdir({ '02-read-later.json': call('read'), '01-read-first.json': call('read'), 'README.md': '# not an example' })
  t.same(readFastExamples(dir).map(({ name, operation }) => ({ name, operation })), [
    { name: '01-read-first', operation: 'read' },
    { name: '02-read-later', operation: 'read' }
  ])
  const { app } = await docsOnly(t, dir)
  const media = (await app.inject({ method: 'GET', url: '/docs/json' })).json().paths['/fast/v1/read'].post.requestBody.content['application/json']
  t.same(media.examples, {
    '01-read-first': { summary: 'read first', value: { type: 'ENTITY_TYPE_ORDER' } },
    '02-read-later': { summary: 'read later', value: { type: 'ENTITY_TYPE_ORDER' } }
  })
})
