/** Each store's budget of concurrent calls, on its own: no BigCommerce, calls the test settles by hand. */
import t from 'tap'
import { createStoreBudget } from '../../src/bigcommerce/store-budget.js'

/** A call the test finishes when it wants: `started` says whether the budget let it begin. */
function heldCall (): { work: () => Promise<string>, started: () => boolean, finish: (value: string) => void, fail: (err: Error) => void } {
  let began = false
  let resolve!: (value: string) => void
  let reject!: (err: Error) => void
  const result = new Promise<string>((res, rej) => { resolve = res; reject = rej })
  return {
    work: async () => { began = true; return await result },
    started: () => began,
    finish: value => { resolve(value) },
    fail: err => { reject(err) }
  }
}

/** Lets every promise that can settle now settle (no timers involved). */
async function settle (): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve()
}

t.test('a store runs at most its budget of calls at once; the next one starts when one finishes, first come first served', async t => {
  const budget = createStoreBudget(2)
  const calls = [heldCall(), heldCall(), heldCall(), heldCall()]
  const results = calls.map(async call => await budget.run('a', call.work))
  await settle()
  t.same(calls.map(call => call.started()), [true, true, false, false])
  t.same([budget.inFlight('a'), budget.waiting('a')], [2, 2])

  calls[1]?.finish('second')
  t.equal(await results[1], 'second', 'a finished call answers its result')
  await settle()
  t.same(calls.map(call => call.started()), [true, true, true, false], 'the first waiting call took the free slot')

  for (const [index, call] of calls.entries()) call.finish(`call ${index}`)
  t.same(await Promise.all(results), ['call 0', 'second', 'call 2', 'call 3'])
})

t.test("a failed call gives its slot back and its caller gets the failure", async t => {
  const budget = createStoreBudget(1)
  const failing = heldCall()
  const next = heldCall()
  const failed = budget.run('a', failing.work)
  const later = budget.run('a', next.work)
  failing.fail(new Error('BigCommerce unreachable'))
  await t.rejects(failed, /BigCommerce unreachable/)
  await settle()
  t.ok(next.started(), 'the waiting call runs')
  next.finish('done')
  t.equal(await later, 'done')
})

t.test("one store's full budget does not hold another store's calls", async t => {
  const budget = createStoreBudget(1)
  const busy = heldCall()
  const waiting = heldCall()
  void budget.run('a', busy.work)
  void budget.run('a', waiting.work)
  t.equal(await budget.run('b', async () => 'b served'), 'b served')
  t.notOk(waiting.started(), "while A's second call still waits")
  busy.finish('')
  waiting.finish('')
})

t.test('a store with nothing running and nothing waiting is forgotten', async t => {
  const budget = createStoreBudget(1)
  await budget.run('a', async () => 'done')
  t.same([budget.inFlight('a'), budget.waiting('a')], [0, 0])
})

t.test('a budget must be a positive whole number of calls', async t => {
  for (const size of [0, -1, 1.5, Number.NaN]) t.throws(() => createStoreBudget(size), RangeError, String(size))
})
