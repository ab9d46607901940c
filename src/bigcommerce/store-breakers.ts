/**
 * A circuit breaker per store (cockatiel): after `failures` failed calls in a row, that store's
 * calls fail at once for `cooldownMs`, then one trial call decides whether it closes again.
 *
 * A failure is BigCommerce failing (a 5xx, a timeout, no answer), never a 429 (a quota signal,
 * handled by store-quota.ts) nor any other 4xx (BigCommerce answered, clearly): spec/guarantees.md
 * §2.4, after Shopify's Semian. One breaker per store, so one merchant's outage never fails another
 * merchant's calls; kept in a bounded LRU, where a forgotten store simply starts closed again.
 */
import { BrokenCircuitError, circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, IsolatedCircuitError, type CircuitBreakerPolicy } from 'cockatiel'
import { LRUCache } from 'lru-cache'

export interface StoreBreakers {
  /**
   * Runs `work` through the store's breaker. While the breaker is open, throws BreakerOpenError
   * without running it.
   */
  run<T>(store: string, work: () => Promise<T>): Promise<T>
}

export class BreakerOpenError extends Error {
  /** Milliseconds until a trial call may go (at least 1 s while a trial call is out). */
  readonly retryAfterMs: number
  constructor (retryAfterMs: number) {
    super('the store\'s circuit breaker is open')
    this.name = 'BreakerOpenError'
    this.retryAfterMs = retryAfterMs
  }
}

/** A store's breaker opened (again, after a failed trial call) or closed; `open`: stores open now. */
export interface BreakerChange {
  opened: boolean
  open: number
}

export interface StoreBreakersOptions {
  failures: number
  cooldownMs: number
  /** Which errors count against the store. */
  isFailure: (err: unknown) => boolean
  now?: () => number
  maxStores?: number
  /** Told of every opening and closing, for metrics. */
  onChange?: (change: BreakerChange) => void
}

interface Breaker {
  policy: CircuitBreakerPolicy
  openedAt: number
  /** Counted among the open: from its opening until it closes (half-open included) or is forgotten. */
  open: boolean
}

export function createStoreBreakers (options: StoreBreakersOptions): StoreBreakers {
  const now = options.now ?? Date.now
  let open = 0
  function countClosed (breaker: Breaker): void {
    if (!breaker.open) return
    breaker.open = false
    open--
    options.onChange?.({ opened: false, open })
  }
  // A forgotten store starts closed again: it no longer counts as open.
  const breakers = new LRUCache<string, Breaker>({ max: options.maxStores ?? 10_000, dispose: countClosed })

  function breakerOf (store: string): Breaker {
    let breaker = breakers.get(store)
    if (breaker === undefined) {
      const policy = circuitBreaker(handleWhen(options.isFailure), {
        halfOpenAfter: options.cooldownMs,
        breaker: new ConsecutiveBreaker(options.failures)
      })
      const created: Breaker = { policy, openedAt: 0, open: false }
      policy.onBreak(() => {
        created.openedAt = now()
        if (!created.open) {
          created.open = true
          open++
        }
        options.onChange?.({ opened: true, open })
      })
      policy.onReset(() => { countClosed(created) })
      breakers.set(store, created)
      breaker = created
    }
    return breaker
  }

  return {
    async run (store, work) {
      const breaker = breakerOf(store)
      // While the trial call is out, cockatiel would make every other call wait for its outcome,
      // past any deadline: they fail fast instead, as while open.
      if (breaker.policy.state === CircuitState.HalfOpen) throw new BreakerOpenError(1_000)
      try {
        return await breaker.policy.execute(work)
      } catch (err) {
        if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
          throw new BreakerOpenError(Math.max(1_000, breaker.openedAt + options.cooldownMs - now()))
        }
        throw err
      }
    }
  }
}
