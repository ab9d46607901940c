/**
 * Exactly-once answers per (store, request_id) for the mutating routes (`config.idempotent`).
 *
 * Runs after authentication and schema validation (so 401s and 400s are never stored):
 * - a completed request is replayed byte for byte, marked `Idempotent-Replayed: true`;
 * - the same request_id with another operation or body is a 422, with no BigCommerce call;
 * - a duplicate while the first still runs waits for it on this instance (one execution, the same
 *   bytes for everyone) and, when another instance runs it, waits briefly then gets a 409;
 * - only definitive outcomes are stored: not 5xx, 429, 409 or 408, which a retry may run again.
 * Stored answers hold shoppers' names, emails, phones and addresses: their bodies are deflated and
 * sealed with the keyring (bound to store and request_id) before they reach the database, and opened
 * when a replay reads them back (sealed-answer.ts); the in-memory replay cache keeps them plain
 * (process memory).
 * Records are reaped 24 hours after they were answered (Fast's replay window), by a background
 * timer that never holds up a request, so an answer outlives it by at most one reaper interval.
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import fp from 'fastify-plugin'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { FastError } from '../fast/errors.js'
import { settlesBefore } from '../fast/deadline.js'
import { failpoint } from '../failpoints.js'
import type { BridgeMetrics } from '../metrics/bridge-metrics.js'
import { SealedValueError } from '../secrets/keyring.js'
import type { StoredResponse } from '../storage/storage.js'
import { fingerprint } from './fingerprint.js'
import { cachedAnswer, createReplayCache, type ReplayableResponse } from './replay-cache.js'
import { answerKeyId, openAnswer, sealAnswer } from './sealed-answer.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's answers are remembered per (store, request_id). */
    idempotent?: boolean
    /**
     * The lease the route's operation will take (its order's), named from the body as Fast sent it;
     * taken with the claim, in its transaction, and freed with the answer, in its transaction.
     */
    leaseWithClaim?: (body: unknown) => string | undefined
  }
  interface FastifyRequest {
    idempotency: Claim | null
  }
}

interface Claim {
  key: string
  storeHash: string
  requestId: string
  fingerprint: string
  owner: string
  /** The lease the route asked for with the claim, when it names one. */
  leaseName?: string
  /** Set once the claim took that lease: `owner` holds it until the answer (or release) frees it. */
  heldLease?: HeldLease
  /** Set when this request executes; resolved with its answer (undefined if not definitive). */
  done?: (response: StoredResponse | undefined) => void
}

/** A lease a request's claim took for its operation, held by the claim's owner. */
export interface HeldLease {
  name: string
  owner: string
}

interface InFlight {
  fingerprint: string
  answer: Promise<StoredResponse | undefined>
}

export interface IdempotencyOptions {
  /** How long a claim stays ours without an answer; after a crash a retry takes over after this. */
  leaseMs?: number
  /** How long a duplicate waits for another instance before a 409. */
  waitMs?: number
  /** Bytes of answers kept in memory. */
  cacheBytes?: number
  /** How often the reaper runs; 0 disables it (tests call it directly). */
  reapIntervalMs?: number
  /** How long a lease taken with a claim (`leaseWithClaim`) lasts: the operations' ORDER_LEASE_MS. */
  orderLeaseMs?: number
  /** Store answers deflated (default), or plain for versions before deflating (STORED_ANSWERS). */
  deflateAnswers?: boolean
}

const DAY = 24 * 60 * 60 * 1000
const NOT_DEFINITIVE = new Set([408, 409, 429])

function isDefinitive (statusCode: number): boolean {
  return statusCode < 500 && !NOT_DEFINITIVE.has(statusCode)
}

function replay (reply: FastifyReply, response: StoredResponse | ReplayableResponse): FastifyReply {
  return reply
    .code(response.statusCode)
    .headers({ ...response.headers, 'idempotent-replayed': 'true' })
    .send(response.body)
}

