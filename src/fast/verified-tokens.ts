/**
 * Fast tokens whose signature and claims were checked, so that a token sent again while valid is not checked
 * again: the RS256 verification was a fifth of a cached replay's CPU (issue 11). Only what the signature decides
 * is remembered (the claims); the audience is not, because the store it names can be uninstalled at any moment
 * and must stop being served at once (./auth.ts checks it on every call, cached or not).
 *
 * Keyed by the SHA-256 of the Authorization header, so the tokens themselves are not kept as keys. An entry
 * lives until the token's `exp` (never past it, whatever the clock tolerance later allows: then the token is
 * checked again in full) and at most `maxAgeMs`, so a key Fast withdraws from its JWKS stops being trusted
 * for cached tokens within that time of our key source dropping it. At most `maxEntries` are kept; the oldest go
 * first.
 */
import { hash } from 'node:crypto'

export const DEFAULT_VERIFIED_TOKENS_MAX_ENTRIES = 1_000
export const DEFAULT_VERIFIED_TOKENS_MAX_AGE_MS = 60_000

export interface VerifiedTokensOptions<T> {
  /** Most tokens remembered (default 1,000). */
  maxEntries?: number
  /** Longest a verification is reused, in ms (default 60 s). */
  maxAgeMs?: number
  /** When a remembered value stops being usable, in epoch ms (a token's `exp`). */
  expiresAt: (value: T) => number
  /** Clock in epoch milliseconds; tests inject one. */
  now?: () => number
}

export interface VerifiedTokens<T> {
  /** What was remembered for this Authorization header, while it is still valid. */
  get (authorizationHeader: string): T | undefined
  remember (authorizationHeader: string, value: T): void
  readonly size: number
}

export function createVerifiedTokens<T> (options: VerifiedTokensOptions<T>): VerifiedTokens<T> {
  const maxEntries = options.maxEntries ?? DEFAULT_VERIFIED_TOKENS_MAX_ENTRIES
  const maxAgeMs = options.maxAgeMs ?? DEFAULT_VERIFIED_TOKENS_MAX_AGE_MS
  if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new TypeError('maxEntries must be an integer ≥ 0')
  if (!Number.isFinite(maxAgeMs) || maxAgeMs < 0) throw new TypeError('maxAgeMs must be ≥ 0')
  const now = options.now ?? Date.now
  // A Map iterates in insertion order: its first key is the oldest entry.
  const entries = new Map<string, { value: T, until: number }>()
  const keyOf = (header: string): string => hash('sha256', header, 'base64url')

  return {
    get (authorizationHeader) {
      const key = keyOf(authorizationHeader)
      const entry = entries.get(key)
      if (entry === undefined) return undefined
      if (now() < entry.until) return entry.value
      entries.delete(key)
      return undefined
    },
    remember (authorizationHeader, value) {
      const until = Math.min(options.expiresAt(value), now() + maxAgeMs)
      if (maxEntries === 0 || !(now() < until)) return
      const key = keyOf(authorizationHeader)
      entries.delete(key)
      while (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string)
      entries.set(key, { value, until })
    },
    get size () { return entries.size }
  }
}
