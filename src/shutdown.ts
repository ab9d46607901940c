/**
 * How the process stops on a signal (Fly.io sends kill_signal, SIGINT, then SIGKILL after
 * kill_timeout): the server stops taking requests, finishes those in flight, closes the database,
 * and exits 0; if that takes longer than SHUTDOWN_GRACE_MS it exits 1 before Fly's kill comes.
 * A second signal exits at once.
 */
import closeWithGrace from 'close-with-grace'
import type { FastifyBaseLogger } from 'fastify'
import { ORDER_POST_TIMEOUT_MS } from './bigcommerce/checkouts.js'
import { readConfig } from './config.js'

/** For the work after a request's last BigCommerce call (saving the order, the answer) and closing the database. */
const SHUTDOWN_MARGIN_MS = 2_000

/**
 * Long enough for the slowest request in flight to finish (40 s): a conversion may send its order
 * POST just before its deadline (FAST_DEADLINE_MS, its default read from an empty environment), and
 * that POST runs on for up to ORDER_POST_TIMEOUT_MS, since cutting it leaves an order that may or may
 * not exist. A FAST_DEADLINE_MS raised above its default eats into the margin. Below fly.toml's
 * kill_timeout (test/deploy/fly-toml.test.ts keeps them so). A number: close-with-grace ignores a string.
 */
export const SHUTDOWN_GRACE_MS = readConfig({}).FAST_DEADLINE_MS + ORDER_POST_TIMEOUT_MS + SHUTDOWN_MARGIN_MS

/** Runs `close` on the first signal or fatal error, then exits (0 after a signal, 1 after an error or the grace delay). */
export function closeOnSignals (log: FastifyBaseLogger, close: () => Promise<void>): void {
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS }, async ({ err, signal }) => {
    if (err !== undefined) log.error({ err }, 'closing because of an error')
    else if (signal !== undefined) log.info({ signal }, 'signal received: closing')
    await close()
  })
}
