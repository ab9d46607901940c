/**
 * Redaction of BigCommerce's own example bodies, from its official documents: whatever fields a real
 * store answers with, a person's data in a customer, an order, its addresses or a checkout does not
 * survive redaction, while ids, amounts and codes stay as they were and the redacted body still
 * matches the document.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { parse as parseYaml } from 'yaml'
import { createShopperRedaction } from '../../src/bigcommerce/recorder/shopper-data.js'
import { REFERENCE_DIR, validateAgainstOpenApi } from '../helpers/openapi.js'

type Json = Record<string, any>

function documentOf (file: string): Json {
  return parseYaml(readFileSync(join(REFERENCE_DIR, file), 'utf8'), { maxAliasCount: -1 }) as Json
}

interface DocumentedExample { name: string, method: string, path: string, body: unknown }

/** The named response's examples (OAS 3 `examples`, or the single `example`), as a GET answer at `path`. */
function responseExamples (file: string, response: string, path: string): DocumentedExample[] {
  const content = documentOf(file).components.responses[response].content['application/json']
  const examples: Array<[string, unknown]> = content.example === undefined
    ? Object.entries(content.examples as Record<string, { value: unknown }>).map(([name, { value }]) => [name, value])
    : [['example', content.example]]
  return examples.map(([name, body]) => ({ name: `${file} ${response} "${name}"`, method: 'GET', path, body }))
}

/** getCheckout's examples: the document puts each under its own media type key, as `example`. */
function checkoutExamples (): DocumentedExample[] {
  const content = documentOf('checkouts.v3.yml').paths['/checkouts/{checkoutId}'].get.responses['200'].content as Record<string, { example?: unknown }>
  return Object.entries(content)
    .filter(([, media]) => media.example !== undefined)
    .map(([name, media]) => ({ name: `checkouts.v3.yml getCheckout "${name}"`, method: 'GET', path: '/stores/abc123/v3/checkouts/abc', body: media.example }))
}

const EXAMPLES: DocumentedExample[] = [
  ...responseExamples('customers.v3.yml', 'GetCustomerCollectionResponse', '/stores/abc123/v3/customers'),
  ...responseExamples('orders.v2.oas2.yml', 'order_Resp', '/stores/abc123/v2/orders/218'),
  ...responseExamples('orders.v2.oas2.yml', 'orderShippingAddressCollection_Resp', '/stores/abc123/v2/orders/218/shipping_addresses'),
  ...responseExamples('orders.v2.oas2.yml', 'orderShippingAddress_Resp', '/stores/abc123/v2/orders/218/shipping_addresses/1'),
  ...checkoutExamples()
]

/** Fields whose values are a person's: who they are, where they live, what they wrote or typed in. */
const PERSONAL_FIELDS = new Set([
  'email', 'first_name', 'last_name', 'company', 'phone',
  'address1', 'address2', 'street_1', 'street_2', 'city', 'zip', 'postal_code',
  'notes', 'customer_message', 'staff_notes', 'ip_address', 'ip_address_v6', 'registration_ip_address',
  'tax_exempt_category'
])
/** Fields whose values are a person's only in some objects (by the field holding the object). */
const PERSONAL_FIELDS_IN: Record<string, string[]> = {
  form_fields: ['value'], // what the shopper typed in
  custom_fields: ['value', 'field_value'],
  gift_certificates: ['message'],
  sender: ['name'],
  recipient: ['name']
}

/** Fields that say nothing about the person and must come through unchanged. */
const KEPT_FIELD = /(^|_)id$|^(country|country_code|country_iso2|state|state_or_province|state_or_province_code|currency_code)$|(cost|tax|total|amount|price)(_(ex|inc)_tax)?$/

interface Leaf { path: string, field: string, value: unknown, holder: string }

/** Every leaf of a JSON value: its path, its field, and the field holding its object (or list of objects). */
function leaves (value: unknown, path = '', field = '', holder = ''): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, `${path}[${i}]`, field, holder))
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([inner, innerValue]) => leaves(innerValue, `${path}.${inner}`, inner, field))
  }
  return [{ path, field, value, holder }]
}

function isPersonal (leaf: Leaf): boolean {
  return PERSONAL_FIELDS.has(leaf.field) || (PERSONAL_FIELDS_IN[leaf.holder]?.includes(leaf.field) ?? false)
}

/**
 * The example's personal strings, but those it also uses as a kept value: the customers example's
 * placeholder "string" is also its `state_or_province`, which is kept.
 */
function personalStrings (body: unknown): string[] {
  const all = leaves(body)
  const kept = new Set(all.filter(leaf => KEPT_FIELD.test(leaf.field)).map(leaf => leaf.value))
  const strings = all.filter(isPersonal)
    .map(leaf => leaf.value)
    .filter((value): value is string => typeof value === 'string' && value !== '' && !kept.has(value))
  return [...new Set(strings)]
}

function redacted (body: unknown): unknown {
  const redaction = createShopperRedaction()
  redaction.learn(body)
  return redaction.apply(body)
}

t.test('the documents\' examples hold the personal data these tests look for', async t => {
  for (const example of EXAMPLES) t.ok(personalStrings(example.body).length > 0, example.name)
  const all = new Set(EXAMPLES.flatMap(example => personalStrings(example.body)))
  t.ok(all.has('Preferred customer'), 'a customer\'s notes')
  t.ok(all.has('jane.smith@example.com'), 'a customer\'s email')
})

t.test('no personal value of a documented example survives redaction', async t => {
  for (const example of EXAMPLES) {
    const output = leaves(redacted(example.body)).map(leaf => leaf.value).filter(value => typeof value === 'string')
    const survivors = personalStrings(example.body).filter(personal => output.some(value => value.includes(personal)))
    t.same(survivors, [], example.name)
  }
})

t.test('ids, amounts, country and state codes of a documented example are unchanged', async t => {
  for (const example of EXAMPLES) {
    const kept = leaves(example.body).filter(leaf => KEPT_FIELD.test(leaf.field))
    const after = new Map(leaves(redacted(example.body)).map(leaf => [leaf.path, leaf.value]))
    t.ok(kept.length > 0, `${example.name} has ids or amounts`)
    t.same(kept.filter(leaf => after.get(leaf.path) !== leaf.value).map(leaf => leaf.path), [], example.name)
  }
})

t.test('a redacted documented example matches the document as the original does', async t => {
  for (const example of EXAMPLES) {
    const errorsOf = (body: unknown): string[] => validateAgainstOpenApi({ method: example.method, path: example.path, status: 200, body })
    t.same(errorsOf(redacted(example.body)), errorsOf(example.body), example.name)
  }
})
