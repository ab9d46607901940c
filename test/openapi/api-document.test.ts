/**
 * The API document at GET /docs/json: valid OpenAPI 3.1, exactly Fast's four operations with the
 * routes' own request and answer schemas, every error status the bridge answers, and the recorded
 * calls as examples that validate against the schemas they illustrate.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { compileErrors, validate } from '@readme/openapi-parser'
import { parse as parseYaml } from 'yaml'
import { DOCUMENTED_ERROR_STATUSES } from '../../src/fast/documented-errors.js'
import {
  CreateRequestSchema, CreateResponseSchema, DeleteRequestSchema, DeleteResponseSchema,
  ReadRequestSchema, ReadResponseSchema, UpdateRequestSchema, UpdateResponseSchema
} from '../../src/fast/schemas/index.js'
import { FAST_EXAMPLES_DIR, FAST_OPERATIONS, readFastExamples, type FastOperation } from '../../src/fast/schemas/examples.js'
import { buildTestApp } from '../helpers/build-app.js'
import { forbidBigCommerce } from '../helpers/fake-bigcommerce-guards.js'

interface Media { schema: Record<string, unknown>, examples?: Record<string, { summary: string, value: unknown }> }
interface Operation {
  operationId: string
  summary?: string
  description?: string
  tags?: string[]
  requestBody: { required: boolean, content: Record<string, Media> }
  responses: Record<string, { $ref?: string, content?: Record<string, Media> }>
}
interface Document {
  openapi: string
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, unknown>, responses: Record<string, { content: Record<string, Media> }>, securitySchemes: Record<string, Record<string, unknown>> }
  security: Array<Record<string, string[]>>
}

const SCHEMAS: Record<FastOperation, { request: unknown, response: unknown }> = {
  create: { request: CreateRequestSchema, response: CreateResponseSchema },
  read: { request: ReadRequestSchema, response: ReadResponseSchema },
  update: { request: UpdateRequestSchema, response: UpdateResponseSchema },
  delete: { request: DeleteRequestSchema, response: DeleteResponseSchema }
}

/** The bridge with the install callbacks and settings pages served too: routes the document must leave out. */
async function readDocument (t: Test): Promise<Document> {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t, {
    env: { BIGCOMMERCE_CLIENT_ID: 'client-id', BIGCOMMERCE_CLIENT_SECRET: 'client-secret', APP_URL: 'https://bridge.example' }
  })
  const response = await bridge.app.inject({ method: 'GET', url: '/docs/json' })
  t.equal(response.statusCode, 200, 'GET /docs/json answers 200')
  t.ok(bridge.app.hasRoute({ method: 'GET', url: '/auth' }), 'the install callbacks are served')
  return response.json()
}

const operationOf = (document: Document, operation: FastOperation): Operation => document.paths[`/fast/v1/${operation}`].post
const json = (media: Record<string, Media> | undefined): Media | undefined => media?.['application/json']

t.test('the document validates as OpenAPI 3.1', async (t) => {
  const document = await readDocument(t)
  t.equal(document.openapi, '3.1.0')
  const result = await validate(structuredClone(document) as never)
  t.ok(result.valid, result.valid ? 'valid' : compileErrors(result))
})

t.test('the document lists exactly the four Fast operations, each a POST', async (t) => {
  const document = await readDocument(t)
  t.same(Object.keys(document.paths).sort(), FAST_OPERATIONS.map(operation => `/fast/v1/${operation}`).sort())
  for (const operation of FAST_OPERATIONS) {
    const path = document.paths[`/fast/v1/${operation}`]
    t.same(Object.keys(path), ['post'], `${operation}: POST only`)
    t.equal(path.post.operationId, operation)
    t.ok(path.post.summary, `${operation}: a summary`)
    t.ok(path.post.description, `${operation}: a description`)
    t.same(path.post.tags, ['Fast'], `${operation}: tagged`)
  }
})

t.test("each operation's request and 200 answer schemas are the route's own TypeBox schemas", async (t) => {
  const document = await readDocument(t)
  for (const operation of FAST_OPERATIONS) {
    const documented = operationOf(document, operation)
    t.equal(documented.requestBody.required, true, `${operation}: the body is required`)
    t.same(json(documented.requestBody.content)?.schema, JSON.parse(JSON.stringify(SCHEMAS[operation].request)), `${operation}: request schema`)
    t.same(json(documented.responses['200'].content)?.schema, JSON.parse(JSON.stringify(SCHEMAS[operation].response)), `${operation}: 200 schema`)
  }
})

t.test("each operation lists every error status the bridge answers, with Fast's error body", async (t) => {
  const document = await readDocument(t)
  const errorBody = document.components.schemas.ErrorBody as { required: string[], properties: Record<string, unknown> }
  t.same(errorBody.required, ['code', 'message', 'details'])
  for (const operation of FAST_OPERATIONS) {
    const { responses } = operationOf(document, operation)
    t.same(Object.keys(responses).sort(), ['200', ...DOCUMENTED_ERROR_STATUSES.map(({ status }) => String(status))].sort(), `${operation}: statuses`)
    t.notOk(responses['4XX'] ?? responses['5XX'], `${operation}: no status ranges left`)
  }
  for (const { name } of DOCUMENTED_ERROR_STATUSES) {
    t.same(json(document.components.responses[name].content)?.schema, { $ref: '#/components/schemas/ErrorBody' }, `${name}: the error body`)
  }
})

