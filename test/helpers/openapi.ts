/*
 * Validate BigCommerce request/response bodies against BigCommerce's official OpenAPI documents.
 *
 * The documents are verbatim copies of bigcommerce/docs `reference/*.yml`, kept in the shared folder
 * (`../shared/reference/bigcommerce/` from the repository root). They are the authority for every recorded
 * fixture and for the sandbox emulator, so both are checked against them rather than against our memory.
 *
 * API (stable; the sandbox emulator's tests import it):
 *
 *   validateAgainstOpenApi({ method, path, status?, body, kind? }): string[]
 *     method  HTTP method, any case ('GET', 'post', ...)
 *     path    '/stores/{hash}/v3/carts?include=...' or a full URL ('https://api.bigcommerce.com/stores/...').
 *             The query string is ignored for matching (BigCommerce puts `include=` there).
 *     status  response status (required when kind is 'response')
 *     body    the parsed JSON body (undefined or '' = no body)
 *     kind    'response' (default) or 'request'
 *   Returns readable error strings; an empty array means valid. An unknown operation, an undeclared status,
 *   or a body where the document declares none (and the reverse) are reported as errors too.
 *
 *   findOpenApiOperation(method, path): OpenApiOperation | undefined
 *     Which document and templated path declare the operation (file, pathTemplate, operationId, params).
 *
 *   REFERENCE_DIR: absolute path of the folder holding the documents.
 *
 * How a document becomes JSON Schema for ajv (OpenAPI 3.0 is not JSON Schema):
 *   - internal `$ref`s (`#/components/...`) become `#/definitions/<key>` entries, converted once, so
 *     recursive schemas work; siblings of a `$ref` are ignored as OAS 3.0 says, except `nullable: true`;
 *   - `nullable: true` (and OAS 2 `x-nullable`) adds `null` to `type` (and to `enum`), or wraps in anyOf;
 *   - `x-*`, `example`, `examples`, `discriminator`, `xml`, `externalDocs` are dropped; OAS 2 `type: file`
 *     accepts anything; OAS 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` become the numeric form;
 *   - `readOnly` properties are not required in requests, `writeOnly` ones not in responses (OAS 3.0 rule).
 * ajv runs with `strict: false, allErrors: true, unicodeRegExp: false` (BigCommerce's patterns are not valid
 * under the `u` flag) plus ajv-formats; unknown formats are accepted.
 * Compiled validators are cached per (document, operation, kind, status).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { Ajv } from 'ajv'
import type { ErrorObject, ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS; under nodenext its default export is the module object in the type system.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

export const REFERENCE_DIR = resolve(import.meta.dirname, '../../../shared/reference/bigcommerce')

export type BodyKind = 'response' | 'request'

export interface ValidateOptions {
  method: string
  path: string
  status?: number
  body: unknown
  kind?: BodyKind
}

export interface OpenApiOperation {
  /** document path relative to REFERENCE_DIR, e.g. 'checkouts.v3.yml' */
  file: string
  /** templated path as written in the document, e.g. '/checkouts/{checkoutId}/billing-address' */
  pathTemplate: string
  method: string
  operationId: string | undefined
  /** values of the templated path parameters, by name */
  params: Record<string, string>
}

type Json = Record<string, any>

interface LoadedDoc {
  file: string
  doc: Json
  /** server path templates ('/stores/{store_hash}/v3'), compiled */
  servers: RegExp[]
  paths: Array<{ template: string, regex: RegExp, literalSegments: number }>
}

let docsCache: LoadedDoc[] | undefined
const validatorCache = new Map<string, ValidateFunction | null>()
let ajvInstance: Ajv | undefined

function listYamlFiles (dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) out.push(...listYamlFiles(full))
    else if (/\.ya?ml$/.test(name)) out.push(full)
  }
  return out
}

// '{id}' matches one path segment; everything else is literal.
function templateToRegex (template: string, anchorEnd: boolean): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('')
  return new RegExp('^' + source + (anchorEnd ? '/?$' : ''))
}

function loadDocs (): LoadedDoc[] {
  if (docsCache !== undefined) return docsCache
  docsCache = listYamlFiles(REFERENCE_DIR).map((full) => {
    const doc = parseYaml(readFileSync(full, 'utf8'), { maxAliasCount: -1 }) as Json
    let serverPaths: string[]
    if (Array.isArray(doc.servers) && doc.servers.length > 0) {
      serverPaths = doc.servers.map((s: Json) => pathOfUrl(String(s.url)))
    } else {
      // OAS 2 declares the base as `basePath`.
      serverPaths = [typeof doc.basePath === 'string' ? doc.basePath : '']
    }
    const paths = Object.keys(doc.paths ?? {}).map((template) => ({
      template,
      regex: templateToRegex(template, true),
      literalSegments: template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length
    }))
    return {
      file: relative(REFERENCE_DIR, full),
      doc,
      servers: serverPaths.map((p) => templateToRegex(p.replace(/\/$/, ''), false)),
      paths
    }
  })
  return docsCache
}

