import { readFileSync } from 'node:fs'
import { test } from 'tap'
import { openAnswer, sealAnswer } from '../../src/idempotency/sealed-answer.js'
import { SealedValueError } from '../../src/secrets/keyring.js'
import { TEST_KEYRING } from '../helpers/build-app.js'

/** A checkout's answer as Fast gets it (a cart with shipping chosen). */
const answer = JSON.stringify((JSON.parse(readFileSync('fixtures/fast/seed-000-checkout/06-update-shipping-option.json', 'utf8')) as { response: unknown }).response)

test('a checkout answer is stored in well under the bytes it would take sealed plain', async t => {
  const stored = sealAnswer(TEST_KEYRING, answer, 'store\u0000req-1')
  const plain = TEST_KEYRING.seal(answer, 'store\u0000req-1')
  t.ok(stored.length < 0.5 * plain.length, `${stored.length} characters stored, ${plain.length} sealed plain`)
  t.equal(openAnswer(TEST_KEYRING, stored, 'store\u0000req-1'), answer)
})

test('an answer with characters beyond ASCII opens to the same text', async t => {
  const text = '{"city":"Zürich","note":"€ 5, 東京"}'
  t.equal(openAnswer(TEST_KEYRING, sealAnswer(TEST_KEYRING, text, 'k'), 'k'), text)
})

test('a stored answer opens only for the record it was stored for', async t => {
  const stored = sealAnswer(TEST_KEYRING, answer, 'store\u0000req-1')
  t.throws(() => openAnswer(TEST_KEYRING, stored, 'store\u0000req-2'), SealedValueError)
})

test('with STORED_ANSWERS=plain an answer is sealed as versions before deflating sealed it, so they open it', async t => {
  const stored = sealAnswer(TEST_KEYRING, answer, 'store\u0000req-1', false)
  t.equal(TEST_KEYRING.open(stored, 'store\u0000req-1'), answer, 'what an earlier version does with it')
  t.equal(openAnswer(TEST_KEYRING, stored, 'store\u0000req-1'), answer, 'and this version too')
})
