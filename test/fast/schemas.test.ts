// The Fast API schemas against Fast's recorded BigCommerce checkout (seed S000) and the edge cases around it.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { Ajv, type ValidateFunction } from 'ajv'
import Fastify from 'fastify'
import type { TSchema } from 'typebox'
import { FastError, type FastErrorBody } from '../../src/fast/errors.js'
import {
  CreateRequestSchema,
  CreateResponseSchema,
  DeleteRequestSchema,
  DeleteResponseSchema,
  EntityType,
  ErrorBodySchema,
  FastOrderSchema,
  Limits,
  OrderStatus,
  OrderType,
  ReadRequestSchema,
  ReadResponseSchema,
  ShippingOptionType,
  UpdateRequestSchema,
  UpdateResponseSchema,
  enumName,
  enumNumber,
  toInt,
  type CreateRequest,
  type ErrorBody,
  type FastOrder,
  type FastOrderInput
} from '../../src/fast/schemas/index.js'

// The seeds live next to the project (see fast-api.md §0), not inside it.
const SEED_000 = join(import.meta.dirname, '../../../shared/seeds/000_fdcd72c4426a7af2.txt')

type Operation = 'create' | 'read' | 'update' | 'delete'
interface Exchange { operation: Operation, request: Record<string, any>, response: Record<string, any> }

/** The seed is markdown: a "Request POST to /fast/v1/<op>" heading, its JSON, a "Response" heading, its JSON. */
function readExchanges (file: string): Exchange[] {
  const exchanges: Exchange[] = []
  const blocks = readFileSync(file, 'utf8').split(/^#+ /m)
  for (let i = 0; i < blocks.length; i++) {
    const operation = /^Request POST to \/fast\/v1\/(\w+)/.exec(blocks[i])?.[1] as Operation | undefined
    if (operation === undefined) continue
    exchanges.push({ operation, request: jsonOf(blocks[i]), response: jsonOf(blocks[i + 1]) })
  }
  return exchanges
}

function jsonOf (block: string): Record<string, any> {
  const body = block.split('\n').slice(1).filter(line => !line.startsWith('```')).join('\n')
  return JSON.parse(body)
}

const exchanges = readExchanges(SEED_000)

const ajv = new Ajv({ allErrors: true })
const compiled = new Map<TSchema, ValidateFunction>()
function validator (schema: TSchema): ValidateFunction {
  let validate = compiled.get(schema)
  if (validate === undefined) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  return validate
}
function errorsOf (schema: TSchema, value: unknown): string {
  const validate = validator(schema)
  return validate(value) ? '' : ajv.errorsText(validate.errors)
}
const valid = (schema: TSchema, value: unknown): boolean => validator(schema)(value)

const requestSchemas: Record<Operation, TSchema> = {
  create: CreateRequestSchema,
  read: ReadRequestSchema,
  update: UpdateRequestSchema,
  delete: DeleteRequestSchema
}
const responseSchemas: Record<Operation, TSchema> = {
  create: CreateResponseSchema,
  read: ReadResponseSchema,
  update: UpdateResponseSchema,
  delete: DeleteResponseSchema
}

/** The create request from the trace, reshaped per test. */
function createRequest (): CreateRequest & { order: { order: FastOrderInput } } {
  return structuredClone(exchanges[0].request) as any
}

t.test('the recorded checkout has the exchanges these tests rely on', async t => {
  t.same(exchanges.map(e => e.operation), ['create', 'read', 'update', 'read', 'update', 'update'])
})

t.test('every request Fast sent in the recorded checkout is accepted', async t => {
  for (const [i, { operation, request }] of exchanges.entries()) {
    t.equal(errorsOf(requestSchemas[operation], request), '', `${i}: ${operation} request`)
  }
})

t.test('every answer the recorded store gave matches our response schema', async t => {
  for (const [i, { operation, response }] of exchanges.entries()) {
    t.equal(errorsOf(responseSchemas[operation], response), '', `${i}: ${operation} response`)
  }
})

t.test('every recorded answer comes out of the Fastify serializer unchanged', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  for (const [i, { operation, response }] of exchanges.entries()) {
    app.post(`/${i}`, { schema: { response: { 200: responseSchemas[operation] } } }, async () => response)
  }
  for (const [i, { operation, response }] of exchanges.entries()) {
    const reply = await app.inject({ method: 'POST', url: `/${i}` })
    t.equal(reply.statusCode, 200)
    t.strictSame(reply.json(), response, `${i}: ${operation} response keeps every field`)
  }
})

