/**
 * The load generator, a child process of its own (never the bridge's event loop): starts
 * `count` operations either open-loop at a fixed rate (each at its scheduled time whatever the
 * answers do, latency measured from that time, so queueing anywhere is counted and not hidden by
 * coordinated omission) or closed-loop with a fixed number in flight (the soak). An operation is
 * one prepared request, or a whole checkout (journey.ts).
 */
import { Pool } from 'undici'
import { checkout } from './journey.js'
import { HttpStatusError, post, sendOver, type RawRequest } from './fast-http.js'
import { serveChild } from './processes.js'

export interface LoadInput {
  url: string
  /** Connections the generator may open; past them requests wait in the generator (and that counts). */
  connections: number
  schedule: { rate: number } | { inFlight: number }
  count: number
  work: { kind: 'requests', requests: RawRequest[], sequence?: number[] } | { kind: 'checkout', authorizations: string[] }
  /** How long to wait for the last answers once every operation has started. */
  drainMs: number
}

export interface LoadOutput {
  /** Per completed operation, ms from its scheduled (open) or actual (closed) start. */
  latenciesMs: number[]
  ok: number
  failed: number
  /** Failures by kind (`HTTP 503`, `unfinished`, an error code), for the report. */
  failures: Record<string, number>
  seconds: number
}

async function generate (input: LoadInput): Promise<LoadOutput> {
  const pool = new Pool(input.url, { connections: input.connections, pipelining: 1 })
  const send = sendOver(pool)
  const work = input.work
  const operation: (i: number) => Promise<void> = work.kind === 'checkout'
    ? async (i) => { await checkout(send, work.authorizations[i % work.authorizations.length]) }
    : async (i) => {
      const answer = await post(pool, work.requests[work.sequence === undefined ? i % work.requests.length : work.sequence[i]])
      if (answer.statusCode !== 200) throw new HttpStatusError(answer.statusCode, answer.text)
    }
  const latenciesMs: number[] = []
  const failures: Record<string, number> = {}
  let ok = 0
  const run = async (i: number, startedAt: number): Promise<void> => {
    try {
      await operation(i)
      latenciesMs.push(performance.now() - startedAt)
      ok++
    } catch (err) {
      const kind = err instanceof HttpStatusError ? `HTTP ${err.statusCode}` : (err as { code?: string }).code ?? (err as Error).message
      failures[kind] = (failures[kind] ?? 0) + 1
    }
  }
  const start = performance.now()
  const running: Promise<void>[] = []
  if ('rate' in input.schedule) {
    const interval = 1000 / input.schedule.rate
    await new Promise<void>(resolve => {
      let next = 0
      const tick = (): void => {
        const now = performance.now()
        while (next < input.count && start + next * interval <= now) { running.push(run(next, start + next * interval)); next++ }
        if (next < input.count) setTimeout(tick, Math.max(0, start + next * interval - performance.now())); else resolve()
      }
      tick()
    })
  } else {
    let next = 0
    running.push(...Array.from({ length: input.schedule.inFlight }, async () => {
      while (next < input.count) { const i = next++; await run(i, performance.now()) }
    }))
  }
  // Open loop: answers still owed after drainMs count as unfinished (a closed loop just ends).
  const drained = await Promise.race([
    Promise.all(running).then(() => true),
    ...('rate' in input.schedule ? [new Promise<false>(resolve => setTimeout(resolve, input.drainMs, false).unref())] : [])
  ])
  const seconds = (performance.now() - start) / 1000
  const failed = input.count - ok
  if (!drained) failures.unfinished = failed - Object.values(failures).reduce((sum, n) => sum + n, 0)
  await pool.destroy()
  return { latenciesMs, ok, failed, failures, seconds }
}

serveChild(generate)
