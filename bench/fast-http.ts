/** Fast's calls over an undici keep-alive pool, for the runner's preparation and the load generator. */
import { Pool } from 'undici'
import type { Send } from './journey.js'

export interface RawRequest { path: string, authorization: string, body: string }

/** Posts one Fast call; the answer's status and text. */
export async function post (pool: Pool, request: RawRequest): Promise<{ statusCode: number, replayed: boolean, text: string }> {
  const response = await pool.request({
    method: 'POST', path: request.path, body: request.body,
    headers: { authorization: request.authorization, 'content-type': 'application/json' },
    headersTimeout: 30_000, bodyTimeout: 30_000
  })
  return { statusCode: response.statusCode, replayed: response.headers['idempotent-replayed'] === 'true', text: await response.body.text() }
}

export class HttpStatusError extends Error {
  readonly statusCode: number
  constructor (statusCode: number, text: string) {
    super(`HTTP ${statusCode}: ${text.slice(0, 300)}`)
    this.statusCode = statusCode
  }
}

export function sendOver (pool: Pool): Send {
  return async (operation, authorization, body) => {
    const answer = await post(pool, { path: `/fast/v1/${operation}`, authorization, body: JSON.stringify(body) })
    if (answer.statusCode !== 200) throw new HttpStatusError(answer.statusCode, answer.text)
    return JSON.parse(answer.text)
  }
}

/** Runs `work` on each item with at most `inFlight` at once. */
export async function inParallel<T, R> (items: T[], inFlight: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, async () => {
    while (next < items.length) { const i = next++; results[i] = await work(items[i], i) }
  }))
  return results
}
