/**
 * Completed answers kept in memory in front of the durable record, bounded in bytes, so a retry
 * that reaches the same instance is answered without touching the database.
 *
 * The bound is on the memory an entry really holds, so that the cap holds in RSS: V8 keeps a string
 * of ASCII in one byte per character and any other in two, and each entry carries its key, its
 * fingerprint, the answer's objects and the cache's own bookkeeping (ENTRY_OVERHEAD, about 290 measured:
 * heap used per entry, less its strings, with 1.8 KB answers).
 */
import { LRUCache } from 'lru-cache'
import type { StoredResponse } from '../storage/storage.js'

export interface CachedAnswer {
  fingerprint: string
  response: StoredResponse
}

/** Bytes per entry besides its strings' characters: string headers, objects, the cache's maps. */
const ENTRY_OVERHEAD = 320

/** Bytes V8 holds for a string's characters: one each when all are ASCII, else up to two. */
export function stringBytes (text: string): number {
  return Buffer.byteLength(text, 'utf8') === text.length ? text.length : 2 * text.length
}

export function answerBytes (key: string, answer: CachedAnswer): number {
  let bytes = ENTRY_OVERHEAD + stringBytes(key) + stringBytes(answer.fingerprint) + stringBytes(answer.response.body)
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
