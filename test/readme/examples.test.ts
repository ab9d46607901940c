/**
 * fixtures/fast/examples/ (the README's request bodies, the OpenAPI document's examples) are what
 * the bridge really takes and answers: each request is valid against its operation's schema, and
 * the files played in order against a fresh sandbox bridge give the stored answers, but for the
 * ids BigCommerce invents on every run.
 */
import t from 'tap'
import { Ajv } from 'ajv'
import type { TSchema } from 'typebox'
import { CreateRequestSchema, DeleteRequestSchema, ReadRequestSchema, UpdateRequestSchema } from '../../src/fast/schemas/index.js'
import { buildSandboxBridge } from '../helpers/sandbox-bridge.js'
import { INVENTED_ID_KEY, JOURNEY, inventedIds, readExamples, withIds, type Operation } from './example-journey.js'

const REQUEST_SCHEMAS: Record<Operation, TSchema> = {
  create: CreateRequestSchema,
  read: ReadRequestSchema,
  update: UpdateRequestSchema,
  delete: DeleteRequestSchema
}

const examples = readExamples()

t.test('there is one example file per step of the journey, named NN-<operation>-<what>.json', async t => {
  t.same(examples.map(example => example.file), JOURNEY.map(step => step.file))
  for (const example of examples) {
    t.match(example.file, new RegExp(`^\\d\\d-${example.operation}-[a-z-]+\\.json$`), `${example.file} is named after its operation`)
  }
})

t.test('every example request is valid against its operation\'s request schema', async t => {
  const ajv = new Ajv({ allErrors: true })
  for (const example of examples) {
    const validate = ajv.compile(REQUEST_SCHEMAS[example.operation])
    t.ok(validate(example.request), `${example.file}: ${ajv.errorsText(validate.errors)}`)
  }
})

t.test('every Fast operation and every update segment the bridge takes has an example', async t => {
  const segments = new Set(examples.filter(e => e.operation === 'update').flatMap(e => Object.keys(e.request.order)))
  for (const segment of ['items', 'user_info', 'bill_to', 'shipments', 'shipping_option', 'coupon', 'convert_cart_to_order', 'convert_mode', 'status']) {
    t.ok(segments.has(segment), `an update with ${segment}`)
  }
  const reads = new Set(examples.filter(e => e.operation === 'read').map(e => e.request.type))
  t.same([...reads].sort(), ['ENTITY_TYPE_ORDER', 'ENTITY_TYPE_SHIPPING_ZONES', 'ENTITY_TYPE_USER'], 'reads of an order, the shipping zones and a user')
  t.ok(examples.some(e => e.operation === 'create'), 'a create')
  t.same(examples.filter(e => e.operation === 'delete').map(e => e.request.order.is_cart), [false, true], 'a delete of the converted order, then of a cart')
})

t.test('replayed in order against a fresh sandbox bridge, the examples get their stored answers', async t => {
  const bridge = await buildSandboxBridge(t)
  // Stored id -> this run's, for the ids BigCommerce invents (INVENTED_ID_KEY); nothing else may differ.
  const ids = new Map<string, string>()
  for (const example of examples) {
    const answer = await bridge.fast(example.operation, withIds(example.request, ids))
    t.equal(answer.statusCode, 200, `${example.file} answers 200`)
    inventedIds(example.response, answer.body, ids)
    t.same(answer.body, withIds(example.response, ids), `${example.file}: the stored answer, with this run's ${INVENTED_ID_KEY}s`)
  }
  t.ok(ids.size > 0, 'BigCommerce\'s ids did differ from the stored run\'s, and were mapped')
})
