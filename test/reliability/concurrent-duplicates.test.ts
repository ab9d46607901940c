/**
 * Fast retries, and sometimes sends the same request twice at once: one request_id must run once.
 * 100 identical requests at the same moment, over real HTTP, to one bridge: BigCommerce sees one
 * execution's calls, every answer has the same bytes, and only one is not marked as a replay.
 * Also: a reused request_id with another body, a BigCommerce 5xx (not remembered, so the retry
 * runs again), and a replay after a restart, served from the database.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { convertibleCart, countCalls, newCart, reasonOf, SHOPPER, startEmulator, startListeningBridge } from './support.js'

const COPIES = 100

t.test('100 identical bill_to updates at once run once and get the same bytes', async t => {
  const emulator = await startEmulator(t)
  const { call } = await startListeningBridge(t, emulator)
  // What one execution costs, on another cart.
  const reference = await newCart(call)
  const single = await countCalls(emulator, async () => await call('update', reference.update({ bill_to: SHOPPER })))
  t.equal(single.result.statusCode, 200)

  const checkout = await newCart(call)
  const body = checkout.update({ bill_to: SHOPPER }, randomUUID())
  const { result: answers, calls, byCall } = await countCalls(emulator, async () =>
    await Promise.all(Array.from({ length: COPIES }, async () => await call('update', body))))
  t.same(answers.map(a => a.statusCode), Array(COPIES).fill(200), 'every copy answers 200')
  t.same(byCall, single.byCall, `BigCommerce saw one execution's calls (${calls})`)
  t.equal(new Set(answers.map(a => a.text)).size, 1, 'all answers are byte-identical')
  t.equal(answers.filter(a => !a.replayed).length, 1, 'exactly one answer is not marked idempotent-replayed')
})

t.test('100 identical conversions at once make one BigCommerce order', async t => {
  const emulator = await startEmulator(t)
  const { call } = await startListeningBridge(t, emulator)
  const reference = await convertibleCart(call)
  const single = await countCalls(emulator, async () => await call('update', reference.convert()))
  t.equal(single.result.statusCode, 200)

  const checkout = await convertibleCart(call)
  const body = checkout.convert(randomUUID())
  const { result: answers, byCall } = await countCalls(emulator, async () =>
    await Promise.all(Array.from({ length: COPIES }, async () => await call('update', body))))
  t.same(answers.map(a => a.statusCode), Array(COPIES).fill(200), 'every copy answers 200')
  t.equal(emulator.ordersFor(checkout.cartId).length, 1, 'one BigCommerce order')
  t.equal(byCall['POST /v3/checkouts/{id}/orders'], 1, 'one POST .../orders')
  t.same(byCall, single.byCall, 'BigCommerce saw one conversion\'s calls')
  t.equal(new Set(answers.map(a => a.text)).size, 1, 'all answers are byte-identical')
  t.equal(answers.filter(a => !a.replayed).length, 1, 'exactly one answer is not marked idempotent-replayed')
  t.equal(answers[0].body.order.order.external_id, String(emulator.ordersFor(checkout.cartId)[0].id), 'the answer names the order')
})

t.test('the same request_id with another body is refused without calling BigCommerce', async t => {
  const emulator = await startEmulator(t)
  const { call } = await startListeningBridge(t, emulator)
  const checkout = await newCart(call)
  const requestId = randomUUID()
  t.equal((await call('update', checkout.update({ bill_to: SHOPPER }, requestId))).statusCode, 200)
  const { result: reused, calls } = await countCalls(emulator, async () =>
    await call('update', checkout.update({ bill_to: { ...SHOPPER, first_name: 'Jane' } }, requestId)))
  t.equal(reused.statusCode, 422, 'answers 422')
  t.equal(reasonOf(reused.body), 'REQUEST_ID_REUSED')
  t.equal(calls, 0, 'no BigCommerce call')
  // Also while the first is still running: 100 copies of A and one B at the same moment.
  const racing = randomUUID()
  const other = await newCart(call)
  const answers = await Promise.all([
    ...Array.from({ length: 10 }, async () => await call('update', other.update({ bill_to: SHOPPER }, racing))),
    call('update', other.update({ bill_to: { ...SHOPPER, first_name: 'Jane' } }, racing))
  ])
  const statuses = answers.map(a => a.statusCode)
  t.equal(statuses.filter(s => s === 422).length + statuses.filter(s => s === 200).length, 11, 'each answer is 200 or 422')
  t.ok(answers.every(a => a.statusCode !== 422 || reasonOf(a.body) === 'REQUEST_ID_REUSED'), 'every 422 is REQUEST_ID_REUSED')
  const winner = answers.find(a => a.statusCode === 200)
  t.equal(new Set(answers.filter(a => a.statusCode === 200).map(a => a.text)).size, 1, 'the 200s are one answer')
  t.equal(winner?.body?.order?.order?.bill_to?.first_name === 'Jane' ? 10 : 1, statuses.filter(s => s === 422).length, 'only the other body\'s copies are refused')
})

t.test('a BigCommerce 5xx is not remembered: the retry with the same request_id runs again and succeeds', async t => {
  const emulator = await startEmulator(t)
  const { call } = await startListeningBridge(t, emulator)
  const checkout = await newCart(call)
  const body = checkout.update({ bill_to: SHOPPER }, randomUUID())
  emulator.server.sandbox.faults.configure({ faults: [{ type: 'server_error', status: 503, match: 'POST /v3/checkouts/{id}/billing-address' }] })
  const failed = await call('update', body)
  emulator.server.sandbox.faults.clear()
  t.ok(failed.statusCode >= 500, `the failure reaches Fast as a 5xx (${failed.statusCode} ${reasonOf(failed.body) ?? ''})`)
  const { result: retry, byCall } = await countCalls(emulator, async () => await call('update', body))
  t.equal(retry.statusCode, 200, 'the retry succeeds')
  t.notOk(retry.replayed, 'it is not a replay of the failure')
  t.equal(byCall['POST /v3/checkouts/{id}/billing-address'], 1, 'it ran again against BigCommerce')
  t.equal(retry.body.order.order.bill_to.email, SHOPPER.email)
  const again = await call('update', body)
  t.ok(again.replayed, 'the next retry is the success, replayed')
  t.equal(again.text, retry.text)
})

t.test('a completed answer is replayed after a restart, from the database', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'fbc-restart-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'fast-bigcommerce.db')
  const emulator = await startEmulator(t)
  const first = await startListeningBridge(t, emulator, { storage: openSqliteStorage(file) })
  const checkout = await convertibleCart(first.call)
  const body = checkout.convert(randomUUID())
  const answer = await first.call('update', body)
  t.equal(answer.statusCode, 200)
  await first.bridge.app.close()

  const second = await startListeningBridge(t, emulator, { storage: openSqliteStorage(file) })
  const { result: replayed, calls } = await countCalls(emulator, async () => await second.call('update', body))
  t.equal(replayed.statusCode, 200)
  t.ok(replayed.replayed, 'marked idempotent-replayed')
  t.equal(replayed.text, answer.text, 'the same bytes as before the restart')
  t.equal(calls, 0, 'no BigCommerce call')
  t.equal(emulator.ordersFor(checkout.cartId).length, 1, 'one BigCommerce order')
})
