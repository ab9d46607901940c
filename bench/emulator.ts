/** The emulator's knobs the benchmark turns: its latency fault and its call counters. */
import { request } from 'undici'

export async function setLatency (emulatorUrl: string, ms: number): Promise<void> {
  const response = await request(`${emulatorUrl}/__sandbox/faults`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ms > 0 ? { faults: [{ type: 'latency', ms }] } : {})
  })
  await response.body.dump()
  if (response.statusCode >= 300) throw new Error(`setting the emulator's latency answered ${response.statusCode}`)
}

/** BigCommerce calls so far, by call key (`GET /v3/checkouts/{id}`), all stores together. */
export async function callsByKey (emulatorUrl: string): Promise<Record<string, number>> {
  const response = await request(`${emulatorUrl}/__sandbox/calls`)
  const { stores } = await response.body.json() as { stores: Record<string, Record<string, number>> }
  const total: Record<string, number> = {}
  for (const perStore of Object.values(stores)) {
    for (const [key, n] of Object.entries(perStore)) total[key] = (total[key] ?? 0) + n
  }
  return total
}

export async function totalCalls (emulatorUrl: string): Promise<number> {
  return Object.values(await callsByKey(emulatorUrl)).reduce((sum, n) => sum + n, 0)
}

/** The calls made between two snapshots, by key. */
export function callsBetween (before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([key, n]) => [key, n - (before[key] ?? 0)]).filter(([, n]) => (n as number) > 0))
}