// Server URLs are templates ('https://{store_domain}/api/storefront'), which URL() may reject.
function pathOfUrl (url: string): string {
  const m = /^[a-z]+:\/\/[^/]*(\/.*)?$/i.exec(url)
  return m ? (m[1] ?? '') : url
}

function splitPath (path: string): string {
  let p = path
  if (/^[a-z]+:\/\//i.test(p)) p = new URL(p).pathname
  const q = p.indexOf('?')
  return q === -1 ? p : p.slice(0, q)
}

export function findOpenApiOperation (method: string, path: string): OpenApiOperation | undefined {
  const m = method.toLowerCase()
  const pathname = splitPath(path)
  let best: { op: OpenApiOperation, score: number } | undefined
  for (const loaded of loadDocs()) {
    for (const server of loaded.servers) {
      const sm = server.exec(pathname)
      if (sm === null) continue
      const rest = pathname.slice(sm[0].length) || '/'
      for (const p of loaded.paths) {
        const pm = p.regex.exec(rest)
        if (pm === null) continue
        const item = loaded.doc.paths[p.template] as Json
        const operation = item?.[m] as Json | undefined
        if (operation === undefined) continue
        // '/checkouts/settings' must win over '/checkouts/{checkoutId}'.
        if (best !== undefined && best.score >= p.literalSegments) continue
        const names = [...p.template.matchAll(/\{([^}]+)\}/g)].map((x) => x[1] as string)
        const params: Record<string, string> = {}
        names.forEach((name, i) => { params[name] = decodeURIComponent(pm[i + 1] as string) })
        best = {
          score: p.literalSegments,
          op: { file: loaded.file, pathTemplate: p.template, method: m, operationId: operation.operationId, params }
        }
      }
    }
  }
  return best?.op
}

function getDoc (file: string): Json {
  const loaded = loadDocs().find((d) => d.file === file)
  if (loaded === undefined) throw new Error(`unknown OpenAPI document ${file}`)
  return loaded.doc
}

function resolvePointer (doc: Json, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`external $ref not supported: ${ref}`)
  let node: any = doc
  for (const raw of ref.slice(1).split('/').filter((s) => s !== '')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    node = node?.[key]
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`)
  }
  return node
}

// Follows $ref chains on non-schema objects (responses, requestBodies, parameters).
function deref (doc: Json, node: unknown): Json | undefined {
  let current = node as Json | undefined
  for (let i = 0; i < 20 && current !== undefined && typeof current.$ref === 'string'; i++) {
    current = resolvePointer(doc, current.$ref) as Json
  }
  return current
}

const DROPPED_KEYS = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'nullable', 'deprecated'])

class SchemaConverter {
  readonly definitions: Record<string, unknown> = {}
  private readonly doc: Json
  private readonly kind: BodyKind

  constructor (doc: Json, kind: BodyKind) {
    this.doc = doc
    this.kind = kind
  }

  private refKey (ref: string): string {
    return ref.replace(/^#\//, '').replace(/[^A-Za-z0-9_-]/g, '_')
  }

  private refTo (ref: string): Json {
    const key = this.refKey(ref)
    if (!(key in this.definitions)) {
      this.definitions[key] = true // placeholder: breaks cycles while the target is converted
      this.definitions[key] = this.convert(resolvePointer(this.doc, ref))
    }
    return { $ref: `#/definitions/${key}` }
  }

  convert (schema: unknown): unknown {
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema
    const s = schema as Json
    if (typeof s.$ref === 'string') {
      const target = this.refTo(s.$ref)
      // OAS 3.0 ignores $ref siblings, but `nullable: true` beside a $ref states a clear intent.
      return s.nullable === true || s['x-nullable'] === true ? { anyOf: [target, { type: 'null' }] } : target
    }
    const out: Json = {}
    for (const [key, value] of Object.entries(s)) {
      if (key.startsWith('x-') || DROPPED_KEYS.has(key)) continue
      switch (key) {
        case 'properties':
        case 'patternProperties': {
          const props: Json = {}
          for (const [name, sub] of Object.entries(value as Json)) props[name] = this.convert(sub)
          out[key] = props
          break
        }
        case 'items':
          out.items = Array.isArray(value) ? value.map((v) => this.convert(v)) : this.convert(value)
          break
        case 'additionalProperties':
        case 'not':
          out[key] = this.convert(value)
          break
        case 'allOf':
        case 'anyOf':
        case 'oneOf':
          out[key] = (value as unknown[]).map((v) => this.convert(v))
          break
        default:
          out[key] = value
      }
    }
    if (out.type === 'file') delete out.type // OAS 2 file upload: any content
    if (out.exclusiveMinimum === true && typeof out.minimum === 'number') {
      out.exclusiveMinimum = out.minimum
      delete out.minimum
    } else if (typeof out.exclusiveMinimum === 'boolean') delete out.exclusiveMinimum
    if (out.exclusiveMaximum === true && typeof out.maximum === 'number') {
      out.exclusiveMaximum = out.maximum
      delete out.maximum
    } else if (typeof out.exclusiveMaximum === 'boolean') delete out.exclusiveMaximum
    // A property the document marks readOnly is never sent; one marked writeOnly is never returned.
    if (Array.isArray(out.required) && out.properties !== undefined) {
      const skip = this.kind === 'request' ? 'readOnly' : 'writeOnly'
      out.required = out.required.filter((name: string) => {
        const prop = s.properties?.[name] as Json | undefined
        const target = prop !== undefined && typeof prop.$ref === 'string' ? deref(this.doc, prop) : prop
        return target?.[skip] !== true
      })
      if (out.required.length === 0) delete out.required
    }
    if (s.nullable === true || s['x-nullable'] === true) return this.makeNullable(out)
    return out
  }

  private makeNullable (out: Json): Json {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null']
      return out
    }
    if (Array.isArray(out.type)) {
      if (!out.type.includes('null')) out.type = [...out.type, 'null']
      return out
    }
    return { anyOf: [out, { type: 'null' }] }
  }
}

