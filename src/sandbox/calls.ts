/**
 * Per-store call counts keyed by `METHOD /vN/path/{template}`, the same names the bridge's client
 * uses, so tests and benchmarks can assert exact call budgets.
 */

export type CallCounts = Record<string, Record<string, number>>

export class CallCounter {
  private counts: CallCounts = {}

  record (store: string, key: string): void {
    const perStore = this.counts[store] ??= {}
    perStore[key] = (perStore[key] ?? 0) + 1
  }

  snapshot (): { stores: CallCounts } {
    return { stores: structuredClone(this.counts) }
  }

  reset (): void {
    this.counts = {}
  }
}

/** `/stores/:hash/v3/checkouts/:id` -> `/v3/checkouts/{id}`. */
export function templateOf (routeUrl: string): string {
  return routeUrl.replace(/^\/stores\/:hash/, '').replace(/:(\w+)/g, '{$1}')
}
