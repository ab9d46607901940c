/**
 * The bridge's Prometheus metrics: one prom-client Registry per app instance (never the global
 * one), so several apps in one process (tests, the sandbox) keep their own counts; the process's
 * default metrics, collected once per process (process-metrics.ts), are merged into each scrape.
 *
 * Every label value comes from a bounded set: the four Fast operations, the error reasons the bridge
 * answers with (constants in the code), the client's path templates and HTTP statuses. No label
 * carries a store hash, a token, a request_id or a shopper's data, so a scrape is safe to share
 * and its series do not grow with the number of stores.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { CallEvent, NotMadeEvent } from '../bigcommerce/client.js'
import type { BreakerChange } from '../bigcommerce/store-breakers.js'
import { FAST_OPERATIONS, type FastOperation } from '../fast/operations.js'
import { processMetrics } from './process-metrics.js'

/** Where a replayed answer came from: the replay cache, the database, or a duplicate's first execution on this instance. */
export type ReplaySource = 'memory' | 'database' | 'in_flight'

/** A request_id that could not be run nor replayed: still running elsewhere (409), or reused with another body (422). */
export type IdempotencyConflict = 'in_progress' | 'reused'

/**
 * One look at BigCommerce's orders of a cart, keeping the lowest and cancelling the others
 * (src/operations/update/convert.ts): `none` found no order, `one` found exactly one,
 * `duplicates` found more, `failed` could not list them.
 */
export type SweepOutcome = 'none' | 'one' | 'duplicates' | 'failed'

/** What the operations report (OperationContext.metrics); nothing in them needs prom-client. */
export interface OperationMetrics {
  duplicateOrderSweep: (outcome: SweepOutcome) => void
  duplicateOrderCancelled: () => void
}

export interface BridgeMetrics extends OperationMetrics {
  /** What a scrape reads: this app's metrics and the process's default ones. */
  readonly registry: Registry
  /** One Fast request answered: `outcome` is `ok` or the error reason of the answer. */
  fastRequest: (operation: FastOperation, outcome: string, seconds: number) => void
  bigcommerceCall: (event: CallEvent) => void
  bigcommerceNotMade: (event: NotMadeEvent) => void
  breakerChange: (change: BreakerChange) => void
  /** The number of BigCommerce calls in flight, read at each scrape. */
  watchCallsInFlight: (inFlight: () => number) => void
  idempotencyReplay: (source: ReplaySource) => void
  idempotencyClaim: () => void
  idempotencyConflict: (conflict: IdempotencyConflict) => void
}

/** Seconds: from a cached replay (a few ms) to Fast's deadline and BigCommerce's slowest POST (20 s). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30]

export function createBridgeMetrics (): BridgeMetrics {
  const own = new Registry()
  const registers = [own]

  const fastRequests = new Counter({ name: 'fast_requests_total', help: 'Fast requests answered, by operation and outcome (ok or the error reason)', labelNames: ['operation', 'outcome'] as const, registers })
  const fastDuration = new Histogram({ name: 'fast_request_duration_seconds', help: 'Time from a Fast request\'s arrival to its answer', labelNames: ['operation', 'outcome'] as const, buckets: LATENCY_BUCKETS, registers })
  // Present from the start at 0, so that rates and ratios of successes exist before the first call.
  for (const operation of FAST_OPERATIONS) {
    fastRequests.inc({ operation, outcome: 'ok' }, 0)
    fastDuration.zero({ operation, outcome: 'ok' })
  }

  const calls = new Counter({ name: 'bigcommerce_calls_total', help: 'Attempts sent to BigCommerce (retries included), by method, path template and status (none: no answer)', labelNames: ['method', 'endpoint', 'status'] as const, registers })
  const callDuration = new Histogram({ name: 'bigcommerce_call_duration_seconds', help: 'Time of one attempt at BigCommerce, answer body included', labelNames: ['method', 'endpoint'] as const, buckets: LATENCY_BUCKETS, registers })
  const retries = new Counter({ name: 'bigcommerce_retries_total', help: 'Attempts sent again, by why the previous one failed (429, 5xx, no_answer)', labelNames: ['method', 'endpoint', 'reason'] as const, registers })
  const rateLimited = new Counter({ name: 'bigcommerce_rate_limited_total', help: '429 answers from BigCommerce: a store\'s API quota was spent', labelNames: ['endpoint'] as const, registers })
  const quotaWaits = new Counter({ name: 'bigcommerce_quota_waits_total', help: 'Attempts that waited for a store\'s spent quota to reset before going out', labelNames: ['endpoint'] as const, registers })
  const notMade = new Counter({ name: 'bigcommerce_calls_not_made_total', help: 'Calls the bridge held back: deadline passed, quota spent past the deadline, circuit breaker open', labelNames: ['method', 'endpoint', 'reason'] as const, registers })
  const breakersOpen = new Gauge({ name: 'bigcommerce_breakers_open', help: 'Stores whose circuit breaker is open (or half-open) now', registers })
  const breakerOpened = new Counter({ name: 'bigcommerce_breaker_opened_total', help: 'Times a store\'s circuit breaker opened', registers })
  let inFlight = (): number => 0
  new Gauge({ name: 'bigcommerce_calls_in_flight', help: 'BigCommerce calls sent and not yet answered, all stores together', registers, collect () { this.set(inFlight()) } })

  const replays = new Counter({ name: 'idempotency_replays_total', help: 'Answers replayed for a request_id already answered, by where the answer came from', labelNames: ['source'] as const, registers })
  const claims = new Counter({ name: 'idempotency_claims_total', help: 'request_ids claimed to run for the first time (replay cache and database missed)', registers })
  const conflicts = new Counter({ name: 'idempotency_conflicts_total', help: 'request_ids neither run nor replayed: in_progress (409, running elsewhere) or reused (422, another body)', labelNames: ['reason'] as const, registers })

  const sweeps = new Counter({ name: 'duplicate_order_sweeps_total', help: 'Look-ups of a cart\'s orders after a lost or uncertain order POST, by what they found', labelNames: ['outcome'] as const, registers })
  const cancelled = new Counter({ name: 'duplicate_orders_cancelled_total', help: 'Duplicate BigCommerce orders of one cart cancelled by the bridge', registers })

  return {
    registry: Registry.merge([processMetrics(), own]),
    fastRequest (operation, outcome, seconds) {
      fastRequests.inc({ operation, outcome })
      fastDuration.observe({ operation, outcome }, seconds)
    },
    bigcommerceCall ({ method, endpoint, status, ms, retryOf, waitedForQuota }) {
      calls.inc({ method, endpoint, status: status === 0 ? 'none' : String(status) })
      callDuration.observe({ method, endpoint }, ms / 1000)
      if (status === 429) rateLimited.inc({ endpoint })
      if (retryOf !== undefined) retries.inc({ method, endpoint, reason: retryOf })
      if (waitedForQuota) quotaWaits.inc({ endpoint })
    },
    bigcommerceNotMade ({ method, endpoint, reason }) {
      notMade.inc({ method, endpoint, reason: reason.toLowerCase() })
    },
    breakerChange ({ opened, open }) {
      breakersOpen.set(open)
      if (opened) breakerOpened.inc()
    },
    watchCallsInFlight (source) { inFlight = source },
    idempotencyReplay (source) { replays.inc({ source }) },
    idempotencyClaim () { claims.inc() },
    idempotencyConflict (reason) { conflicts.inc({ reason }) },
    duplicateOrderSweep (outcome) { sweeps.inc({ outcome }) },
    duplicateOrderCancelled () { cancelled.inc() }
  }
}
