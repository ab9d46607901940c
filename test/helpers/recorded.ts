/**
 * Compares our answer with a recorded one: every field of the recorded answer must appear in ours
 * with the same value (ours may have more). The recorded store's lines carry two zero-amount
 * VENDOR discounts its own bridge invented; we emit discounts only from BigCommerce's data, so
 * zero-amount entries in a recorded line's `discounts` are not expected.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface RecordedStep {
  file: string
  operation: 'create' | 'read' | 'update' | 'delete'
  request: any
  response: any
}

export function recordedFlow (name: string): RecordedStep[] {
  const dir = join(import.meta.dirname, '../../fixtures/fast', name)
  return readdirSync(dir).filter(file => file.endsWith('.json')).sort()
    .map(file => ({ file, ...JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<RecordedStep, 'file'> }))
}

function withoutInventedDiscounts (path: string, recorded: unknown[]): unknown[] {
  if (!/\.lines\[\d+\]\.discounts$/.test(path)) return recorded
  return recorded.filter(entry => (entry as { total_amount?: string }).total_amount !== '0.00')
}

/** Where `recorded` is not contained in `ours`, as readable paths; empty when it is. */
export function missingFrom (ours: unknown, recorded: unknown, path = '$'): string[] {
  if (Array.isArray(recorded)) {
    const expected = withoutInventedDiscounts(path, recorded)
    if (!Array.isArray(ours)) return [`${path}: expected an array, got ${JSON.stringify(ours)}`]
    if (ours.length !== expected.length) return [`${path}: expected ${expected.length} entries, got ${ours.length}`]
    return expected.flatMap((entry, index) => missingFrom(ours[index], entry, `${path}[${index}]`))
  }
  if (recorded !== null && typeof recorded === 'object') {
    if (ours === null || typeof ours !== 'object' || Array.isArray(ours)) return [`${path}: expected an object, got ${JSON.stringify(ours)}`]
    return Object.entries(recorded).flatMap(([key, value]) => {
      if (!(key in ours)) return [`${path}.${key}: missing`]
      return missingFrom((ours as Record<string, unknown>)[key], value, `${path}.${key}`)
    })
  }
  return Object.is(ours, recorded) ? [] : [`${path}: expected ${JSON.stringify(recorded)}, got ${JSON.stringify(ours)}`]
}
