/**
 * Waiting for @fastify/under-pressure's next sample, instead of sleeping: it samples on its own timer
 * (every second), reading process.memoryUsage() and storing the values in the same tick, so that
 * read is the event to wait for. A limit of 1 byte is then past whatever the process uses.
 */
import type { Test } from 'tap'
import type { App } from '../../src/app.js'

/** Resolves once under-pressure has taken a sample after this call. */
export async function nextSample (t: Test, app: App): Promise<void> {
  const original = process.memoryUsage
  t.teardown(() => { process.memoryUsage = original })
  const before = JSON.stringify(app.memoryUsage())
  // Anything else reading memory would wake us early: wait until the plugin's values have moved
  // (the event-loop utilisation it samples too grows at every sample).
  while (true) {
    await new Promise<void>((resolve) => {
      process.memoryUsage = Object.assign(() => {
        process.memoryUsage = original
        setImmediate(resolve)
        return original()
      }, { rss: original.rss })
    })
    if (JSON.stringify(app.memoryUsage()) !== before) return
  }
}