t.test('enum values are accepted as names or as numbers and read back as numbers', async t => {
  const byName = createRequest()
  const byNumber = createRequest()
  byNumber.type = EntityType.ENTITY_TYPE_ORDER
  byNumber.order.order.order_type = OrderType.ORDER_TYPE_CART
  byNumber.order.order.status = 1
  t.ok(valid(CreateRequestSchema, byName), 'names')
  t.ok(valid(CreateRequestSchema, byNumber), 'numbers')

  t.equal(enumNumber(EntityType, 'ENTITY_TYPE_ORDER'), 1)
  t.equal(enumNumber(OrderType, byName.order.order.order_type), 1)
  t.equal(enumNumber(OrderType, byNumber.order.order.order_type), 1)
  t.equal(enumNumber(OrderStatus, 'ORDER_STATUS_PENDING_FULFILLMENT'), 5)
  t.equal(enumNumber(ShippingOptionType, 'SHIPPING_OPTION_TYPE_OTHER'), 99)
  t.equal(enumNumber(ShippingOptionType, 99), 99)
  t.equal(enumName(ShippingOptionType, 99), 'SHIPPING_OPTION_TYPE_OTHER')
})

t.test('an unknown enum name or number is rejected', async t => {
  const badType = { ...createRequest(), type: 'ENTITY_TYPE_BOGUS' }
  t.notOk(valid(CreateRequestSchema, badType), 'unknown entity type name')
  const badStatus = createRequest()
  ;(badStatus.order.order as any).status = 42
  t.notOk(valid(CreateRequestSchema, badStatus), 'unknown status number')
  const numericText = createRequest()
  ;(numericText.order.order as any).order_type = '1'
  t.notOk(valid(CreateRequestSchema, numericText), 'a number written as text is neither a name nor a number')

  t.equal(enumNumber(OrderType, 'ORDER_TYPE_BOGUS'), undefined)
  t.equal(enumNumber(OrderType, 42), undefined)
  t.equal(enumNumber(OrderType, '1'), undefined)
  t.equal(enumNumber(OrderType, undefined), undefined)
  t.equal(enumNumber(OrderType, 'toString'), undefined, 'inherited keys are not members')
  t.equal(enumNumber(OrderType, '__proto__'), undefined, 'inherited keys are not members')
  t.equal(enumName(OrderType, 42), undefined)
})

t.test('a request without an entity type is rejected', async t => {
  for (const operation of ['create', 'read', 'update', 'delete'] as const) {
    t.notOk(valid(requestSchemas[operation], { order: {} }), operation)
  }
})

t.test('a quantity sent as "3" or as 3 is read as 3', async t => {
  for (const quantity of [3, '3']) {
    const request = createRequest()
    request.order.order.lines![0].quantity = quantity
    t.equal(errorsOf(CreateRequestSchema, request), '', `line quantity ${JSON.stringify(quantity)}`)
    t.equal(toInt(request.order.order.lines![0].quantity), 3)

    const update = { type: 'ENTITY_TYPE_ORDER', order: { items: [{ item_id: { value: 'x' }, quantity }] } }
    t.equal(errorsOf(UpdateRequestSchema, update), '', `item quantity ${JSON.stringify(quantity)}`)
  }
  t.equal(toInt(undefined), 0, 'an omitted quantity is 0, which Fast uses to remove an item')
  t.equal(toInt(' 12 '), 12)
  t.equal(toInt('-7'), -7)
})

t.test('a quantity that is not a whole number in range is rejected', async t => {
  for (const quantity of ['3.5', 3.5, 'three', '', -1, '-1', Limits.MAX_QUANTITY + 1, '1000000', true]) {
    const request = createRequest()
    ;(request.order.order.lines![0] as any).quantity = quantity
    t.notOk(valid(CreateRequestSchema, request), `quantity ${JSON.stringify(quantity)}`)
  }
  t.throws(() => toInt('3.5'), TypeError)
  t.throws(() => toInt('1e3'), TypeError)
  t.throws(() => toInt(2 ** 53), TypeError)
})

t.test('int64 fields other than quantities take any safe integer, as number or string', async t => {
  const update = {
    type: 'ENTITY_TYPE_ORDER',
    order: { convert_cart_to_order: true, payment: { token: 'tok', expire_on: '1700000000' } }
  }
  t.ok(valid(UpdateRequestSchema, update))
  t.equal(toInt(update.order.payment.expire_on), 1_700_000_000)
  t.notOk(valid(UpdateRequestSchema, { ...update, order: { payment: { expire_on: '1234567890123456' } } }),
    'more digits than a safe integer holds')
})

