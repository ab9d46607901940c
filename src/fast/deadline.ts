/**
 * Every Fast call is answered within FAST_DEADLINE_MS of its arrival (spec/guarantees.md §2.3),
 * however slow BigCommerce is: a shopper is waiting on the other side.
 *
 * The deadline starts when the request arrives (`startDeadline`, the Fast routes' first hook) and
 * is an AbortSignal every BigCommerce call of the request carries (src/bigcommerce/client.ts): once
 * it passes, no call starts and reads in flight are aborted. `withinDeadline` runs the operation
 * and, when the deadline passes first, answers 504 DEADLINE_EXCEEDED at once while the operation
 * ends in the background: a POST already sent to BigCommerce (a cart, an order) is not abandoned,
 * because aborting would not undo it; the idempotency layer keeps the request_id claimed until the
 * operation ends and stores its result as the answer, so Fast's retry gets the cart that was made
 * instead of making a second one. `whenLateWorkDone()` waits for all such work (shutdown, tests).
 */
import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { deadlineExceeded } from './upstream-errors.js'

export interface Deadline {
  /** Aborts when the deadline passes. */
  signal: AbortSignal
  /** When it passes (epoch ms). */
  at: number
}

declare module 'fastify' {
  interface FastifyRequest {
    deadline: Deadline | null
    /** The operation, when it outlived the deadline and goes on after the 504 (see above). */
    lateWork: Promise<unknown> | null
  }
  interface FastifyInstance {
    startDeadline: (request: FastifyRequest) => Promise<void>
    withinDeadline: <T>(request: FastifyRequest, work: () => Promise<T>) => Promise<T>
    /** Keeps `work` counted as late work until it settles (never rejects). */
    trackLateWork: (work: Promise<unknown>) => void
    whenLateWorkDone: () => Promise<void>
  }
}

/**
 * Whether `work` settles (either way) before `signal` aborts; the listener is removed either way.
 * `work` is not awaited past the abort, and its rejection is left to the caller, who awaits it.
 */
export async function settlesBefore (signal: AbortSignal, work: Promise<unknown>): Promise<boolean> {
  if (signal.aborted) return false
  let onAbort!: () => void
  const passed = new Promise<false>(resolve => {
    onAbort = () => { resolve(false) }
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([work.then(() => true, () => true), passed])
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}

export interface DeadlineOptions {
  deadlineMs: number
}

export default fp<DeadlineOptions>(async (fastify, { deadlineMs }) => {
  const late = new Set<Promise<unknown>>()
  const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>()

  fastify.decorateRequest('deadline', null)
  fastify.decorateRequest('lateWork', null)

  fastify.decorate('startDeadline', async (request: FastifyRequest) => {
    const controller = new AbortController()
    const timer = setTimeout(() => { controller.abort(deadlineExceeded()) }, deadlineMs)
    timer.unref()
    timers.set(request, timer)
    request.deadline = { signal: controller.signal, at: Date.now() + deadlineMs }
  })

  fastify.addHook('onResponse', async (request) => {
    clearTimeout(timers.get(request))
  })

  function trackLateWork (work: Promise<unknown>): void {
    const tracked = work.then(() => undefined, () => undefined).finally(() => { late.delete(tracked) })
    late.add(tracked)
  }
  fastify.decorate('trackLateWork', trackLateWork)

  fastify.decorate('whenLateWorkDone', async () => {
    while (late.size > 0) await Promise.all(late)
  })

  fastify.decorate('withinDeadline', async <T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> => {
    const signal = request.deadline?.signal
    if (signal === undefined) return await work()
    if (signal.aborted) throw deadlineExceeded()
    const running = work()
    if (await settlesBefore(signal, running)) return await running
    request.lateWork = running
    trackLateWork(running.then(
      () => { request.log.info('the operation that outlived its deadline has ended') },
      (err: unknown) => { request.log.info({ err }, 'the operation that outlived its deadline failed') }
    ))
    throw deadlineExceeded()
  })

  // A shutdown lets late work end, so a cart or order made at BigCommerce is recorded.
  fastify.addHook('onClose', async () => { await fastify.whenLateWorkDone() })
}, { name: 'deadline' })
