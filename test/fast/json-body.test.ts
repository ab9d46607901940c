/**
 * The body checks that run before anything walks a body: how deep it is (read from the text,
 * brackets in strings not counted) and whether every string and key is well-formed Unicode.
 */
import t from 'tap'
import { firstMalformedString, jsonDepth, MAX_JSON_DEPTH } from '../../src/fast/json-body.js'

t.test('depth counts nested objects and arrays, and nothing inside strings', async (t) => {
  t.equal(jsonDepth('1'), 0)
  t.equal(jsonDepth('{}'), 1)
  t.equal(jsonDepth('{"a":[{"b":[]}],"c":{}}'), 4)
  t.equal(jsonDepth('{"a":"[[[[{{{{"}'), 1, 'brackets in a string')
  t.equal(jsonDepth('{"a\\"[[[":"\\\\"}'), 1, 'escaped quotes and backslashes do not end or start a string early')
})

t.test(`a body ${MAX_JSON_DEPTH} deep is within the limit and one level more is not`, async (t) => {
  const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth)
  t.ok(jsonDepth(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH) <= MAX_JSON_DEPTH)
  t.ok(jsonDepth(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
})

t.test("the depth of a million-deep text is read without recursion", async (t) => {
  const text = '['.repeat(1_000_000) + ']'.repeat(1_000_000)
  t.equal(jsonDepth(text), 1_000_000)
})

t.test('a lone surrogate is found and named by its path; pairs and plain text pass', async (t) => {
  t.equal(firstMalformedString({ a: ['ok', { b: 'x\ud800' }] }), 'a[1].b')
  t.equal(firstMalformedString({ a: { '\udc00': 1 } }), 'a', 'a bad key is named by the object holding it')
  t.equal(firstMalformedString('\udfff'), '(body)')
  t.equal(firstMalformedString({ a: 'emoji \ud83d\ude00', b: [1, null, true, 'é'] }), undefined)
})