t.test('money must be a decimal string', async t => {
  for (const amount of ['29.99', '0.00', '0.0', '49', '0', '-5.00', '1203.27']) {
    const request = createRequest()
    request.order.order.lines![0].total_amount = amount
    t.ok(valid(CreateRequestSchema, request), amount)
  }
  for (const amount of ['29,99', 'abc', '1e5', '.5', '5.', '', ' 1.00', 29.99]) {
    const request = createRequest()
    ;(request.order.order.lines![0] as any).total_amount = amount
    t.notOk(valid(CreateRequestSchema, request), JSON.stringify(amount))
  }
})

t.test('fields Fast may add later are ignored, not rejected', async t => {
  const request: any = createRequest()
  request.future_segment = { anything: true }
  request.order.order.loyalty_points = 12
  request.order.order.lines[0].gift_wrap = { message: 'hi' }
  request.order.order.bill_to.unknown = 'x'
  t.equal(errorsOf(CreateRequestSchema, request), '')

  // DP-OAS examples carry fields its own schema lacks, and the blender contract adds a few more.
  const convert = {
    app_id: '31d7ff3a-0128-440e-a5a2-c1e10d4c2d83',
    type: 'ENTITY_TYPE_ORDER',
    order: {
      external_id: 'c8XyP8tIPIOluGmOgOv1D6bABUScTyvh',
      is_cart: true,
      convert_cart_to_order: true,
      convert_mode: 'CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT',
      device_info: { ip_address: '203.0.113.7' },
      payment: { token: 'abc', expire_on: '1632345123' },
      updated_segments: ['UPDATE_ORDER_SEGMENT_TYPE_CONVERT_CART_TO_ORDER'],
      user_info: { external_customer_id: '12', email: 'a@example.com' },
      webhook: { webhooks: [] }
    }
  }
  t.equal(errorsOf(UpdateRequestSchema, convert), '')
})

t.test('an over-long string is rejected', async t => {
  const request = createRequest()
  request.order.order.lines![0].external_product_id = 'x'.repeat(Limits.ID)
  t.ok(valid(CreateRequestSchema, request), 'at the limit')
  request.order.order.lines![0].external_product_id = 'x'.repeat(Limits.ID + 1)
  t.notOk(valid(CreateRequestSchema, request), 'one over the limit')

  const update = { type: 'ENTITY_TYPE_ORDER', order: { bill_to: { address_1: 'x'.repeat(Limits.ADDRESS_LINE + 1) } } }
  t.notOk(valid(UpdateRequestSchema, update), 'address line')
  const coupon = { type: 'ENTITY_TYPE_ORDER', order: { coupon: { code: 'x'.repeat(Limits.CODE + 1) } } }
  t.notOk(valid(UpdateRequestSchema, coupon), 'coupon code')
})

t.test('an over-long list is rejected', async t => {
  const request = createRequest()
  const line = request.order.order.lines![0]
  request.order.order.lines = Array.from({ length: Limits.LINES }, () => line)
  t.ok(valid(CreateRequestSchema, request), 'at the limit')
  request.order.order.lines.push(line)
  t.notOk(valid(CreateRequestSchema, request), 'one over the limit')

  const shipments = Array.from({ length: Limits.SHIPMENT_PLANS + 1 }, () => exchanges[4].request.order.shipments[0])
  t.notOk(valid(UpdateRequestSchema, { type: 'ENTITY_TYPE_ORDER', order: { shipments } }), 'shipments')
  const discounts = Array.from({ length: Limits.DISCOUNTS + 1 }, () => ({ code: 'X' }))
  const withDiscounts = createRequest()
  withDiscounts.order.order.lines![0].discounts = discounts
  t.notOk(valid(CreateRequestSchema, withDiscounts), 'line discounts')
})

t.test('read requests for a cart, an order or the shipping zones are accepted', async t => {
  t.ok(valid(ReadRequestSchema, { type: 'ENTITY_TYPE_SHIPPING_ZONES', shipping_zones: {} }))
  t.ok(valid(ReadRequestSchema, { app_id: 'a', type: 'ENTITY_TYPE_ORDER', order: { external_order_id: '585' } }))
  t.ok(valid(ReadRequestSchema, { type: 'ENTITY_TYPE_USER', user: { email: 'a@example.com' } }))
})

