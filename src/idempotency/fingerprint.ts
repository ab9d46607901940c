/**
 * What makes two requests "the same request": the operation and the body as Fast sent it, keys in
 * any order. SHA-256 of canonical JSON, so a stored fingerprint never holds the shopper's data.
 *
 * Canonical JSON: each object's members sorted by key (UTF-16 code-unit order), members whose value
 * is undefined left out. The text, hence every stored fingerprint, is what the first release hashed,
 * so answers stored before an upgrade still replay (no 422 mismatch).
 */
import { createHash } from 'node:crypto'

/**
 * Keys a plain object cannot hold in the order set: array indexes (enumerated first, whatever the
 * order they were set in) and `__proto__` (setting it sets the prototype).
 */
const UNORDERABLE_KEY = /^(?:0|[1-9]\d*|__proto__)$/

/**
 * JSON.stringify's native walk with a replacer that only reorders unsorted objects: about a third
 * cheaper per replay than building the text in JavaScript. An object it cannot put in order (an
 * index-like or `__proto__` key, rare in Fast's bodies) sends the body to the builder below instead.
 */
function fastCanonical (value: unknown): string | undefined {
  let orderable = true
  const text = JSON.stringify(value, (_key, member: unknown) => {
    if (member === null || typeof member !== 'object' || Array.isArray(member)) return member
    const keys = Object.keys(member)
    if (inOrder(keys)) return member
    keys.sort()
    const sorted: Record<string, unknown> = {}
    for (const key of keys) {
      if (UNORDERABLE_KEY.test(key)) orderable = false
      sorted[key] = (member as Record<string, unknown>)[key]
    }
    return sorted
  }) ?? 'null'
  return orderable ? text : undefined
}

function inOrder (keys: string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false
  return true
}

/** The canonical text built member by member: the definition, and the path for any key order. */
export function builtCanonical (value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(builtCanonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${builtCanonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

export function fingerprint (operation: string, body: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(fastCanonical(body) ?? builtCanonical(body)).digest('hex')
}
