/**
 * Each store's API quota as BigCommerce announces it, so that a spent quota costs no further call.
 *
 * BigCommerce puts the quota on every answer (spec/bigcommerce.md §4): `X-Rate-Limit-Requests-Left`
 * and `X-Rate-Limit-Time-Reset-Ms` (ms until the window refreshes), and on a 429 `X-Retry-After`
 * (seconds). The quota is shared by every app on the store, so the headers, not our own count, are
 * the truth. Once a store has nothing left, or answered 429, it is closed until the announced reset
 * (the longer of the two when both are given, as BigCommerce's migration guide says). A 429 without
 * the headers is the platform under load: the store closes for a full-jitter backoff that grows with
 * each 429 in a row (AWS "Exponential Backoff And Jitter"), and so does every 429 after the first,
 * on top of the announced reset ("if retries keep hitting 429, grow the wait").
 *
 * Stores are independent: one store's closing never delays another. Only closed stores are
 * remembered, in a bounded LRU, so the memory is as small as the set of stores being paced.
 */
import { LRUCache } from 'lru-cache'

export interface QuotaHeaders {
  [name: string]: string | string[] | undefined
}

export interface StoreQuota {
  /** Milliseconds until this store may be called again (0: now). */
  waitMs(store: string): number
  /** Learns from one answer of this store (any status, headers as undici gives them, lower-cased). */
  observe(store: string, status: number, headers: QuotaHeaders): void
}

export interface StoreQuotaOptions {
  now?: () => number
  /** Uniform [0, 1), for the jitter; tests pass their own. */
  random?: () => number
  /** Stores remembered at once (the least recently paced are forgotten first). */
  maxStores?: number
}

/** The first backoff step after a 429 without headers, and the cap of every jittered step. */
const BACKOFF_BASE_MS = 500
const BACKOFF_CAP_MS = 30_000

interface Closed {
  until: number
  /** 429s in a row, reset by any other answer. */
  refusals: number
}

export function createStoreQuota (options: StoreQuotaOptions = {}): StoreQuota {
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const closed = new LRUCache<string, Closed>({ max: options.maxStores ?? 10_000 })

  function fullJitter (refusals: number): number {
    return Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (refusals - 1)))
  }

  return {
    waitMs (store) {
      const entry = closed.get(store)
      if (entry === undefined) return 0
      return Math.max(0, entry.until - now())
    },
    observe (store, status, headers) {
      const left = headerNumber(headers, 'x-rate-limit-requests-left')
      const resetMs = headerNumber(headers, 'x-rate-limit-time-reset-ms')
      if (status === 429) {
        const refusals = (closed.get(store)?.refusals ?? 0) + 1
        const announced = announcedWaitMs(headers)
        const wait = announced !== undefined && refusals === 1 ? announced : (announced ?? 0) + fullJitter(refusals)
        closed.set(store, { until: now() + wait, refusals })
        return
      }
      if (left === undefined) {
        // No quota announced (an answer some proxy made): only the run of 429s ends.
        const entry = closed.get(store)
        if (entry !== undefined) entry.refusals = 0
        return
      }
      if (left <= 0 && resetMs !== undefined) closed.set(store, { until: now() + resetMs, refusals: 0 })
      else closed.delete(store)
    }
  }
}

/** The wait a 429 announces: the longer of X-Rate-Limit-Time-Reset-Ms and X-Retry-After (seconds). */
export function announcedWaitMs (headers: QuotaHeaders): number | undefined {
  const resetMs = headerNumber(headers, 'x-rate-limit-time-reset-ms')
  const retryAfterS = headerNumber(headers, 'x-retry-after')
  if (resetMs === undefined && retryAfterS === undefined) return undefined
  return Math.max(resetMs ?? 0, (retryAfterS ?? 0) * 1000)
}

function headerNumber (headers: QuotaHeaders, name: string): number | undefined {
  const raw = headers[name]
  const text = Array.isArray(raw) ? raw[0] : raw
  if (text === undefined || text.trim() === '') return undefined
  const value = Number(text)
  return Number.isFinite(value) && value >= 0 ? value : undefined
}