t.test('delete requests are accepted and an empty answer is a valid answer', async t => {
  const request = {
    app_id: 'a',
    request_id: { value: 'e39fdccd-36ba-42ca-87e6-41ead8c39de9' },
    type: 'ENTITY_TYPE_ORDER',
    order: { is_cart: true, order_id: { value: 'eb3b8e18' }, external_id: 'c8XyP8tIPIOluGmOgOv1D6bABUScTyvh' }
  }
  t.ok(valid(DeleteRequestSchema, request))
  t.ok(valid(DeleteResponseSchema, {}))
  t.ok(valid(DeleteResponseSchema, { type: EntityType.ENTITY_TYPE_ORDER, order: {} }))
})

t.test('answers carry enum numbers, never names', async t => {
  const response = structuredClone(exchanges[0].response)
  response.order.order.order_type = 'ORDER_TYPE_CART'
  t.notOk(valid(CreateResponseSchema, response))

  // The static types say the same: requests take names, responses take numbers.
  const input: FastOrderInput = { order_type: 'ORDER_TYPE_CART', status: 1, lines: [{ quantity: '3' }] }
  const output: FastOrder = { order_type: OrderType.ORDER_TYPE_CART, lines: [{ quantity: 3 }] }
  // @ts-expect-error a name is not a valid response value
  const wrong: FastOrder = { order_type: 'ORDER_TYPE_CART' }
  t.ok(valid(FastOrderSchema, output))
  t.ok(input && wrong)
})

t.test('answers leave out what the serializer cannot write rather than inventing it', async t => {
  const app = Fastify()
  t.teardown(() => app.close())
  const order = { id: { value: 'o' }, order_type: 1, internal_secret: 'not for Fast' }
  app.post('/read', { schema: { response: { 200: ReadResponseSchema } } }, async () => ({
    order: { order },
    shipping_zones: { shipping_zones: [] }
  }))
  const reply = await app.inject({ method: 'POST', url: '/read' })
  t.strictSame(reply.json(), { order: { order: { id: { value: 'o' }, order_type: 1 } }, shipping_zones: { shipping_zones: [] } })
})

t.test('the error body we send matches ErrorBodySchema', async t => {
  const body: ErrorBody = new FastError(404, 'ORDER_NOT_FOUND', 'no such cart', { metadata: { external_id: 'x' } }).toBody()
  const back: FastErrorBody = body
  t.equal(errorsOf(ErrorBodySchema, back), '')

  const app = Fastify()
  t.teardown(() => app.close())
  app.get('/', { schema: { response: { 404: ErrorBodySchema } } }, async (_request, reply) => reply.code(404).send(body))
  const reply = await app.inject('/')
  t.strictSame(reply.json(), body)
})

t.test('Fastify\'s validator with coercion accepts Fast\'s requests and normalises ints', async t => {
  // The options the app is expected to use (fastify/demo's): coercion and stripping of unknown fields.
  const app = Fastify({ ajv: { customOptions: { coerceTypes: 'array', removeAdditional: 'all' } } })
  t.teardown(() => app.close())
  for (const operation of ['create', 'read', 'update', 'delete'] as const) {
    app.post(`/${operation}`, { schema: { body: requestSchemas[operation] } }, async request => request.body)
  }
  for (const { operation, request } of exchanges) {
    const reply = await app.inject({ method: 'POST', url: `/${operation}`, payload: request })
    t.equal(reply.statusCode, 200, `${operation} accepted`)
    t.strictSame(reply.json(), request, `${operation} unchanged`)
  }

  const request: any = createRequest()
  request.order.order.lines[0].quantity = '3'
  request.order.order.future = 'dropped'
  const reply = await app.inject({ method: 'POST', url: '/create', payload: request })
  t.equal(reply.statusCode, 200)
  t.equal(reply.json().order.order.lines[0].quantity, 3, 'the numeric string became a number')
  t.equal(reply.json().order.order.order_type, 'ORDER_TYPE_CART', 'enum names are left as sent')
  t.notOk('future' in reply.json().order.order, 'unknown fields are stripped, not rejected')

  const bad = { ...createRequest(), type: 'ENTITY_TYPE_BOGUS' }
  t.equal((await app.inject({ method: 'POST', url: '/create', payload: bad })).statusCode, 400)
})

t.test('the schemas are plain JSON Schema', async t => {
  for (const schema of [...Object.values(requestSchemas), ...Object.values(responseSchemas), ErrorBodySchema]) {
    const json = JSON.stringify(schema)
    t.notMatch(json, /"~|\$id/, 'no TypeBox markers or ids leak into the JSON')
  }
})
