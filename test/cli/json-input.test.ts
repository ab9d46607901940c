/**
 * Bad JSON handed to `npm run fast` is reported on one line with the line and column where it goes
 * wrong, whether or not V8's message gives a position.
 */
import t from 'tap'
import { CliFailure } from '../../src/cli/failure.js'
import { parseJsonInput } from '../../src/cli/json-input.js'

function failureOf (text: string): string {
  try {
    parseJsonInput(text, 'request.json')
  } catch (err) {
    if (err instanceof CliFailure) return err.message
    throw err
  }
  throw new Error('parsed')
}

t.test('an unexpected token is placed, though V8 does not say where it is', async t => {
  t.equal(failureOf('{\n  "order": {"is_cart": true,\n    "lines": ]\n}'), 'bad JSON in request.json at line 3 column 14: Unexpected token \']\'')
})

t.test('a mistake V8 gives the position of is placed there', async t => {
  t.equal(failureOf('{\n  "a": 1,\n  "b" 2\n}'), 'bad JSON in request.json at line 3 column 7: Expected \':\' after property name')
})

t.test('input that stops short is placed at its end', async t => {
  t.equal(failureOf('{"order": {"is_cart": tr'), 'bad JSON in request.json at line 1 column 25: Unexpected end of JSON input')
})

t.test('a long input stays out of the line, which V8 quotes a piece of', async t => {
  const text = `{"lines": [${Array.from({ length: 50 }, (_, i) => `{"id": "${i}"}`).join(',\n')}, }]}`
  const message = failureOf(text)
  t.equal(message, 'bad JSON in request.json at line 50 column 15: Unexpected token \'}\'')
  t.notMatch(message, '\n')
})

t.test('valid JSON is returned as it is', async t => {
  t.same(parseJsonInput('{"request": {"type": "ENTITY_TYPE_ORDER"}}', 'stdin'), { request: { type: 'ENTITY_TYPE_ORDER' } })
})
