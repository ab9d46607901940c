/**
 * Injected failures, set over HTTP (POST /__sandbox/faults) so the bridge can be tested against
 * the ways BigCommerce fails: slow answers, 429s with and without the X-Rate-Limit-* headers, a
 * per-store quota window like BigCommerce's (150 requests per 30 s on Standard plans), 5xx,
 * connection resets, and "the order was created but the answer never arrived".
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { errorBody } from './errors.js'

export type FaultType = 'latency' | 'rate_limit' | 'server_error' | 'connection_reset' | 'commit_then_drop'

export interface FaultRule {
  type: FaultType
  /** Call key to match (`POST /v3/checkouts/{id}/orders`) or '*' (default; for commit_then_drop the order POST). */
  match?: string
  /** Store hash to match; default every store. */
  store?: string
  /** How many matching requests it fires for; default every one. */
  times?: number
  /** Chance of firing per matching request, 0..1; default 1. */
  probability?: number
  /** latency: a fixed delay... */
  ms?: number
  /** ...or a uniform random one. */
  minMs?: number
  maxMs?: number
  /** server_error: the status (default 500). */
  status?: number
  /** rate_limit: send the X-Rate-Limit-* headers (default true; false = platform overload). */
  headers?: boolean
  /** rate_limit: X-Rate-Limit-Time-Reset-Ms to announce (default 1000). */
  resetMs?: number
}

export interface QuotaConfig {
  /** Requests allowed per window, per store. */
  requests: number
  windowMs: number
}

export interface FaultConfig {
  faults?: FaultRule[]
  quota?: QuotaConfig | null
}

interface ActiveRule extends FaultRule { fired: number }

/** A 429 as customers.v3.yml's example writes it: `{status, title, type, errors: {}}`. */
function tooManyRequests (url: string, detail?: string): unknown {
  return errorBody(url, 429, 'Too many requests', detail, {})
}

const ORDER_POST = 'POST /v3/checkouts/{id}/orders'
const QUOTA_HEADERS = ['x-rate-limit-requests-left', 'x-rate-limit-requests-quota', 'x-rate-limit-time-reset-ms', 'x-rate-limit-time-window-ms']
const TYPES = new Set<FaultType>(['latency', 'rate_limit', 'server_error', 'connection_reset', 'commit_then_drop'])

export class Faults {
  private rules: ActiveRule[] = []
  private quota: QuotaConfig | undefined
  private readonly windows = new Map<string, { start: number, used: number }>()

  configure (config: FaultConfig): void {
    const rules = config.faults ?? []
    for (const rule of rules) {
      if (!TYPES.has(rule.type)) throw new TypeError(`unknown fault type ${JSON.stringify(rule.type)}`)
    }
    this.rules = rules.map((rule) => ({ ...rule, fired: 0 }))
    this.quota = config.quota ?? undefined
    this.windows.clear()
  }

  describe (): FaultConfig {
    return { faults: this.rules.map(({ fired, ...rule }) => ({ ...rule, fired } as FaultRule)), quota: this.quota ?? null }
  }

  clear (): void {
    this.configure({})
  }

  /**
   * Runs before a store request is handled. Returns true when the fault answered (or killed) the
   * request, so the handler must not run.
   */
  async before (store: string, call: string, request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (this.quotaExceeded(store, reply)) {
      reply.header('x-retry-after', Math.ceil(Number(reply.getHeader('x-rate-limit-time-reset-ms')) / 1000))
      reply.code(429).send(tooManyRequests(request.url, 'You have exceeded the request quota for this store.'))
      return true
    }
    for (const rule of this.rules) {
      if (rule.type === 'commit_then_drop' || !this.fires(rule, store, call)) continue
      switch (rule.type) {
        case 'latency':
          await sleep(rule.ms ?? Math.round((rule.minMs ?? 0) + Math.random() * Math.max(0, (rule.maxMs ?? 0) - (rule.minMs ?? 0))))
          break
        case 'rate_limit': {
          if (rule.headers === false) {
            // Platform overload is told apart by the headers' absence (bigcommerce.md §4): the quota
            // window's headers, set above for this request, must not go out with it.
            for (const name of QUOTA_HEADERS) reply.removeHeader(name)
          } else {
            const resetMs = rule.resetMs ?? 1000
            reply.headers({
              'x-rate-limit-requests-left': 0,
              'x-rate-limit-requests-quota': this.quota?.requests ?? 150,
              'x-rate-limit-time-reset-ms': resetMs,
              'x-rate-limit-time-window-ms': this.quota?.windowMs ?? 30_000,
              'x-retry-after': Math.ceil(resetMs / 1000)
            })
          }
          reply.code(429).send(tooManyRequests(request.url))
          return true
        }
        case 'server_error': {
          const status = rule.status ?? 500
          reply.code(status).send(errorBody(request.url, status, status === 503 ? 'Service Unavailable' : 'Internal Server Error'))
          return true
        }
        case 'connection_reset':
          request.raw.socket?.destroy()
          reply.hijack()
          return true
      }
    }
    return false
  }

  /** Whether to drop the connection after the handler has done its work (the order exists, the answer is lost). */
  dropAfterCommit (store: string, call: string): boolean {
    return this.rules.some((rule) => rule.type === 'commit_then_drop' && this.fires(rule, store, call))
  }

  private fires (rule: ActiveRule, store: string, call: string): boolean {
    const match = rule.match ?? (rule.type === 'commit_then_drop' ? ORDER_POST : '*')
    if (match !== '*' && match !== call) return false
    if (rule.store !== undefined && rule.store !== store) return false
    if (rule.times !== undefined && rule.fired >= rule.times) return false
    if (rule.probability !== undefined && Math.random() >= rule.probability) return false
    rule.fired++
    return true
  }

  /** Counts the request against the store's window and sets the X-Rate-Limit-* headers. */
  private quotaExceeded (store: string, reply: FastifyReply): boolean {
    const quota = this.quota
    if (quota === undefined) return false
    const now = Date.now()
    let window = this.windows.get(store)
    if (window === undefined || now - window.start >= quota.windowMs) {
      window = { start: now, used: 0 }
      this.windows.set(store, window)
    }
    const exceeded = window.used >= quota.requests
    if (!exceeded) window.used++
    reply.headers({
      'x-rate-limit-requests-left': quota.requests - window.used,
      'x-rate-limit-requests-quota': quota.requests,
      'x-rate-limit-time-reset-ms': Math.max(0, window.start + quota.windowMs - now),
      'x-rate-limit-time-window-ms': quota.windowMs
    })
    return exceeded
  }
}
