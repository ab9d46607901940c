/**
 * 10,000 malformed bodies across Fast's four operations, made by spoiling Fast's real requests
 * (seed 000's recorded checkout, fixtures/fast/seed-000-checkout): wrong types, deep nesting, lone
 * surrogates, huge strings and arrays, bad ids, invalid enums, missing fields, extra garbage keys,
 * text that is not JSON. Every one goes through the whole bridge (a valid Fast token, app.inject())
 * to a fake BigCommerce that answers 404 to everything and counts the calls.
 *
 * For every body: no 5xx; every non-2xx is Fast's error body `{code, message, details:[{reason}]}`;
 * and an answer that made a BigCommerce call is a 2xx or an answer decided by what BigCommerce said
 * (a mutated body can still be valid and reach it): a body refused by our own checks made no call.
 *
 * The seed is fixed and printed (`# fuzz: seed`); FUZZ_SEED=<n> runs another one (FUZZ_RUNS=<n> per
 * operation), and fast-check prints the seed and path of a failing run.
 */
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import t from 'tap'
import { buildTestApp, FAST_APP_ID, STORE_HASH, type TestBridge } from '../helpers/build-app.js'
import { startFakeBigCommerce } from '../helpers/fake-bigcommerce.js'
import { recordedFlow } from '../helpers/recorded.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20261201)
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 2_500)
// 10,000 bodies take ~35 s on a quiet 2-core machine and 81 s measured beside two CPU burners:
// tap's 120 s per file is too close for a loaded CI runner.
t.setTimeout(300_000)
const OPERATIONS = ['create', 'read', 'update', 'delete'] as const
type Operation = typeof OPERATIONS[number]

/**
 * Reasons of answers decided by BigCommerce's reply (src/fast/upstream-errors.ts, and the catalog
 * checks of src/operations/item-errors.ts and option-selections.ts, which read BigCommerce's catalog).
 * Any other 4xx is our own check, and must come without a call.
 */
const FROM_BIGCOMMERCE = new Set([
  'NOT_FOUND_IN_BIGCOMMERCE', 'CONFLICT', 'RATE_LIMITED', 'REJECTED_BY_BIGCOMMERCE', 'STORE_TOKEN_REFUSED', 'STORE_SCOPE_MISSING',
  'PRODUCT_NOT_FOUND', 'VARIANT_NOT_FOUND', 'NOT_PURCHASABLE', 'QUANTITY_OUT_OF_RANGE', 'OUT_OF_STOCK',
  'OPTION_NOT_FOUND', 'OPTION_VALUE_NOT_FOUND', 'OPTIONS_CONTRADICT_VARIANT', 'INVALID_COUPON', 'USER_NOT_FOUND'
])

// ---- Fast's real bodies, the material the mutations spoil ------------------------------------

const flow = recordedFlow('seed-000-checkout')
const recorded = (operation: Operation): unknown[] => flow.filter(step => step.operation === operation).map(step => step.request)
const ORDER_ID = 'eb3b8e18-930d-4213-92a0-4993f9e536a8'
const CART_ID = 'a98a387e-02ec-41a8-a38e-e3ca5fb0548d'
const LINE_ID = '32dc17ee-ebff-40f8-87c5-b83f838d79d1'
const CONSIGNMENT_ID = '60a4bbe63f601'

const BASES: Record<Operation, unknown[]> = {
  create: recorded('create'),
  read: [
    ...recorded('read'),
    { type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: ORDER_ID } } },
    { type: 'ENTITY_TYPE_ORDER', order: { external_order_id: '585' } },
    { type: 'ENTITY_TYPE_SHIPPING_ZONES' },
    { type: 'ENTITY_TYPE_USER', user: { email: 'John+23roujwn@fast.in' } }
  ],
  update: [
    ...recorded('update'),
    { request_id: { value: randomUUID() }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: ORDER_ID }, items: [{ item_id: { value: LINE_ID }, quantity: 2 }] } },
    { request_id: { value: randomUUID() }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: ORDER_ID }, coupon: { code: 'SAVE10' } } },
    { request_id: { value: randomUUID() }, type: 'ENTITY_TYPE_ORDER', order: { order_id: { value: ORDER_ID }, status: 'ORDER_STATUS_CANCELED', convert_cart_to_order: true } }
  ],
  delete: [
    { request_id: { value: randomUUID() }, type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, order_id: { value: ORDER_ID } } },
    { request_id: { value: randomUUID() }, type: 'ENTITY_TYPE_ORDER', order: { is_cart: true, external_order_id: CART_ID } }
  ]
}

// ---- mutations --------------------------------------------------------------------------------

type Path = Array<string | number>

