/**
 * The behaviours every Storage backend must show, run against each by sqlite.test.ts and
 * postgres.test.ts. Each test opens a fresh, empty database through `open`; its clock starts at
 * START and moves only when the test moves it, so leases expire without sleeping.
 */
import type { Test } from 'tap'
import type { LineRecord, OrderRecord, Storage, StoredResponse } from '../../src/storage/storage.js'

export interface TestClock {
  set(ms: number): void
  advance(ms: number): void
}

export interface ContractSubject {
  storage: Storage
  /** The clock every storage of this subject reads. */
  now: TestClock
  /** Another connection (SQLite) or pool (PostgreSQL) on the same database, as a second process has. */
  peer(): Promise<Storage>
  /** Closes `storage` and opens the same database again. */
  reopen(): Promise<Storage>
  /** Closes everything opened and removes the database. */
  cleanup(): Promise<void>
}

export const START = 1_750_000_000_000
const STORE = 'store-a'
const OTHER_STORE = 'store-b'
const LEASE = 30_000
const FINGERPRINT = 'sha256:aaaa'

function order (overrides: Partial<OrderRecord> = {}): OrderRecord {
  return {
    storeHash: STORE,
    fastOrderId: 'fast-order-1',
    cartId: 'cart-1',
    bcOrderId: null,
    billingAddressId: null,
    currencyCode: 'USD',
    consignmentIds: [],
    cartVersion: 1,
    ...overrides
  }
}

function line (fastLineId: string, overrides: Partial<LineRecord> = {}): LineRecord {
  return {
    storeHash: STORE,
    fastOrderId: 'fast-order-1',
    fastLineId,
    bcItemId: `item-${fastLineId}`,
    productId: 111,
    variantId: 222,
    physical: true,
    imageUrl: null,
    options: null,
    ...overrides
  }
}

const ANSWER: StoredResponse = {
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  // Bytes a re-serialisation would change: spacing, key order, escapes, non-ASCII.
  body: '{"order": {"z":1,"a":"caf\u00e9 \\u00e9 \ud83d\uded2"}, "n": 1.50}'
}

