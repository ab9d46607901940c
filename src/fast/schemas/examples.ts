// Real bodies of Fast's four calls, read from recorded files, for the API document's examples.

import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { FAST_OPERATIONS, type FastOperation } from '../operations.js'

export { FAST_OPERATIONS, type FastOperation }

/**
 * Where the API document takes its examples from: one file per call, as Fast made it and the bridge
 * answered, `{ operation, request, response }`. The same path from src/ and from dist/.
 */
export const FAST_EXAMPLES_DIR = fileURLToPath(new URL('../../../fixtures/fast/examples/', import.meta.url))

export interface FastExample {
  /** The file's name without `.json`, e.g. `03-update-bill-to`. */
  name: string
  operation: FastOperation
  request: unknown
  response: unknown
}

function isOperation (value: unknown): value is FastOperation {
  return (FAST_OPERATIONS as readonly unknown[]).includes(value)
}

/** Every `*.json` of `dir`, in file-name order (the order the calls were made). */
export function readFastExamples (dir: string): FastExample[] {
  return readdirSync(dir).filter(file => file.endsWith('.json')).sort().map((file) => {
    const { operation, request, response } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>
    if (!isOperation(operation) || request === undefined || response === undefined) {
      throw new Error(`${join(dir, file)} is not a recorded Fast call: { operation: ${FAST_OPERATIONS.join('|')}, request, response } expected`)
    }
    return { name: file.slice(0, -'.json'.length), operation, request, response }
  })
}
