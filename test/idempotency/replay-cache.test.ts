import { test } from 'tap'
import { answerBytes, cachedAnswer, createReplayCache, stringBytes, type CachedAnswer } from '../../src/idempotency/replay-cache.js'

const answerOf = (body: string): CachedAnswer => cachedAnswer('f'.repeat(64), { statusCode: 200, headers: { 'content-type': 'application/json' }, body })

test('an answer of ASCII counts one byte per character, any other character makes it two', async t => {
  t.equal(stringBytes('{"city":"San Francisco"}'), 24)
  // V8 stores the whole string in two bytes per character once one character needs it.
  t.equal(stringBytes('{"city":"Zürich"}'), 2 * '{"city":"Zürich"}'.length)
  t.equal(stringBytes('{"note":"€"}'), 2 * '{"note":"€"}'.length)
})

test('an entry counts its key, fingerprint, headers and body, plus what holding it costs', async t => {
  const small = answerBytes('k', answerOf('{}'))
  const big = answerBytes('k', answerOf(`{"a":"${'x'.repeat(1000)}"}`))
  t.equal(big - small, 1000 + 6, 'the body counts its UTF-8 bytes')
  t.ok(small > 'k'.length + 64 + 2, 'an entry costs more than its characters')
})

test('the cache keeps answers up to its bytes and lets the least recently used go', async t => {
  const body = `{"a":"${'é'.repeat(1000)}"}`
  const perEntry = answerBytes('key-0', answerOf(body))
  const cache = createReplayCache(perEntry * 3, 60_000)
  for (let i = 0; i < 5; i++) cache.set(`key-${i}`, answerOf(body))
  t.equal(cache.size, 3)
  t.ok(cache.calculatedSize <= perEntry * 3)
  t.equal(cache.get('key-0'), undefined)
  t.ok(cache.get('key-4'))
})

test('a cached body is the answer\'s UTF-8 bytes, in a buffer of its own (not a slice of the shared pool)', async t => {
  const answer = answerOf('{"city":"Zürich"}')
  t.equal(answer.response.body.toString('utf8'), '{"city":"Zürich"}')
  t.equal(answer.response.body.buffer.byteLength, Buffer.byteLength('{"city":"Zürich"}'), 'its memory is its bytes only')
})
