/**
 * The example response bodies BigCommerce's official documents give for an operation, by name.
 *
 * Examples sit in three places: `content.<media type>.examples.<name>.value` (a `$ref` to
 * `#/components/examples/...` is followed), `content.<media type>.example`, and, in
 * checkouts.v3.yml, directly under `content` as if their names were media types
 * (`content["Coupon Applied"].example`). All three are read.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { REFERENCE_DIR } from '../helpers/openapi.js'

type Json = Record<string, any>

export interface OfficialExample {
  /** e.g. 'checkouts.v3.yml getCheckout 200 "Coupon Applied"' */
  label: string
  operationId: string
  name: string
  body: unknown
}

const documents = new Map<string, Json>()

function loadDocument (file: string): Json {
  let doc = documents.get(file)
  if (doc === undefined) {
    doc = parseYaml(readFileSync(join(REFERENCE_DIR, file), 'utf8'), { maxAliasCount: -1 }) as Json
    documents.set(file, doc)
  }
  return doc
}

function follow (doc: Json, node: unknown): Json | undefined {
  let current = node as Json | undefined
  for (let i = 0; i < 20 && current !== undefined && current !== null && typeof current.$ref === 'string'; i++) {
    const ref: string = current.$ref
    if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`)
    current = ref.slice(2).split('/').reduce<any>((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
    if (current === undefined) throw new Error(`unresolved $ref ${ref}`)
  }
  return current
}

function findOperation (doc: Json, operationId: string): Json {
  for (const item of Object.values(doc.paths ?? {}) as Json[]) {
    for (const operation of Object.values(item)) {
      if (typeof operation === 'object' && operation !== null && (operation as Json).operationId === operationId) return operation as Json
    }
  }
  throw new Error(`no operation ${operationId}`)
}

/** Every example of every 2xx answer of `operationId` in `file`. */
export function officialExamples (file: string, operationId: string): OfficialExample[] {
  const doc = loadDocument(file)
  const operation = findOperation(doc, operationId)
  const found: OfficialExample[] = []
  for (const [status, entry] of Object.entries(operation.responses ?? {})) {
    if (!status.startsWith('2')) continue
    const response = follow(doc, entry)
    for (const [key, rawMedia] of Object.entries(response?.content ?? {})) {
      const media = follow(doc, rawMedia)
      if (media === undefined || media === null) continue
      const add = (name: string, body: unknown): void => {
        if (body !== undefined) found.push({ label: `${file} ${operationId} ${status} "${name}"`, operationId, name, body })
      }
      // A real media type ('application/json') or one of checkouts.v3.yml's named examples.
      const isMediaType = key.includes('/')
      if ('example' in media) add(isMediaType ? `${key} example` : key, media.example)
      if (!isMediaType && 'value' in media) add(key, media.value)
      for (const [name, example] of Object.entries(media.examples ?? {})) add(name, follow(doc, example)?.value)
    }
  }
  return found
}

/** A schema's own `x-examples` (orders.v2.oas2.yml gives `orderConsignment_Get` one per consignment kind). */
export function schemaExamples (file: string, schema: string): Record<string, any> {
  return structuredClone(loadDocument(file).components?.schemas?.[schema]?.['x-examples'] ?? {})
}
