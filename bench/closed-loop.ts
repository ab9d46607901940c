/**
 * Closed-loop load at a fixed number of connections with autocannon, a child process of its own:
 * one request repeated as fast as the server answers. Latencies are taken from autocannon's
 * per-response event (its histogram keeps whole milliseconds, too coarse for sub-ms replays).
 */
import autocannon from 'autocannon'
import { serveChild } from './processes.js'

export interface ClosedLoopInput { url: string, path: string, authorization: string, body: string, connections: number, seconds: number }
export interface ClosedLoopOutput { latenciesMs: number[], ok: number, failed: number, seconds: number }

async function hammer (input: ClosedLoopInput): Promise<ClosedLoopOutput> {
  const latenciesMs: number[] = []
  let ok = 0
  let failed = 0
  const started = performance.now()
  const instance = autocannon({
    url: input.url + input.path,
    method: 'POST',
    headers: { authorization: input.authorization, 'content-type': 'application/json' },
    body: input.body,
    connections: input.connections,
    pipelining: 1,
    duration: input.seconds
  })
  instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
    if (statusCode === 200) { ok++; latenciesMs.push(responseTime) } else failed++
  })
  const result = await instance
  failed += result.errors
  return { latenciesMs, ok, failed, seconds: (performance.now() - started) / 1000 }
}

serveChild(hammer)