function getAjv (): Ajv {
  if (ajvInstance === undefined) {
    ajvInstance = new Ajv({
      strict: false,
      allErrors: true,
      logger: false,
      // BigCommerce patterns are written for non-unicode RegExp (e.g. `[a-zA-Z0-9_\ -]`, `\d{1-5}`),
      // which the `u` flag rejects.
      unicodeRegExp: false
    })
    addFormats(ajvInstance)
    // Formats BigCommerce uses that neither ajv nor ajv-formats knows: annotations only.
    for (const name of ['decimal', 'int', 'integer', 'string', 'ISO-8601', 'iso-8601', 'date-time-rfc2822', 'phone', 'url', 'currency', 'text']) {
      if (ajvInstance.formats[name] === undefined) ajvInstance.addFormat(name, true)
    }
  }
  return ajvInstance
}

function pickContentSchema (content: Json | undefined): { found: boolean, schema?: unknown } {
  if (content === undefined || content === null) return { found: false }
  const types = Object.keys(content)
  const chosen = types.find((t) => t === 'application/json') ??
    types.find((t) => /json/i.test(t)) ??
    types[0]
  if (chosen === undefined) return { found: false }
  return { found: true, schema: (content[chosen] as Json)?.schema ?? {} }
}

/** BigCommerce's error bodies where a document declares none: v3 `{status, title, type, ...}` (`errors` an object, or an array as the checkouts document's own 404 has it), v2 `[{status, message}]`. */
const V3_ERROR_BODY = {
  type: 'object',
  required: ['status', 'title'],
  properties: { status: { type: 'integer' }, title: { type: 'string' }, type: { type: 'string' }, detail: { type: 'string' }, errors: { type: ['object', 'array'] } }
}
const V2_ERROR_BODY = {
  type: 'array',
  items: { type: 'object', required: ['status', 'message'], properties: { status: { type: 'integer' }, message: { type: 'string' } } }
}

/** OpenAPI 3 request bodies are optional unless `required: true`; OAS 2 body parameters likewise. */
function requestBodyRequired (op: OpenApiOperation): boolean {
  const doc = getDoc(op.file)
  const operation = doc.paths[op.pathTemplate][op.method] as Json
  const requestBody = deref(doc, operation.requestBody)
  if (requestBody !== undefined) return requestBody.required === true
  const params = [...(doc.paths[op.pathTemplate].parameters ?? []), ...(operation.parameters ?? [])].map((p: unknown) => deref(doc, p))
  return params.some((p) => p?.in === 'body' && p.required === true)
}

function statusEntry (responses: Json, status: number): unknown {
  return responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses[`${String(status)[0]}xx`] ?? responses.default
}

/**
 * Returns the compiled validator for a body, `null` when the document declares no body,
 * or a string explaining why nothing applies (unknown status).
 */