t.test("the operations need Fast's bearer JWT", async (t) => {
  const document = await readDocument(t)
  t.same(document.security, [{ fastToken: [] }])
  t.match(document.components.securitySchemes.fastToken, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: /RS256.*Fast App ID/ })
})

t.test('every recorded call of the examples folder is an example of its operation, request and answer under one name', async (t) => {
  const document = await readDocument(t)
  const recorded = readFastExamples(FAST_EXAMPLES_DIR)
  t.ok(recorded.length > 0, 'the folder holds recorded calls')
  for (const operation of FAST_OPERATIONS) {
    const calls = recorded.filter(example => example.operation === operation)
    const documented = operationOf(document, operation)
    const requests = json(documented.requestBody.content)?.examples ?? {}
    const answers = json(documented.responses['200'].content)?.examples ?? {}
    t.same(Object.keys(requests), calls.map(call => call.name), `${operation}: one request example per recorded call`)
    t.same(Object.keys(answers), Object.keys(requests), `${operation}: the answer of each under the same name`)
    for (const call of calls) {
      t.same(requests[call.name].value, call.request, `${call.name}: the request as recorded`)
      t.same(answers[call.name].value, call.response, `${call.name}: the answer as recorded`)
      t.ok(requests[call.name].summary, `${call.name}: a summary`)
    }
  }
})

t.test('every operation has a real example', async (t) => {
  const document = await readDocument(t)
  for (const operation of FAST_OPERATIONS) {
    t.ok(Object.keys(json(operationOf(document, operation).requestBody.content)?.examples ?? {}).length > 0, operation)
  }
})

t.test('every example in the document validates against the schema it illustrates', async (t) => {
  const document = await readDocument(t)
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  let checked = 0
  for (const operation of FAST_OPERATIONS) {
    const documented = operationOf(document, operation)
    for (const media of [json(documented.requestBody.content), json(documented.responses['200'].content)]) {
      const check = ajv.compile(media?.schema ?? {})
      for (const [name, { value }] of Object.entries(media?.examples ?? {})) {
        t.ok(check(value), `${operation} ${name}: ${ajv.errorsText(check.errors)}`)
        checked++
      }
    }
  }
  t.ok(checked > 0, `${checked} examples checked`)
})

t.test('a body that breaks the schema fails the same check (the check can fail)', async (t) => {
  const document = await readDocument(t)
  const check = new Ajv2020({ strict: false }).compile(json(operationOf(document, 'update').requestBody.content)?.schema ?? {})
  t.notOk(check({ type: 'ENTITY_TYPE_NOT_ONE', order: { order_id: { value: 'x' } } }), 'an unknown entity type')
  t.notOk(check({ type: 'ENTITY_TYPE_ORDER', order: { bill_to: { first_name: 42 } } }), 'a name that is a number')
})

/** Every `(status, reason)` the source raises where both are written out at the call. */
function reasonsRaisedInSource (): Array<{ status: number, reason: string, file: string }> {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const full = join(dir, name)
    return statSync(full).isDirectory() ? walk(full) : full.endsWith('.ts') ? [full] : []
  })
  const helpers: Array<[RegExp, number]> = [[/badRequest\('([A-Z_]+)'/g, 400], [/notFound\('([A-Z_]+)'/g, 404], [/unprocessable\('([A-Z_]+)'/g, 422]]
  const src = join(import.meta.dirname, '..', '..', 'src')
  return walk(src).filter(file => !file.includes(join('src', 'sandbox'))).flatMap((file) => {
    const text = readFileSync(file, 'utf8')
    return [
      ...[...text.matchAll(/new FastError\((\d{3}), '([A-Z_]+)'/g)].map(([, status, reason]) => ({ status: Number(status), reason, file })),
      ...helpers.flatMap(([pattern, status]) => [...text.matchAll(pattern)].map(([, reason]) => ({ status, reason, file })))
    ]
  })
}

t.test('every error reason the bridge raises is documented under its status', async (t) => {
  const raised = reasonsRaisedInSource()
  t.ok(raised.length > 50, `${raised.length} raised reasons found`)
  for (const { status, reason, file } of raised) {
    const documented = DOCUMENTED_ERROR_STATUSES.find(entry => entry.status === status)
    t.ok(documented?.reasons.includes(reason), `${status} ${reason} (${file.slice(file.indexOf('src'))})`)
  }
  const document = await readDocument(t)
  for (const { name, reasons } of DOCUMENTED_ERROR_STATUSES) {
    const description = (document.components.responses[name] as { description?: string }).description ?? ''
    t.ok(reasons.every(reason => description.includes(`\`${reason}\``)), `${name}: its reasons are in the document`)
  }
})

t.test('GET /docs/yaml is the same document', async (t) => {
  forbidBigCommerce(t)
  const bridge = await buildTestApp(t)
  const [asJson, asYaml] = await Promise.all([
    bridge.app.inject({ method: 'GET', url: '/docs/json' }),
    bridge.app.inject({ method: 'GET', url: '/docs/yaml' })
  ])
  t.equal(asYaml.statusCode, 200)
  t.match(asYaml.headers['content-type'], /yaml/)
  t.same(parseYaml(asYaml.body), asJson.json())
})