export function storageContract (t: Test, name: string, open: () => Promise<ContractSubject>): void {
  /** One behaviour on a fresh database, cleaned up whatever happens. */
  const behaviour = (title: string, fn: (t: Test, subject: ContractSubject) => Promise<void>) => {
    t.test(title, async t => {
      const subject = await open()
      t.teardown(subject.cleanup)
      await fn(t, subject)
    })
  }

  t.comment(`storage contract: ${name}`)

  // Readiness

  behaviour('ping answers while the database is open, and fails once it is closed', async (t, subject) => {
    const first = subject.storage
    await t.resolves(first.ping(), 'an open database answers')
    await subject.reopen()
    await t.rejects(first.ping(), 'a closed one does not: ping reaches the database')
    await t.resolves(subject.storage.ping(), 'the database opened again answers')
  })

  // Orders and lines

  behaviour('an order is found by its Fast id, its cart id and its BigCommerce order id', async (t, { storage }) => {
    const saved = order({ bcOrderId: 4_000_000_123, billingAddressId: 'addr-1', consignmentIds: ['c1', 'c2'] })
    await storage.saveOrder(saved)
    t.same(await storage.findOrderByFastId(STORE, 'fast-order-1'), saved)
    t.same(await storage.findOrderByCartId(STORE, 'cart-1'), saved)
    t.same(await storage.findOrderByBcOrderId(STORE, 4_000_000_123), saved)
    t.equal(await storage.findOrderByFastId(STORE, 'unknown'), undefined)
    t.equal(await storage.findOrderByCartId(STORE, 'unknown'), undefined)
    t.equal(await storage.findOrderByBcOrderId(STORE, 1), undefined)
  })

  behaviour('saving an order again replaces it', async (t, { storage }) => {
    await storage.saveOrder(order())
    const updated = order({ bcOrderId: 77, billingAddressId: 'addr-9', currencyCode: null, consignmentIds: ['c3'], cartVersion: 5 })
    await storage.saveOrder(updated)
    t.same(await storage.findOrderByFastId(STORE, 'fast-order-1'), updated)
    t.same(await storage.findOrderByBcOrderId(STORE, 77), updated)
  })

  behaviour('lines come back in the order they were first saved; saving some again replaces only those', async (t, { storage }) => {
    await storage.saveOrder(order())
    // Ids deliberately out of alphabetical order: the order of saving is what counts.
    await storage.saveLines([line('z-line'), line('a-line', { physical: false, variantId: null, imageUrl: 'https://cdn/x.png' })])
    await storage.saveLines([line('m-line')])
    await storage.saveLines([line('z-line', { bcItemId: 'item-new', productId: 999 })])
    t.same(await storage.listLines(STORE, 'fast-order-1'), [
      line('z-line', { bcItemId: 'item-new', productId: 999 }),
      line('a-line', { physical: false, variantId: null, imageUrl: 'https://cdn/x.png' }),
      line('m-line')
    ])
    t.same(await storage.listLines(STORE, 'other-order'), [])
  })

  behaviour('a line keeps the options BigCommerce listed for its item', async (t, { storage }) => {
    await storage.saveOrder(order())
    const options = [{ name: 'Size', nameId: 12, value: 'M', valueId: 40 }, { name: 'Engraving', nameId: 20, value: 'For Ada' }]
    await storage.saveLines([line('with-options', { options }), line('without')])
    t.same((await storage.listLines(STORE, 'fast-order-1')).map(l => l.options), [options, null])
  })

  behaviour('deleted lines are gone and the others stay', async (t, { storage }) => {
    await storage.saveLines([line('l1'), line('l2'), line('l3')])
    await storage.deleteLines(STORE, 'fast-order-1', ['l2', 'unknown'])
    t.same((await storage.listLines(STORE, 'fast-order-1')).map(l => l.fastLineId), ['l1', 'l3'])
    await storage.deleteLines(STORE, 'fast-order-1', [])
    t.equal((await storage.listLines(STORE, 'fast-order-1')).length, 2)
  })

  behaviour('orders and lines survive a reopen', async (t, subject) => {
    const saved = order({ bcOrderId: 12 })
    await subject.storage.saveOrder(saved)
    await subject.storage.saveLines([line('l1'), line('l2')])
    await subject.storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    await subject.storage.completeRequest(STORE, 'req-1', 'worker-1', ANSWER)
    await subject.storage.advanceConversion(STORE, 'fast-order-1', undefined, { step: 'started' })
    const reopened = await subject.reopen()
    t.same(await reopened.findOrderByCartId(STORE, 'cart-1'), saved)
    t.same(await reopened.listLines(STORE, 'fast-order-1'), [line('l1'), line('l2')])
    t.same(await reopened.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-2', LEASE), { state: 'completed', response: ANSWER })
    t.equal((await reopened.getConversion(STORE, 'fast-order-1'))?.step, 'started')
  })

  // Idempotency records

  behaviour('a new request is claimed', async (t, { storage }) => {
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE), { state: 'claimed' })
  })

  behaviour('a completed request is replayed with its stored answer', async (t, { storage }) => {
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    t.equal(await storage.completeRequest(STORE, 'req-1', 'worker-1', ANSWER), true)
    const replay = await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-2', LEASE)
    t.same(replay, { state: 'completed', response: ANSWER })
    t.equal(replay.state === 'completed' && replay.response.body, ANSWER.body, 'the body is byte for byte the one stored')
    t.equal(await storage.completeRequest(STORE, 'req-1', 'worker-1', { ...ANSWER, body: 'other' }), false, 'a completed answer is never overwritten')
  })

  behaviour('a second claim while the first runs sees it running', async (t, { storage, now }) => {
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    now.advance(LEASE - 1)
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-2', LEASE), { state: 'running', owner: 'worker-1' })
  })

  behaviour('an expired claim is taken over, and its first owner can no longer answer', async (t, { storage, now }) => {
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    now.advance(LEASE)
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-2', LEASE), { state: 'claimed' })
    t.equal(await storage.completeRequest(STORE, 'req-1', 'worker-1', { ...ANSWER, body: 'stale' }), false)
    await storage.releaseRequest(STORE, 'req-1', 'worker-1')
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-3', LEASE), { state: 'running', owner: 'worker-2' }, 'the old owner cannot release it either')
    t.equal(await storage.completeRequest(STORE, 'req-1', 'worker-2', ANSWER), true)
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-3', LEASE), { state: 'completed', response: ANSWER })
  })

  behaviour('an owner whose lease ran out may still answer while nobody took over', async (t, { storage, now }) => {
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    now.advance(LEASE * 3)
    t.equal(await storage.completeRequest(STORE, 'req-1', 'worker-1', ANSWER), true)
  })

  behaviour('the owner renews its claim by claiming again', async (t, { storage, now }) => {
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    now.advance(LEASE - 1)
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE), { state: 'claimed' })
    now.advance(LEASE - 1)
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-2', LEASE), { state: 'running', owner: 'worker-1' }, 'the renewal counts from when it was made')
  })

  behaviour('a released request executes again on retry', async (t, { storage }) => {
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    await storage.releaseRequest(STORE, 'req-1', 'worker-2')
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-3', LEASE), { state: 'running', owner: 'worker-1' }, 'only the owner releases')
    await storage.releaseRequest(STORE, 'req-1', 'worker-1')
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-2', LEASE), { state: 'claimed' })
  })

  behaviour('the same request_id with another body is a mismatch', async (t, { storage, now }) => {
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    t.same(await storage.claimRequest(STORE, 'req-1', 'sha256:bbbb', 'worker-2', LEASE), { state: 'mismatch' }, 'while it runs')
    now.advance(LEASE)
    t.same(await storage.claimRequest(STORE, 'req-1', 'sha256:bbbb', 'worker-2', LEASE), { state: 'mismatch' }, 'once its lease expired')
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    await storage.releaseRequest(STORE, 'req-1', 'worker-1')
    t.same(await storage.claimRequest(STORE, 'req-1', 'sha256:bbbb', 'worker-2', LEASE), { state: 'mismatch' }, 'once released')
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    await storage.completeRequest(STORE, 'req-1', 'worker-1', ANSWER)
    t.same(await storage.claimRequest(STORE, 'req-1', 'sha256:bbbb', 'worker-2', LEASE), { state: 'mismatch' }, 'once completed')
  })

  behaviour('of 20 concurrent claims of one request exactly one is claimed', async (t, subject) => {
    const peer = await subject.peer()
    const claims = await Promise.all(Array.from({ length: 20 }, async (_, i) =>
      await (i % 2 === 0 ? subject.storage : peer).claimRequest(STORE, 'req-1', FINGERPRINT, `worker-${i}`, LEASE)))
    const claimed = claims.filter(c => c.state === 'claimed')
    t.equal(claimed.length, 1, 'one claimed')
    const winner = `worker-${claims.findIndex(c => c.state === 'claimed')}`
    t.same(claims.filter(c => c.state !== 'claimed'), Array.from({ length: 19 }, () => ({ state: 'running', owner: winner })), 'the others see it running')
  })

  behaviour('of 20 concurrent takeovers of an expired claim exactly one is claimed', async (t, subject) => {
    const peer = await subject.peer()
    await subject.storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'crashed', LEASE)
    subject.now.advance(LEASE)
    const claims = await Promise.all(Array.from({ length: 20 }, async (_, i) =>
      await (i % 2 === 0 ? subject.storage : peer).claimRequest(STORE, 'req-1', FINGERPRINT, `worker-${i}`, LEASE)))
    t.equal(claims.filter(c => c.state === 'claimed').length, 1)
  })

  behaviour('the reaper removes old completed records and leaves recent ones', async (t, { storage, now }) => {
    const DAY = 86_400_000
    for (let i = 0; i < 5; i++) {
      await storage.claimRequest(STORE, `old-${i}`, FINGERPRINT, 'w', LEASE)
      await storage.completeRequest(STORE, `old-${i}`, 'w', ANSWER)
    }
    await storage.claimRequest(OTHER_STORE, 'old-other', FINGERPRINT, 'w', LEASE)
    await storage.completeRequest(OTHER_STORE, 'old-other', 'w', ANSWER)
    await storage.claimRequest(STORE, 'abandoned', FINGERPRINT, 'crashed', LEASE)
    now.advance(DAY)
    await storage.claimRequest(STORE, 'recent', FINGERPRINT, 'w', LEASE)
    await storage.completeRequest(STORE, 'recent', 'w', ANSWER)
    await storage.claimRequest(STORE, 'running', FINGERPRINT, 'w', LEASE)
    now.advance(1)

    t.equal(await storage.reapRequests(DAY, 4), 4, 'a batch is bounded by its limit')
    t.equal(await storage.reapRequests(DAY, 100), 2, 'the rest of the old answers, of every store')
    t.equal(await storage.reapRequests(DAY, 100), 0, 'a claim expired less than a day ago stays')
    t.equal((await storage.claimRequest(STORE, 'recent', FINGERPRINT, 'x', LEASE)).state, 'completed', 'a recent answer stays')
    t.same(await storage.claimRequest(STORE, 'running', FINGERPRINT, 'x', LEASE), { state: 'running', owner: 'w' }, 'a running claim stays')
    t.same(await storage.claimRequest(STORE, 'old-0', FINGERPRINT, 'x', LEASE), { state: 'claimed' }, 'a reaped key is new again')
    now.advance(LEASE)
    t.equal(await storage.reapRequests(DAY, 100), 1, 'a claim expired more than a day ago goes')
    t.same(await storage.claimRequest(STORE, 'abandoned', 'sha256:other', 'x', LEASE), { state: 'claimed' })
  })

  // Leases

  behaviour('a lease is exclusive until released or expired', async (t, { storage, now }) => {
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-1', LEASE), true)
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-2', LEASE), false, 'held')
    t.equal(await storage.acquireLease(STORE, 'cart:2', 'worker-2', LEASE), true, 'another name is another lease')
    await storage.releaseLease(STORE, 'cart:1', 'worker-1')
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-2', LEASE), true, 'released')
    now.advance(LEASE - 1)
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-3', LEASE), false, 'not yet expired')
    now.advance(1)
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-3', LEASE), true, 'expired')
  })

  behaviour('only the holder releases a lease', async (t, { storage, now }) => {
    await storage.acquireLease(STORE, 'cart:1', 'worker-1', LEASE)
    await storage.releaseLease(STORE, 'cart:1', 'worker-2')
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-2', LEASE), false)
    now.advance(LEASE)
    await storage.acquireLease(STORE, 'cart:1', 'worker-2', LEASE)
    await storage.releaseLease(STORE, 'cart:1', 'worker-1')
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-3', LEASE), false, 'a stale holder cannot free the new one')
  })

  behaviour('the holder of a lease extends it by acquiring it again', async (t, { storage, now }) => {
    await storage.acquireLease(STORE, 'cart:1', 'worker-1', LEASE)
    now.advance(LEASE - 1)
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-1', LEASE), true)
    now.advance(LEASE - 1)
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-2', LEASE), false)
  })

  behaviour('a claim takes the lease asked for with it, and frees it with the answer', async (t, { storage }) => {
    const orderLease = { name: 'order:1', leaseMs: LEASE }
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE, orderLease), { state: 'claimed', lease: true })
    t.equal(await storage.acquireLease(STORE, 'order:1', 'worker-2', LEASE), false, 'held by the claim\'s owner')
    t.equal(await storage.acquireLease(STORE, 'order:1', 'worker-1', LEASE), true, 'which renews it as its holder')
    t.equal(await storage.completeRequest(STORE, 'req-1', 'worker-1', ANSWER, ['order:1']), true)
    t.equal(await storage.acquireLease(STORE, 'order:1', 'worker-2', LEASE), true, 'freed with the answer')
  })

  behaviour('a claim that fails takes no lease, and a lease held by another leaves the claim made', async (t, { storage }) => {
    const orderLease = { name: 'order:1', leaseMs: LEASE }
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-2', LEASE, orderLease), { state: 'running', owner: 'worker-1' })
    t.same(await storage.claimRequest(STORE, 'req-1', 'sha256:bbbb', 'worker-3', LEASE, orderLease), { state: 'mismatch' })
    await storage.completeRequest(STORE, 'req-1', 'worker-1', ANSWER)
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-4', LEASE, orderLease), { state: 'completed', response: ANSWER })
    t.equal(await storage.acquireLease(STORE, 'order:1', 'worker-5', LEASE), true, 'none of them took the lease')
    t.same(await storage.claimRequest(STORE, 'req-2', FINGERPRINT, 'worker-6', LEASE, orderLease), { state: 'claimed', lease: false })
  })

  behaviour('a released claim frees its lease with it; a lease since taken by another stays', async (t, { storage, now }) => {
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE, { name: 'order:1', leaseMs: LEASE })
    await storage.releaseRequest(STORE, 'req-1', 'worker-1', ['order:1'])
    t.same(await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-2', LEASE, { name: 'order:1', leaseMs: LEASE }), { state: 'claimed', lease: true })
    now.advance(LEASE)
    t.equal(await storage.acquireLease(STORE, 'order:1', 'worker-3', LEASE), true, 'expired, taken over')
    await storage.releaseRequest(STORE, 'req-1', 'worker-2', ['order:1'])
    t.equal(await storage.acquireLease(STORE, 'order:1', 'worker-4', LEASE), false, 'still worker-3\'s')
  })

  behaviour('of 20 concurrent acquisitions of one lease exactly one succeeds', async (t, subject) => {
    const peer = await subject.peer()
    const taken = await Promise.all(Array.from({ length: 20 }, async (_, i) =>
      await (i % 2 === 0 ? subject.storage : peer).acquireLease(STORE, 'cart:1', `worker-${i}`, LEASE)))
    t.equal(taken.filter(Boolean).length, 1)
  })

  // Conversion recovery points

  behaviour('conversion moves forward only from the expected step', async (t, { storage, now }) => {
    t.equal(await storage.getConversion(STORE, 'fast-order-1'), undefined)
    t.equal(await storage.advanceConversion(STORE, 'fast-order-1', 'started', { step: 'created', bcOrderId: 5 }), false, 'nothing to move yet')
    t.equal(await storage.advanceConversion(STORE, 'fast-order-1', undefined, { step: 'started' }), true)
    t.equal(await storage.advanceConversion(STORE, 'fast-order-1', undefined, { step: 'started' }), false, 'started once')
    t.same(await storage.getConversion(STORE, 'fast-order-1'), { storeHash: STORE, fastOrderId: 'fast-order-1', step: 'started', bcOrderId: null, fastStatus: null, updatedAt: START })
    now.advance(10)
    t.equal(await storage.advanceConversion(STORE, 'fast-order-1', 'created', { step: 'stamped' }), false, 'not at created')
    t.equal(await storage.advanceConversion(STORE, 'fast-order-1', 'started', { step: 'created', bcOrderId: 4_000_000_001 }), true)
    t.equal(await storage.advanceConversion(STORE, 'fast-order-1', 'started', { step: 'created', bcOrderId: 999 }), false, 'a second creator loses')
    now.advance(10)
    t.equal(await storage.advanceConversion(STORE, 'fast-order-1', 'created', { step: 'stamped' }), true)
    t.same(await storage.getConversion(STORE, 'fast-order-1'), { storeHash: STORE, fastOrderId: 'fast-order-1', step: 'stamped', bcOrderId: 4_000_000_001, fastStatus: null, updatedAt: START + 20 }, 'the order id is kept when not given')
    await t.rejects(storage.advanceConversion(STORE, 'fast-order-1', 'stamped', { step: 'started' }), RangeError, 'never backwards')
    await t.rejects(storage.advanceConversion(STORE, 'fast-order-1', 'created', { step: 'created' }), RangeError, 'never in place')
  })

  behaviour('finding 2: a conversion recorded `created` without an order id reads and advances as `started`', async (t, { storage }) => {
    await storage.advanceConversion(STORE, 'fast-order-1', undefined, { step: 'started' })
    await storage.advanceConversion(STORE, 'fast-order-1', 'started', { step: 'created', bcOrderId: null })
    t.equal((await storage.getConversion(STORE, 'fast-order-1'))?.step, 'started')
    t.equal(await storage.advanceConversion(STORE, 'fast-order-1', 'started', { step: 'created', bcOrderId: 8 }), true)
    t.match(await storage.getConversion(STORE, 'fast-order-1'), { step: 'created', bcOrderId: 8 })
  })

  behaviour('finding 4: a conversion is reset only while still at the expected step without an order id', async (t, { storage }) => {
    t.equal(await storage.resetConversion(STORE, 'fast-order-1', 'started'), false, 'nothing to reset')
    await storage.advanceConversion(STORE, 'fast-order-1', undefined, { step: 'started' })
    t.equal(await storage.resetConversion(STORE, 'fast-order-1', 'started'), true)
    t.equal(await storage.getConversion(STORE, 'fast-order-1'), undefined, 'the cart is a cart again')
    await storage.advanceConversion(STORE, 'fast-order-1', undefined, { step: 'started' })
    await storage.advanceConversion(STORE, 'fast-order-1', 'started', { step: 'created', bcOrderId: 9 })
    t.equal(await storage.resetConversion(STORE, 'fast-order-1', 'started'), false, 'an order was recorded meanwhile')
    t.equal((await storage.getConversion(STORE, 'fast-order-1'))?.bcOrderId, 9)
  })

  behaviour('of 20 concurrent conversion starts exactly one wins', async (t, subject) => {
    const peer = await subject.peer()
    const moved = await Promise.all(Array.from({ length: 20 }, async (_, i) =>
      await (i % 2 === 0 ? subject.storage : peer).advanceConversion(STORE, 'fast-order-1', undefined, { step: 'started' })))
    t.equal(moved.filter(Boolean).length, 1)
    const created = await Promise.all(Array.from({ length: 20 }, async (_, i) =>
      await (i % 2 === 0 ? subject.storage : peer).advanceConversion(STORE, 'fast-order-1', 'started', { step: 'created', bcOrderId: 100 + i })))
    t.equal(created.filter(Boolean).length, 1)
    t.equal((await subject.storage.getConversion(STORE, 'fast-order-1'))?.bcOrderId, 100 + created.indexOf(true), 'the winner\'s order id')
  })

  behaviour('the Fast status applied is recorded on the conversion', async (t, { storage, now }) => {
    await t.rejects(storage.setFastStatus(STORE, 'fast-order-1', 3), /no conversion/, 'no conversion, no status')
    await storage.advanceConversion(STORE, 'fast-order-1', undefined, { step: 'created', bcOrderId: 7 })
    now.advance(5)
    await storage.setFastStatus(STORE, 'fast-order-1', 3)
    t.same(await storage.getConversion(STORE, 'fast-order-1'), { storeHash: STORE, fastOrderId: 'fast-order-1', step: 'created', bcOrderId: 7, fastStatus: 3, updatedAt: START + 5 })
  })

  // Installed stores (issue 9)

  const install = (storeHash = STORE, sealedAccessToken = 'k1.sealed-token', scopes = ['store_v2_orders']) =>
    ({ storeHash, sealedAccessToken, keyId: 'k1', scopes })

  behaviour('an installed store is active with its sealed token and scopes, and no settings yet', async (t, { storage }) => {
    t.equal(await storage.getInstalledStore(STORE), undefined, 'unknown before /auth')
    await storage.saveInstall(install())
    t.same(await storage.getInstalledStore(STORE), {
      storeHash: STORE, sealedAccessToken: 'k1.sealed-token', keyId: 'k1', scopes: ['store_v2_orders'], fastAppId: null,
      orderStatusIds: null, state: 'active', installedAt: START, updatedAt: START
    })
  })

  behaviour('a re-authorisation replaces token and scopes, keeps settings and install time, and serves a refused store again', async (t, { storage, now }) => {
    await storage.saveInstall(install())
    await storage.saveStoreSettings(STORE, { fastAppId: 'app-a', orderStatusIds: { BOOKED: 7 } })
    await storage.setStoreState(STORE, 'token_refused')
    now.advance(1000)
    await storage.saveInstall({ ...install(STORE, 'k2.new-token', ['store_v2_orders', 'store_cart']), keyId: 'k2' })
    t.same(await storage.getInstalledStore(STORE), {
      storeHash: STORE, sealedAccessToken: 'k2.new-token', keyId: 'k2', scopes: ['store_v2_orders', 'store_cart'], fastAppId: 'app-a',
      orderStatusIds: { BOOKED: 7 }, state: 'active', installedAt: START, updatedAt: START + 1000
    })
  })

  behaviour('a store is found by its Fast App ID, whatever its state', async (t, { storage }) => {
    await storage.saveInstall(install())
    t.equal(await storage.findStoreByFastAppId('app-a'), undefined)
    t.equal(await storage.saveStoreSettings(STORE, { fastAppId: 'app-a', orderStatusIds: null }), 'saved')
    t.equal((await storage.findStoreByFastAppId('app-a'))?.storeHash, STORE)
    await storage.setStoreState(STORE, 'token_refused')
    t.equal((await storage.findStoreByFastAppId('app-a'))?.state, 'token_refused')
  })

  behaviour('a Fast App ID another store holds is refused, and stores without one coexist', async (t, { storage }) => {
    await storage.saveInstall(install(STORE))
    await storage.saveInstall(install(OTHER_STORE))
    await storage.saveInstall(install('store-c'))
    t.equal(await storage.saveStoreSettings(STORE, { fastAppId: 'app-a', orderStatusIds: null }), 'saved')
    t.equal(await storage.saveStoreSettings(OTHER_STORE, { fastAppId: 'app-a', orderStatusIds: { CANCELED: 6 } }), 'app_id_taken')
    const refused = await storage.getInstalledStore(OTHER_STORE)
    t.same([refused?.fastAppId, refused?.orderStatusIds], [null, null], 'nothing of the refused settings saved')
    t.equal(await storage.saveStoreSettings(OTHER_STORE, { fastAppId: null, orderStatusIds: { CANCELED: 6 } }), 'saved', 'several stores may have no App ID')
    t.equal(await storage.saveStoreSettings('store-c', { fastAppId: null, orderStatusIds: null }), 'saved')
    t.equal(await storage.saveStoreSettings(STORE, { fastAppId: 'app-a', orderStatusIds: { BOOKED: 7 } }), 'saved', 'a store may save its own App ID again')
  })

  behaviour('of two stores saving one Fast App ID at once, exactly one gets it', async (t, subject) => {
    const peer = await subject.peer()
    await subject.storage.saveInstall(install(STORE))
    await subject.storage.saveInstall(install(OTHER_STORE))
    const answers = await Promise.all([
      subject.storage.saveStoreSettings(STORE, { fastAppId: 'app-x', orderStatusIds: null }),
      peer.saveStoreSettings(OTHER_STORE, { fastAppId: 'app-x', orderStatusIds: null })
    ])
    t.same([...answers].sort(), ['app_id_taken', 'saved'])
  })

  behaviour('settings of a store that is not installed are not saved', async (t, { storage }) => {
    t.equal(await storage.saveStoreSettings(STORE, { fastAppId: 'app-a', orderStatusIds: null }), 'not_installed', 'never installed')
    await storage.saveInstall(install())
    await storage.forgetStore(STORE)
    t.equal(await storage.saveStoreSettings(STORE, { fastAppId: 'app-a', orderStatusIds: null }), 'not_installed', 'uninstalled')
    t.equal(await storage.findStoreByFastAppId('app-a'), undefined)
  })

  behaviour('a refused token stops a store until re-authorised, and an uninstalled store stays uninstalled', async (t, { storage, now }) => {
    await storage.saveInstall(install())
    now.advance(5)
    await storage.setStoreState(STORE, 'token_refused')
    t.match(await storage.getInstalledStore(STORE), { state: 'token_refused', updatedAt: START + 5 })
    await storage.setStoreState(STORE, 'active')
    t.equal((await storage.getInstalledStore(STORE))?.state, 'active')
    await storage.forgetStore(STORE)
    await storage.setStoreState(STORE, 'active')
    t.equal((await storage.getInstalledStore(STORE))?.state, 'uninstalled')
    await storage.setStoreState('never-installed', 'token_refused')
    t.equal(await storage.getInstalledStore('never-installed'), undefined, 'no row made up')
  })

  behaviour('a refusal of a token a re-authorisation has since replaced leaves the store active', async (t, { storage }) => {
    await storage.saveInstall(install(STORE, 'k1.old-token'))
    await storage.saveInstall(install(STORE, 'k1.new-token'))
    await storage.setStoreState(STORE, 'token_refused', 'k1.old-token')
    t.equal((await storage.getInstalledStore(STORE))?.state, 'active', 'the old token was refused, not the new one')
    await storage.setStoreState(STORE, 'token_refused', 'k1.new-token')
    t.equal((await storage.getInstalledStore(STORE))?.state, 'token_refused', 'the token it holds was refused')
  })

  behaviour('a token is re-sealed only if it is still the one that was read', async (t, { storage }) => {
    await storage.saveInstall(install())
    t.equal(await storage.resealAccessToken(STORE, 'k0.stale', 'k2.resealed', 'k2'), false, 'changed since')
    t.equal((await storage.getInstalledStore(STORE))?.sealedAccessToken, 'k1.sealed-token')
    t.equal(await storage.resealAccessToken(STORE, 'k1.sealed-token', 'k2.resealed', 'k2'), true)
    t.match(await storage.getInstalledStore(STORE), { sealedAccessToken: 'k2.resealed', keyId: 'k2' })
  })

  behaviour('an uninstall forgets the token, the settings and every record of the store, and no other store\'s', async (t, { storage, now }) => {
    for (const storeHash of [STORE, OTHER_STORE]) {
      await storage.saveInstall(install(storeHash))
      await storage.saveStoreSettings(storeHash, { fastAppId: `app-${storeHash}`, orderStatusIds: { BOOKED: 7 } })
      await storage.saveOrder(order({ storeHash }))
      await storage.saveLines([line('l1', { storeHash })])
      await storage.claimRequest(storeHash, 'req-1', FINGERPRINT, 'worker-1', LEASE)
      await storage.completeRequest(storeHash, 'req-1', 'worker-1', ANSWER)
      await storage.acquireLease(storeHash, 'cart:1', 'worker-1', LEASE)
      await storage.advanceConversion(storeHash, 'fast-order-1', undefined, { step: 'started' })
    }
    now.advance(1000)
    await storage.forgetStore(STORE)
    await storage.forgetStore(STORE) // BigCommerce may call /uninstall again: nothing breaks
    t.same(await storage.getInstalledStore(STORE), {
      storeHash: STORE, sealedAccessToken: null, keyId: null, scopes: [], fastAppId: null, orderStatusIds: null,
      state: 'uninstalled', installedAt: START, updatedAt: START + 1000
    })
    t.equal(await storage.findOrderByFastId(STORE, 'fast-order-1'), undefined)
    t.same(await storage.listLines(STORE, 'fast-order-1'), [])
    t.same(await storage.claimRequest(STORE, 'req-1', 'sha256:other', 'worker-2', LEASE), { state: 'claimed' }, 'no stored answer nor fingerprint left')
    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-2', LEASE), true, 'the lease is gone')
    t.equal(await storage.getConversion(STORE, 'fast-order-1'), undefined)
    t.same(await storage.listRecentOrders(STORE, 10), [])

    t.match(await storage.getInstalledStore(OTHER_STORE), { state: 'active', fastAppId: `app-${OTHER_STORE}` }, 'the other store is untouched')
    t.ok(await storage.findOrderByFastId(OTHER_STORE, 'fast-order-1'))
    t.equal((await storage.listLines(OTHER_STORE, 'fast-order-1')).length, 1)
    t.match(await storage.claimRequest(OTHER_STORE, 'req-1', FINGERPRINT, 'worker-2', LEASE), { state: 'completed' })
    t.equal(await storage.acquireLease(OTHER_STORE, 'cart:1', 'worker-2', LEASE), false)
    t.ok(await storage.getConversion(OTHER_STORE, 'fast-order-1'))
  })

  behaviour('a re-install after an uninstall starts clean', async (t, { storage, now }) => {
    await storage.saveInstall(install())
    await storage.saveStoreSettings(STORE, { fastAppId: 'app-a', orderStatusIds: { BOOKED: 7 } })
    await storage.forgetStore(STORE)
    now.advance(60_000)
    await storage.saveInstall(install(STORE, 'k1.fresh-token'))
    t.same(await storage.getInstalledStore(STORE), {
      storeHash: STORE, sealedAccessToken: 'k1.fresh-token', keyId: 'k1', scopes: ['store_v2_orders'], fastAppId: null,
      orderStatusIds: null, state: 'active', installedAt: START + 60_000, updatedAt: START + 60_000
    })
  })

  behaviour('a re-install starts clean of what a Fast call racing the uninstall wrote after it', async (t, { storage }) => {
    await storage.saveInstall(install())
    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    await storage.forgetStore(STORE)
    // The call was past BigCommerce when the uninstall came: it saves its order and its answer.
    await storage.saveOrder(order())
    await storage.saveLines([line('l1')])
    await storage.advanceConversion(STORE, 'fast-order-1', undefined, { step: 'started' })
    await storage.claimRequest(STORE, 'req-2', FINGERPRINT, 'worker-1', LEASE)
    await storage.completeRequest(STORE, 'req-2', 'worker-1', ANSWER)
    await storage.saveInstall(install(STORE, 'k1.fresh-token'))
    t.same(await storage.listRecentOrders(STORE, 10), [], 'no order of the previous install')
    t.same(await storage.listLines(STORE, 'fast-order-1'), [])
    t.equal(await storage.getConversion(STORE, 'fast-order-1'), undefined)
    t.same(await storage.claimRequest(STORE, 'req-2', 'sha256:other', 'worker-2', LEASE), { state: 'claimed' }, 'no answer of the previous install')
  })

  behaviour('a re-authorisation of an installed store keeps its orders', async (t, { storage }) => {
    await storage.saveInstall(install())
    await storage.saveOrder(order())
    await storage.saveInstall(install(STORE, 'k1.new-token'))
    t.ok(await storage.findOrderByFastId(STORE, 'fast-order-1'))
  })

  behaviour('recent orders come newest first, as many as asked, of the store only', async (t, { storage, now }) => {
    for (let i = 1; i <= 3; i++) {
      await storage.saveOrder(order({ fastOrderId: `fast-order-${i}`, cartId: `cart-${i}`, bcOrderId: i === 2 ? 102 : null }))
      now.advance(10)
    }
    await storage.saveOrder(order({ storeHash: OTHER_STORE, fastOrderId: 'other-order', cartId: 'other-cart' }))
    t.same(await storage.listRecentOrders(STORE, 2), [
      { fastOrderId: 'fast-order-3', cartId: 'cart-3', bcOrderId: null, updatedAt: START + 20 },
      { fastOrderId: 'fast-order-2', cartId: 'cart-2', bcOrderId: 102, updatedAt: START + 10 }
    ])
  })

  // Tenancy

  behaviour('one store never sees another store\'s records', async (t, { storage }) => {
    await storage.saveOrder(order({ bcOrderId: 42 }))
    await storage.saveLines([line('l1')])
    t.equal(await storage.findOrderByFastId(OTHER_STORE, 'fast-order-1'), undefined)
    t.equal(await storage.findOrderByCartId(OTHER_STORE, 'cart-1'), undefined)
    t.equal(await storage.findOrderByBcOrderId(OTHER_STORE, 42), undefined)
    t.same(await storage.listLines(OTHER_STORE, 'fast-order-1'), [])
    await storage.deleteLines(OTHER_STORE, 'fast-order-1', ['l1'])
    t.equal((await storage.listLines(STORE, 'fast-order-1')).length, 1, 'another store cannot delete its lines')

    const other = order({ storeHash: OTHER_STORE, bcOrderId: 42, currencyCode: 'EUR' })
    await storage.saveOrder(other)
    t.equal((await storage.findOrderByCartId(STORE, 'cart-1'))?.currencyCode, 'USD', 'same ids in two stores are two records')
    t.same(await storage.findOrderByBcOrderId(OTHER_STORE, 42), other)

    await storage.claimRequest(STORE, 'req-1', FINGERPRINT, 'worker-1', LEASE)
    await storage.completeRequest(STORE, 'req-1', 'worker-1', ANSWER)
    t.same(await storage.claimRequest(OTHER_STORE, 'req-1', 'sha256:bbbb', 'worker-2', LEASE), { state: 'claimed' }, 'a request_id is per store')
    t.equal(await storage.completeRequest(OTHER_STORE, 'req-1', 'worker-1', ANSWER), false, 'an owner of one store cannot answer for another')

    t.equal(await storage.acquireLease(STORE, 'cart:1', 'worker-1', LEASE), true)
    t.equal(await storage.acquireLease(OTHER_STORE, 'cart:1', 'worker-2', LEASE), true, 'a lease is per store')

    await storage.advanceConversion(STORE, 'fast-order-1', undefined, { step: 'started' })
    t.equal(await storage.getConversion(OTHER_STORE, 'fast-order-1'), undefined)
    t.equal(await storage.advanceConversion(OTHER_STORE, 'fast-order-1', 'started', { step: 'created', bcOrderId: 1 }), false)
    t.equal(await storage.advanceConversion(OTHER_STORE, 'fast-order-1', undefined, { step: 'started' }), true)
  })
}

/** A clock for a subject: starts at START, moved only by the test. */
export function testClock (): TestClock & { now: () => number } {
  let current = START
  return {
    now: () => current,
    set: ms => { current = ms },
    advance: ms => { current += ms }
  }
}
