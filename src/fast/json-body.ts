/**
 * The application/json body parser, in place of Fastify's own: a body is refused (400, Fast's error
 * shape) before any of our code walks it when it is nested deeper than MAX_JSON_DEPTH or holds a
 * string or key that is not well-formed Unicode (a lone UTF-16 surrogate, which JSON's `\uD800`
 * escape can carry). Both checks are loops, never recursion: what they guard against is a body
 * deep enough to overflow the stack of the recursive code that runs after them (the request_id
 * fingerprint, the schema validator, our mappers), and a lone surrogate that makes
 * `encodeURIComponent` throw where a path is built. Parsing itself stays Fastify's (secure-json-parse
 * with the instance's `__proto__` / `constructor` poisoning settings, its empty-body and bad-JSON errors).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { badRequest, type FastError } from './errors.js'

/**
 * Fast's deepest recorded body is 7 levels (seed 000's shipments update:
 * order.shipments[].line_refs[].id.value), about 8 in its schemas; 32 leaves room for the fields
 * Fast adds over time while keeping every recursive walk after parsing a few dozen frames deep.
 */
export const MAX_JSON_DEPTH = 32

const OPEN_OBJECT = 0x7b // {
const OPEN_ARRAY = 0x5b // [
const CLOSE_OBJECT = 0x7d // }
const CLOSE_ARRAY = 0x5d // ]
const QUOTE = 0x22 // "
const BACKSLASH = 0x5c // \

/**
 * The deepest nesting of objects and arrays in a JSON text, read without parsing it; stops counting
 * as soon as `limit` is passed. Brackets inside strings do not count. The text need not be valid
 * JSON: whatever this says, JSON.parse still decides.
 */
export function jsonDepth (text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++ // the escaped character, whatever it is, cannot end the string
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) {
      inString = true
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      depth++
      if (depth > deepest) {
        deepest = depth
        if (deepest > limit) return deepest
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--
    }
  }
  return deepest
}

/** `order.lines[0].name`, the way our other 400s name a field. */
function pathOf (parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`
  return parent === '' ? key : `${parent}.${key}`
}

/**
 * The path of the first string or key in `value` that is not well-formed Unicode, or undefined.
 * A work list instead of recursion, so the walk costs no stack whatever the depth.
 */
export function firstMalformedString (value: unknown): string | undefined {
  const pending: Array<{ value: unknown, path: string }> = [{ value, path: '' }]
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value: current, path } = next
    if (typeof current === 'string') {
      if (!current.isWellFormed()) return path === '' ? '(body)' : path
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], path: pathOf(path, i) })
    } else if (current !== null && typeof current === 'object') {
      const entries = Object.entries(current)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown]
        // A bad key is named by where it sits: the key itself cannot be printed as it is.
        if (!key.isWellFormed()) return path === '' ? '(body)' : path
        pending.push({ value: child, path: pathOf(path, key) })
      }
    }
  }
  return undefined
}

function tooDeep (): FastError {
  return badRequest('BODY_TOO_DEEP', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`, { max_depth: String(MAX_JSON_DEPTH) })
}

function notUnicode (field: string): FastError {
  return badRequest('INVALID_REQUEST', `${field} is not well-formed Unicode (it holds a lone surrogate)`, { field })
}

/** Replaces Fastify's application/json parser (which also serves `application/json; charset=utf-8`). */
export function useJsonBodyParser (app: FastifyInstance): void {
  // Fastify's defaults, written out: a `__proto__` or `constructor.prototype` key is a 400, never an object.
  const parse = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request: FastifyRequest, text: string | Buffer, done) => {
    const body = typeof text === 'string' ? text : text.toString('utf8')
    if (jsonDepth(body, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(tooDeep(), undefined)
      return
    }
    parse(request, body, (err: Error | null, parsed?: unknown) => {
      if (err !== null) {
        done(err, undefined)
        return
      }
      const malformed = firstMalformedString(parsed)
      if (malformed !== undefined) done(notUnicode(malformed), undefined)
      else done(null, parsed)
    })
  })
}

declare global {
  interface String {
    /** ES2024 (Node ≥ 20); our TypeScript lib is ES2023. */
    isWellFormed (): boolean
  }
}
