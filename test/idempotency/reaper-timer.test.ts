/**
 * Stored answers hold shoppers' data for Fast's replay window only: the reaper removes them on its
 * own timer, with no request needed to trigger it.
 */
import t from 'tap'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { buildTestApp, STORE_HASH } from '../helpers/build-app.js'

const ANSWER = { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{}' }

t.test('answers older than 24 hours are removed by the reaper on its timer', async t => {
  let now = 1_800_000_000_000
  const storage = openSqliteStorage(':memory:', { now: () => now })
  await storage.claimRequest(STORE_HASH, 'old', 'f', 'o', 1000)
  await storage.completeRequest(STORE_HASH, 'old', 'o', ANSWER)
  now += 23 * 60 * 60 * 1000
  await storage.claimRequest(STORE_HASH, 'recent', 'f', 'o', 1000)
  await storage.completeRequest(STORE_HASH, 'recent', 'o', ANSWER)
  now += 2 * 60 * 60 * 1000

  // The timer's first pass, awaited as an event.
  const reap = storage.reapRequests.bind(storage)
  const reaped = new Promise<number>(resolve => {
    storage.reapRequests = async (...args) => {
      const removed = await reap(...args)
      resolve(removed)
      return removed
    }
  })
  await buildTestApp(t, { storage, idempotency: { reapIntervalMs: 5 } })
  t.equal(await reaped, 1)
  t.same(await storage.claimRequest(STORE_HASH, 'old', 'f', 'new-owner', 1000), { state: 'claimed' }, 'the old answer is gone')
  t.equal((await storage.claimRequest(STORE_HASH, 'recent', 'f', 'new-owner', 1000)).state, 'completed', 'the recent one stays')
})