function getValidator (op: OpenApiOperation, kind: BodyKind, status: number | undefined): ValidateFunction | null | string {
  const cacheKey = `${op.file} ${op.method} ${op.pathTemplate} ${kind} ${status ?? ''}`
  if (validatorCache.has(cacheKey)) return validatorCache.get(cacheKey) as ValidateFunction | null
  const doc = getDoc(op.file)
  const operation = doc.paths[op.pathTemplate][op.method] as Json
  let found: { found: boolean, schema?: unknown }
  if (kind === 'request') {
    const requestBody = deref(doc, operation.requestBody)
    if (requestBody !== undefined) {
      found = pickContentSchema(requestBody.content)
    } else {
      // OAS 2: the body is an `in: body` parameter.
      const params = [...(doc.paths[op.pathTemplate].parameters ?? []), ...(operation.parameters ?? [])]
        .map((p: unknown) => deref(doc, p))
      const bodyParam = params.find((p) => p?.in === 'body')
      found = bodyParam !== undefined ? { found: true, schema: bodyParam.schema ?? {} } : { found: false }
    }
  } else {
    if (status === undefined) return 'status is required to validate a response'
    const entry = deref(doc, statusEntry(operation.responses ?? {}, status))
    if (entry === undefined && status >= 400) {
      // Many endpoints document no error answers; BigCommerce's errors still have one shape per
      // API version (start/about/status-codes), which is what such an answer must match.
      const generic = getAjv().compile(op.file.includes('.v2.') ? V2_ERROR_BODY : V3_ERROR_BODY)
      validatorCache.set(cacheKey, generic)
      return generic
    }
    if (entry === undefined) {
      return `${op.file} ${op.method.toUpperCase()} ${op.pathTemplate} declares no response for status ${status}` +
        ` (declared: ${Object.keys(operation.responses ?? {}).join(', ')})`
    }
    // OAS 3 puts the schema under content; OAS 2 directly on the response.
    found = entry.content !== undefined ? pickContentSchema(entry.content) : entry.schema !== undefined ? { found: true, schema: entry.schema } : { found: false }
  }
  let validator: ValidateFunction | null = null
  if (found.found) {
    const converter = new SchemaConverter(doc, kind)
    const root = converter.convert(found.schema) as Json
    const schema = typeof root === 'object' && root !== null
      ? { ...root, definitions: converter.definitions }
      : root
    validator = getAjv().compile(schema as object)
  }
  validatorCache.set(cacheKey, validator)
  return validator
}

function formatError (e: ErrorObject): string {
  const where = e.instancePath === '' ? '(root)' : e.instancePath
  let detail = e.message ?? 'is invalid'
  if (e.keyword === 'enum') detail += `: ${JSON.stringify((e.params as Json).allowedValues)}`
  if (e.keyword === 'additionalProperties') detail += `: ${String((e.params as Json).additionalProperty)}`
  return `${where} ${detail} [${e.schemaPath}]`
}

function isEmptyBody (body: unknown): boolean {
  return body === undefined || body === '' || body === null
}

/**
 * Errors the official documents raise for every possible body, so neither BigCommerce nor any
 * emulator or fixture could avoid them: each is a `oneOf` whose branches have no required fields
 * that tell them apart.
 *  - carts addCartLineItems / updateCartLineItem: a `{product_id, quantity}` item matches both the
 *    variant branch and the option_selections branch;
 *  - orders v2 `consignments` without the include is `{url, resource}`, which also matches
 *    `orderConsignment_Get` (no required properties).
 * They are removed by exact text, so any other error in the same body is still reported.
 */
export const SPEC_AMBIGUITIES = [
  /^carts\.v3\.yml (addCartLineItems|updateCartLineItem) request: \/line_items? must match exactly one schema in oneOf \[#\/properties\/line_items?\/oneOf\]$/,
  /^orders\.v2\.oas2\.yml (getOrder|getOrders|updateOrder) response 200: (\/\d+)?\/consignments must match exactly one schema in oneOf \[#(\/items)?(\/allOf\/\d+)?\/properties\/consignments\/oneOf\]$/
]

export function validateAgainstOpenApi (options: ValidateOptions): string[] {
  return validateStrictly(options).filter((error) => !SPEC_AMBIGUITIES.some((pattern) => pattern.test(error)))
}

/** Every error, the documents' own ambiguities included. */
export function validateStrictly (options: ValidateOptions): string[] {
  const kind = options.kind ?? 'response'
  const op = findOpenApiOperation(options.method, options.path)
  if (op === undefined) {
    return [`no official BigCommerce document declares ${options.method.toUpperCase()} ${splitPath(options.path)}`]
  }
  const label = `${op.file} ${op.operationId ?? op.pathTemplate} ${kind}${kind === 'response' ? ' ' + String(options.status) : ''}`
  const validator = getValidator(op, kind, options.status)
  if (typeof validator === 'string') return [validator]
  if (validator === null) {
    return isEmptyBody(options.body) ? [] : [`${label}: the document declares no body, but one was given`]
  }
  if (options.body === undefined || options.body === '') {
    if (kind === 'request' && !requestBodyRequired(op)) return []
    return [`${label}: a body is declared, but none was given`]
  }
  if (validator(options.body)) return []
  return (validator.errors ?? []).map((e) => `${label}: ${formatError(e)}`)
}
