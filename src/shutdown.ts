/**
 * How the process stops on a signal (Fly.io sends kill_signal, SIGINT, then SIGKILL after
 * kill_timeout): the server stops taking requests, finishes those in flight, closes the database,
 * and exits 0; if that takes longer than SHUTDOWN_GRACE_MS it exits 1 before Fly's kill comes.
 * A second signal exits at once.
 */
import closeWithGrace from 'close-with-grace'
import type { FastifyBaseLogger } from 'fastify'

/** Below fly.toml's kill_timeout (5 s; test/deploy/fly-toml.test.ts keeps them so). A number: close-with-grace ignores a string. */
export const SHUTDOWN_GRACE_MS = 4_000

/** Runs `close` on the first signal or fatal error, then exits (0 after a signal, 1 after an error or the grace delay). */
export function closeOnSignals (log: FastifyBaseLogger, close: () => Promise<void>): void {
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS }, async ({ err, signal }) => {
    if (err !== undefined) log.error({ err }, 'closing because of an error')
    else if (signal !== undefined) log.info({ signal }, 'signal received: closing')
    await close()
  })
}
