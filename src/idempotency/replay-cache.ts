/**
 * Completed answers kept in memory in front of the durable record, bounded in bytes, so a retry
 * that reaches the same instance is answered without touching the database.
 */
import { LRUCache } from 'lru-cache'
import type { StoredResponse } from '../storage/storage.js'

export interface CachedAnswer {
  fingerprint: string
  response: StoredResponse
}

export function createReplayCache (maxBytes: number, ttlMs: number): LRUCache<string, CachedAnswer> {
  return new LRUCache<string, CachedAnswer>({
    maxSize: maxBytes,
    sizeCalculation: (answer, key) => key.length + answer.fingerprint.length + answer.response.body.length + 64,
    ttl: ttlMs
  })
}