/** Every path in a (small, shallow) body, containers included, the root as []. */
function pathsOf (body: unknown): Path[] {
  const found: Path[] = []
  const pending: Array<{ value: unknown, path: Path }> = [{ value: body, path: [] }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    found.push(next.path)
    const { value, path } = next
    if (Array.isArray(value)) value.forEach((child, i) => pending.push({ value: child, path: [...path, i] }))
    else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) pending.push({ value: child, path: [...path, key] })
  }
  return found
}

function containerAt (body: unknown, path: Path): { parent: any, key: string | number } | undefined {
  if (path.length === 0) return undefined
  let parent: any = body
  for (const step of path.slice(0, -1)) parent = parent?.[step]
  return parent !== null && typeof parent === 'object' ? { parent, key: path[path.length - 1] as string | number } : undefined
}

/** Deep nesting is spliced in as text after JSON.stringify (which would itself recurse): a placeholder string stands for it. */
const DEEP = '\u0000deep:'
const deepText = (depth: number, kind: 'object' | 'array'): string => kind === 'array'
  ? '['.repeat(depth) + ']'.repeat(depth)
  : '{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1)

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null, true, false, 0, -1, 1.5, 1e308, '', ' ', '0', '-1', '1e3', 'hoodie', '../carts', '%2e%2e%2f', '99999999999999999999',
    '\ud800', 'a\udc00b', '\udbff\udbff', 'ENTITY_TYPE_BANANA', 'ORDER_STATUS_NONSENSE', 'CART_TO_ORDER_CONVERT_NOPE', 99, 12,
    '00000000-0000-4000-8000-000000000000', '585', CART_ID, {}, [], [null], { value: 42 }, { value: '\ud800' }, { __proto__: { admin: true } }
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
  fc.nat({ max: 3000 }).map(n => 'x'.repeat(n)),
  fc.constant('x'.repeat(300 * 1024)),
  fc.nat({ max: 60_000 }).map(n => new Array<number>(n).fill(1)),
  fc.tuple(fc.integer({ min: 20, max: 6000 }), fc.constantFrom('object', 'array')).map(([depth, kind]) => `${DEEP}${kind}:${depth}`)
)

const weirdKey = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'prototype', '\ud800', 'order', 'type', 'request_id', 'a'.repeat(5000)))

type Mutation =
  | { kind: 'replace', at: number, value: unknown }
  | { kind: 'remove', at: number }
  | { kind: 'add', at: number, key: string, value: unknown }

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: weirdKey, value: hostileValue })
)

type TextDamage =
  | { kind: 'none' }
  | { kind: 'truncate', at: number }
  | { kind: 'insert', at: number, text: string }
  | { kind: 'instead', text: string }

const textDamage: fc.Arbitrary<TextDamage> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.string({ maxLength: 3 }), fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', '\\ud800', '\\u0000', '\ufeff')) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('instead' as const), text: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('', 'null', '[]', '{', 'undefined', 'NaN', '{"a":1}{"b":2}', '\ufeff{}', '{"type":"ENTITY_TYPE_ORDER",}')) }) }
)

function mutate (base: unknown, mutations: Mutation[]): unknown {
  const body = structuredClone(base)
  let root: unknown = body
  for (const m of mutations) {
    const paths = pathsOf(root)
    const path = paths[m.at % paths.length] as Path
    if (m.kind === 'add') {
      const target = path.reduce<any>((at, step) => at?.[step], root)
      if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
        // defineProperty, so that a "__proto__" key is an own key and reaches the JSON text.
        Object.defineProperty(target, m.key, { value: m.value, enumerable: true, writable: true, configurable: true })
      }
      continue
    }
    const slot = containerAt(root, path)
    if (slot === undefined) {
      if (m.kind === 'replace') root = m.value
      continue
    }
    if (m.kind === 'replace') slot.parent[slot.key] = m.value
    else if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1)
    else delete slot.parent[slot.key]
  }
  return root
}

/** A new request_id per body, so that the request_id layer's "same id, other body" 422 does not hide what comes after it. */
function withFreshRequestId (base: unknown): unknown {
  const body = base as { request_id?: unknown }
  return body.request_id === undefined ? base : { ...body, request_id: { value: randomUUID() } }
}

function serialise (body: unknown, damage: TextDamage): string {
  let text = JSON.stringify(body) ?? 'null'
  text = text.replace(new RegExp(`"${JSON.stringify(DEEP).slice(1, -1).replace(/\\/g, '\\\\')}(object|array):(\\d+)"`, 'g'),
    (_match, kind: 'object' | 'array', depth: string) => deepText(Number(depth), kind))
  switch (damage.kind) {
    case 'none': return text
    case 'truncate': return text.slice(0, damage.at % (text.length + 1))
    case 'insert': {
      const at = damage.at % (text.length + 1)
      return text.slice(0, at) + damage.text + text.slice(at)
    }
    case 'instead': return damage.text
  }
}

// ---- the run ----------------------------------------------------------------------------------

