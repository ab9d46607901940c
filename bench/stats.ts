/** Percentiles and medians for the benchmark's numbers. */

export interface Latency { p50: number, p99: number }

/** The q-quantile (nearest rank) of unsorted samples; NaN when there are none. */
export function percentile (samples: number[], q: number): number {
  if (samples.length === 0) return NaN
  const sorted = Float64Array.from(samples).sort()
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

export function latencyOf (samples: number[]): Latency {
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) }
}

export function median (values: number[]): number {
  return percentile(values, 0.5)
}

/** Field by field, the median of several rounds' numeric results. */
export function medianOfRounds<T extends Record<string, number>> (rounds: T[]): T {
  const keys = Object.keys(rounds[0]) as (keyof T)[]
  return Object.fromEntries(keys.map(key => [key, median(rounds.map(round => round[key]))])) as T
}

export const round = (value: number, digits = 2): number => Number.isFinite(value) ? Number(value.toFixed(digits)) : value
