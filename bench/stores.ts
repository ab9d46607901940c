/**
 * The benchmark's stores: many, as one deployment serves many stores, each with its own Fast App
 * ID, so the bridge's per-store line (BIGCOMMERCE_CALLS_PER_STORE) shares the load as it would in
 * production instead of making one store the bottleneck. Shared by the emulator, the bridge and
 * the load generators.
 */
export interface BenchStore { hash: string, accessToken: string, fastAppId: string }

export function benchStores (count: number): BenchStore[] {
  return Array.from({ length: count }, (_, i) => ({ hash: `bench${i}`, accessToken: `bench-token-${i}`, fastAppId: `fast-app-bench-${i}` }))
}