interface Tally { runs: number, refusedWithoutCall: number, decidedByBigCommerce: number, ok: number, okWithCalls: number, byStatus: Record<string, number>, byReason: Record<string, number> }

function isFastErrorBody (body: any): boolean {
  return body !== null && typeof body === 'object' && typeof body.code === 'number' && typeof body.message === 'string' &&
    Array.isArray(body.details) && body.details.length >= 1 && typeof body.details[0]?.reason === 'string'
}

async function seedOrder (bridge: TestBridge): Promise<void> {
  // Seed 000's cart as if the create had gone through, so updates and deletes get past the lookup and reach BigCommerce.
  await bridge.storage.saveOrder({ storeHash: STORE_HASH, fastOrderId: ORDER_ID, cartId: CART_ID, bcOrderId: null, billingAddressId: null, currencyCode: 'USD', consignmentIds: [CONSIGNMENT_ID], cartVersion: null })
  await bridge.storage.saveLines([{ storeHash: STORE_HASH, fastOrderId: ORDER_ID, fastLineId: LINE_ID, bcItemId: 'd3d6eca1-1697-4ad2-872b-6f369364f75b', productId: 112, variantId: 77, physical: true, imageUrl: null, options: [] }])
}

t.test(`${RUNS_PER_OPERATION * OPERATIONS.length} malformed bodies: no 5xx, Fast's error body every time, no BigCommerce call for a body we refuse`, async (t) => {
  const bc = await startFakeBigCommerce(t, () => ({ status: 404, body: { status: 404, title: 'Not Found', type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes' } }))
  const bridge = await buildTestApp(t, { env: { BIGCOMMERCE_API_URL: bc.url } })
  await seedOrder(bridge)
  const authorization = bridge.jwks.bearer(FAST_APP_ID, { expiresInSeconds: 3600 }) // one token for the whole run
  t.comment(`fuzz: seed ${SEED}, ${RUNS_PER_OPERATION} runs per operation (replay with FUZZ_SEED=${SEED})`)
  const started = Date.now()

  for (const [index, operation] of OPERATIONS.entries()) {
    const tally: Tally = { runs: 0, refusedWithoutCall: 0, decidedByBigCommerce: 0, ok: 0, okWithCalls: 0, byStatus: {}, byReason: {} }
    const bases = BASES[operation]
    const property = fc.asyncProperty(
      fc.nat({ max: bases.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), textDamage, fc.boolean(),
      async (baseIndex, mutations, damage, charset) => {
        const payload = serialise(mutate(withFreshRequestId(bases[baseIndex]), mutations), damage)
        const callsBefore = bc.calls()
        const response = await bridge.app.inject({
          method: 'POST',
          url: `/fast/v1/${operation}`,
          headers: { authorization, 'content-type': charset ? 'application/json; charset=utf-8' : 'application/json' },
          payload
        })
        const calls = bc.calls() - callsBefore
        const status = response.statusCode
        const what = `${operation} ${JSON.stringify(payload.slice(0, 300))}${payload.length > 300 ? `… (${payload.length} chars)` : ''} → ${status} ${response.body.slice(0, 300)}`
        tally.runs++
        tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1
        if (status >= 500) throw new Error(`5xx: ${what}`)
        if (status < 300) {
          tally.ok++
          if (calls > 0) tally.okWithCalls++
          return
        }
        let body: any
        try { body = response.json() } catch { throw new Error(`not JSON: ${what}`) }
        if (!isFastErrorBody(body)) throw new Error(`not Fast's error body: ${what}`)
        const reason = body.details[0].reason as string
        tally.byReason[reason] = (tally.byReason[reason] ?? 0) + 1
        if (calls === 0) {
          tally.refusedWithoutCall++
        } else if (FROM_BIGCOMMERCE.has(reason)) {
          tally.decidedByBigCommerce++
        } else {
          throw new Error(`refused by our own check (${reason}) after ${calls} BigCommerce call(s): ${what}`)
        }
      })
    await fc.assert(property, { seed: SEED + index, numRuns: RUNS_PER_OPERATION })
    t.equal(tally.runs, RUNS_PER_OPERATION, `${operation}: every body was sent`)
    t.comment(`fuzz: ${operation}: ${tally.runs} bodies; refused by our checks without a call ${tally.refusedWithoutCall}; ` +
      `4xx decided by BigCommerce's answer ${tally.decidedByBigCommerce}; 2xx ${tally.ok} (${tally.okWithCalls} with calls); statuses ${JSON.stringify(tally.byStatus)}; reasons ${JSON.stringify(tally.byReason)}`)
  }
  t.comment(`fuzz: ${RUNS_PER_OPERATION * OPERATIONS.length} bodies in ${((Date.now() - started) / 1000).toFixed(1)} s; ${bc.calls()} BigCommerce calls in all`)
})