export default fp<IdempotencyOptions>(async (fastify, opts) => {
  const leaseMs = opts.leaseMs ?? 30_000
  const waitMs = opts.waitMs ?? 2_000
  const orderLeaseMs = opts.orderLeaseMs ?? 60_000
  // Exactly the replay window: shorter would let a late retry run twice, longer would keep
  // shoppers' data for nothing.
  const retentionMs = DAY
  const cache = createReplayCache(opts.cacheBytes ?? 32 * 1024 * 1024, retentionMs)
  const inFlight = new Map<string, InFlight>()
  const { storage, keyring, metrics } = fastify

  fastify.decorateRequest('idempotency', null)

  // An uninstalled store's answers leave memory with its records (and a re-install starts clean).
  fastify.stores.onUninstall(storeHash => {
    const prefix = `${storeHash}\u0000`
    for (const key of [...cache.keys()].filter(key => key.startsWith(prefix))) cache.delete(key)
  })

  // The fingerprint is taken before validation, from the body exactly as Fast sent it.
  fastify.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.idempotent !== true) return
    const requestId = (request.body as { request_id?: { value?: unknown } } | undefined)?.request_id?.value
    if (typeof requestId !== 'string' || requestId === '') return
    request.idempotency = {
      key: `${request.store.hash}\u0000${requestId}`,
      storeHash: request.store.hash,
      requestId,
      fingerprint: fingerprint(request.routeOptions.url ?? request.url, request.body),
      owner: randomUUID(),
      leaseName: request.routeOptions.config.leaseWithClaim?.(request.body)
    }
  })

  fastify.addHook('preHandler', async (request, reply) => {
    const claim = request.idempotency
    if (claim === null) return
    for (;;) {
      const cached = cache.get(claim.key)
      if (cached !== undefined) return answerWith(reply, claim, cached.fingerprint, cached.response)
      const running = inFlight.get(claim.key)
      if (running !== undefined) {
        if (running.fingerprint !== claim.fingerprint) throw mismatch(metrics)
        // The first may have outlived its own deadline (a POST still at BigCommerce): this one
        // waits at most until its own.
        const response = await beforeDeadline(request, running.answer)
        if (response !== undefined) {
          metrics.idempotencyReplay('in_flight')
          return replay(reply, response)
        }
        continue // the first execution ended without a definitive answer: try to run it ourselves
      }
      // Registered before the first await, so concurrent duplicates on this instance find it.
      let done!: (response: StoredResponse | undefined) => void
      inFlight.set(claim.key, { fingerprint: claim.fingerprint, answer: new Promise(resolve => { done = resolve }) })
      const settle = (response: StoredResponse | undefined): void => { inFlight.delete(claim.key); done(response) }
      try {
        const result = await claimDurably(claim, request.deadline?.at)
        if (result === 'claimed') {
          metrics.idempotencyClaim()
          claim.done = settle
          failpoint('after-claim')
          return
        }
        settle(undefined)
        if (result === 'mismatch') throw mismatch(metrics)
        metrics.idempotencyReplay('database')
        return replay(reply, result)
      } catch (err) {
        settle(undefined)
        throw err
      }
    }
  })

  /** Claims the key in the database, waiting out another instance's execution for a moment. */
  async function claimDurably (claim: Claim, requestDeadline = Number.POSITIVE_INFINITY): Promise<'claimed' | 'mismatch' | StoredResponse> {
    const deadline = Math.min(Date.now() + waitMs, requestDeadline)
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      const lease = claim.leaseName === undefined ? undefined : { name: claim.leaseName, leaseMs: orderLeaseMs }
      const result = await storage.claimRequest(claim.storeHash, claim.requestId, claim.fingerprint, claim.owner, leaseMs, lease)
      if (result.state === 'claimed') {
        if (result.lease === true && claim.leaseName !== undefined) claim.heldLease = { name: claim.leaseName, owner: claim.owner }
        return 'claimed'
      }
      if (result.state === 'mismatch') return 'mismatch'
      if (result.state === 'completed') {
        const response = openStored(claim, result.response)
        cache.set(claim.key, cachedAnswer(claim.fingerprint, response))
        return response
      }
      if (Date.now() >= deadline) throw inProgress(metrics)
      await sleep(Math.min(pause, Math.max(0, deadline - Date.now())))
    }
  }

  /**
   * The stored answer's body, opened. One that does not open (its key was removed from
   * TOKEN_ENCRYPTION_KEY within the replay window, or the row was altered) is not replayed as
   * garbage, and the request is not run again either: the first execution already changed
   * BigCommerce, so a second could duplicate it. The request_id is unusable: a definitive 422 that
   * Fast does not retry, telling it to send the request again under a new request_id.
   */
  function openStored (claim: Claim, stored: StoredResponse): StoredResponse {
    try {
      return { ...stored, body: openAnswer(keyring, stored.body, claim.key) }
    } catch (err) {
      if (!(err instanceof SealedValueError)) throw err
      fastify.log.warn({ storeHash: claim.storeHash, keyId: keyIdOf(stored.body) }, 'a stored answer could not be opened; its request_id is unusable')
      throw new FastError(422, 'REQUEST_ID_UNUSABLE', 'The answer stored for this request_id can no longer be read; send the request again with a new request_id')
    }
  }

  function keyIdOf (sealed: string): string | undefined {
    try {
      return answerKeyId(keyring, sealed)
    } catch {
      return undefined
    }
  }

  function answerWith (reply: FastifyReply, claim: Claim, storedFingerprint: string, response: StoredResponse | ReplayableResponse): FastifyReply {
    if (storedFingerprint !== claim.fingerprint) throw mismatch(metrics)
    metrics.idempotencyReplay('memory')
    return replay(reply, response)
  }

  // The answer's bytes, as they leave, become the record: a replay sends exactly these bytes.
  fastify.addHook('onSend', async (request: FastifyRequest, reply, payload) => {
    const claim = request.idempotency
    if (claim?.done === undefined) return payload
    const finish = claim.done
    claim.done = undefined
    if (request.lateWork !== null) {
      // Answered at the deadline while the operation goes on: its result, not this 504, is
      // what a retry must get, so the claim is held until it ends (src/fast/deadline.ts).
      fastify.trackLateWork(settleLate(request, reply, claim, finish, request.lateWork))
      return payload
    }
    if (!isDefinitive(reply.statusCode) || typeof payload !== 'string') {
      await releaseQuietly(request, claim)
      finish(undefined)
      return payload
    }
    const contentType = reply.getHeader('content-type')
    const response: StoredResponse = {
      statusCode: reply.statusCode,
      headers: typeof contentType === 'string' ? { 'content-type': contentType } : {},
      body: payload
    }
    let stored = false
    try {
      stored = await storeAnswer(claim, response)
    } catch (err) {
      // The answer still goes out. The claim stays until its lease ends; a retry after that finds
      // the work done (a create its order by Fast's id, a conversion its order by the cart). The
      // order is free for the next change, though, as it was before leases went with the answer.
      request.log.error({ err }, 'could not store the answer of a request_id; its lease will free it')
      await releaseHeldLease(request, claim)
    }
    failpoint('after-commit')
    // Duplicates waiting here replay only a stored answer; otherwise they go to the database.
    finish(stored ? response : undefined)
    return payload
  })

  /**
   * Records `response` as the claim's answer, sealed, and caches it once recorded; false when the
   * claim was no longer ours (its lease ran out and another request took it).
   */
  async function storeAnswer (claim: Claim, response: StoredResponse): Promise<boolean> {
    // Bound to store and request_id: a sealed body copied to another record does not open there.
    const sealed = { ...response, body: sealAnswer(keyring, response.body, claim.key, opts.deflateAnswers ?? true) }
    const stored = await storage.completeRequest(claim.storeHash, claim.requestId, claim.owner, sealed, heldLeases(claim))
    if (stored) cache.set(claim.key, cachedAnswer(claim.fingerprint, response))
    return stored
  }

  /** Frees the claim for a retry; a database that fails here leaves it to the claim's lease. */
  async function releaseQuietly (request: FastifyRequest, claim: Claim): Promise<void> {
    try {
      await storage.releaseRequest(claim.storeHash, claim.requestId, claim.owner, heldLeases(claim))
    } catch (err) {
      request.log.warn({ err }, 'could not release a request_id; its lease will')
    }
  }

  function heldLeases (claim: Claim): string[] {
    return claim.heldLease === undefined ? [] : [claim.heldLease.name]
  }

  async function releaseHeldLease (request: FastifyRequest, claim: Claim): Promise<void> {
    if (claim.heldLease === undefined) return
    try {
      await storage.releaseLease(claim.storeHash, claim.heldLease.name, claim.heldLease.owner)
    } catch (err) {
      request.log.warn({ err }, 'could not release the order lease of a request; it expires on its own')
    }
  }

  /**
   * Stores the result of an operation that outlived its deadline as the request's answer, the
   * bytes its route would have sent; a failure releases the claim for Fast's retry to run again
   * (as a 5xx would have: operations recover what a failed call may have done).
   */
  async function settleLate (request: FastifyRequest, reply: FastifyReply, claim: Claim, finish: (response: StoredResponse | undefined) => void, work: Promise<unknown>): Promise<void> {
    let response: StoredResponse | undefined
    try {
      const result = await work
      const serialize = reply.getSerializationFunction('200') ?? JSON.stringify
      response = { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: serialize(result as Record<string, unknown>) }
      if (!await storeAnswer(claim, response)) response = undefined
    } catch {
      response = undefined
      await releaseQuietly(request, claim)
    } finally {
      finish(response)
    }
  }

  // A request that never reached onSend (client gone, crash in a hook) must not hold its key.
  fastify.addHook('onResponse', async (request) => {
    const claim = request.idempotency
    if (claim?.done === undefined) return
    const finish = claim.done
    claim.done = undefined
    await releaseQuietly(request, claim)
    finish(undefined)
  })

  const reapIntervalMs = opts.reapIntervalMs ?? 10 * 60 * 1000
  if (reapIntervalMs > 0) {
    const timer = setInterval(() => {
      void reapAll().catch(err => { fastify.log.warn({ err }, 'idempotency reaper failed') })
    }, reapIntervalMs)
    timer.unref()
    fastify.addHook('onClose', async () => { clearInterval(timer) })
  }

  /** Deletes expired records in small batches, yielding between them. */
  async function reapAll (): Promise<number> {
    let total = 0
    for (;;) {
      const removed = await storage.reapRequests(retentionMs, 500)
      total += removed
      if (removed < 500) return total
      await sleep(10)
    }
  }
  fastify.decorate('reapIdempotencyRecords', reapAll)
}, { name: 'idempotency', dependencies: ['metrics', 'storage', 'stores', 'fast-auth', 'deadline'] })

type IdempotencyMetrics = Pick<BridgeMetrics, 'idempotencyConflict'>

function inProgress (metrics: IdempotencyMetrics): FastError {
  metrics.idempotencyConflict('in_progress')
  return new FastError(409, 'REQUEST_IN_PROGRESS', 'A request with this request_id is still being processed; retry shortly', { retryAfter: 1 })
}

/** `answer`, or a 409 REQUEST_IN_PROGRESS when the request's deadline passes first. */
async function beforeDeadline<T> (request: FastifyRequest, answer: Promise<T>): Promise<T> {
  const signal = request.deadline?.signal
  if (signal !== undefined && !await settlesBefore(signal, answer)) throw inProgress(request.server.metrics)
  return await answer
}

function mismatch (metrics: IdempotencyMetrics): FastError {
  metrics.idempotencyConflict('reused')
  return new FastError(422, 'REQUEST_ID_REUSED', 'This request_id was already used with a different request')
}

declare module 'fastify' {
  interface FastifyInstance {
    reapIdempotencyRecords: () => Promise<number>
  }
}
