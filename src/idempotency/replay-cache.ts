/**
 * Completed answers kept in memory in front of the durable record, bounded in bytes, so a retry
 * that reaches the same instance is answered without touching the database.
 *
 * The body is kept as the UTF-8 bytes that leave, not as a string: a replay then writes bytes, where
 * encoding a 2.6 KB string on every send was a third of a cached replay's CPU (BENCHMARKS.md). Each
 * body gets a buffer of its own (never a slice of Node's shared 8 KB pool, which one long-lived
 * entry would keep whole), so the bound on bytes held is the bound in RSS: the body's bytes, the
 * key's and fingerprint's characters, and each entry's objects and bookkeeping (ENTRY_OVERHEAD).
 */
import { LRUCache } from 'lru-cache'
import type { StoredResponse } from '../storage/storage.js'

/** An answer as a replay sends it: its body already encoded. */
export interface ReplayableResponse {
  statusCode: number
  headers: Record<string, string>
  body: Buffer
}

export interface CachedAnswer {
  fingerprint: string
  response: ReplayableResponse
}

/** Bytes per entry besides its strings' characters and the body: objects, the buffer's own, the cache's maps. */
const ENTRY_OVERHEAD = 400

/** Bytes V8 holds for a string's characters: one each when all are ASCII, else up to two. */
export function stringBytes (text: string): number {
  return Buffer.byteLength(text, 'utf8') === text.length ? text.length : 2 * text.length
}

/** The cache's entry for an answer: its body encoded once, into a buffer of its own. */
export function cachedAnswer (fingerprint: string, response: StoredResponse): CachedAnswer {
  const body = Buffer.allocUnsafeSlow(Buffer.byteLength(response.body, 'utf8'))
  body.write(response.body, 'utf8')
  return { fingerprint, response: { statusCode: response.statusCode, headers: response.headers, body } }
}

export function answerBytes (key: string, answer: CachedAnswer): number {
  let bytes = ENTRY_OVERHEAD + stringBytes(key) + stringBytes(answer.fingerprint) + answer.response.body.length
  for (const [name, value] of Object.entries(answer.response.headers)) bytes += stringBytes(name) + stringBytes(value)
  return bytes
}

export function createReplayCache (maxBytes: number, ttlMs: number): LRUCache<string, CachedAnswer> {
  return new LRUCache<string, CachedAnswer>({
    maxSize: maxBytes,
    sizeCalculation: (answer, key) => answerBytes(key, answer),
    ttl: ttlMs
  })
}
