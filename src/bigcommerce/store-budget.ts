/**
 * Each store's budget of concurrent BigCommerce calls (a bulkhead per store): at most `perStore`
 * calls of one store are in flight; the others wait in that store's own first-in first-out line.
 * One busy store therefore holds at most `perStore` of the shared pool's connections, and the
 * pool's own queue holds at most `perStore` calls of each store, so no store waits behind another
 * store's burst. A store with nothing in flight and nothing waiting is forgotten, so the bookkeeping
 * stays as small as the set of stores busy right now.
 *
 * Hand-written because undici has no per-key limit on one origin (all stores share
 * api.bigcommerce.com) and the few lines below are simpler than a dependency for them.
 */

export interface StoreBudget {
  /**
   * Runs `work` once the store has a free slot, holding the slot until `work` settles. A `signal`
   * aborted while waiting takes the call out of the line (rejecting with the signal's reason).
   */
  run<T>(store: string, work: () => Promise<T>, signal?: AbortSignal): Promise<T>
  /** Calls of this store running now (for tests and metrics). */
  inFlight(store: string): number
  /** Calls of this store waiting for a slot. */
  waiting(store: string): number
}

interface Line {
  running: number
  waiting: Array<() => void>
}

export function createStoreBudget (perStore: number): StoreBudget {
  if (!Number.isInteger(perStore) || perStore < 1) throw new RangeError(`a store's call budget must be a positive integer, not ${perStore}`)
  const lines = new Map<string, Line>()

  async function acquire (store: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted()
    let line = lines.get(store)
    if (line === undefined) {
      line = { running: 0, waiting: [] }
      lines.set(store, line)
    }
    if (line.running < perStore) {
      line.running++
      return
    }
    // The slot is handed over by release(): `running` stays counted for the waiter.
    const waiting = line
    await new Promise<void>((resolve, reject) => {
      const turn = (): void => {
        signal?.removeEventListener('abort', leave)
        resolve()
      }
      const leave = (): void => {
        waiting.waiting.splice(waiting.waiting.indexOf(turn), 1)
        reject(signal?.reason)
      }
      waiting.waiting.push(turn)
      signal?.addEventListener('abort', leave, { once: true })
    })
  }

  function release (store: string): void {
    const line = lines.get(store)
    if (line === undefined) return
    const next = line.waiting.shift()
    if (next !== undefined) {
      next()
      return
    }
    line.running--
    if (line.running === 0) lines.delete(store)
  }

  return {
    async run (store, work, signal) {
      await acquire(store, signal)
      try {
        return await work()
      } finally {
        release(store)
      }
    },
    inFlight: store => lines.get(store)?.running ?? 0,
    waiting: store => lines.get(store)?.waiting.length ?? 0
  }
}
