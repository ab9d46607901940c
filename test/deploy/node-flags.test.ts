/**
 * The bridge's memory bound rests on V8 flags (README "Memory"): the Dockerfile that Fly.io runs
 * and `npm start` must pass the same ones, and the benchmark reads them from `npm start`.
 */
import { readFileSync } from 'node:fs'
import t from 'tap'

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }
const startFlags = packageJson.scripts.start.split(/\s+/).filter(word => word.startsWith('--'))

t.test('the Dockerfile starts the server with the V8 flags of npm start', async t => {
  const cmd = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'))
  t.ok(cmd, 'the Dockerfile has a CMD in exec form')
  const words = JSON.parse(cmd?.[1] ?? '[]') as string[]
  t.same(words.filter(word => word.startsWith('--')), startFlags)
  t.equal(words.at(-1), 'dist/server.js')
})

t.test('npm start bounds the heap and the young generation', async t => {
  t.ok(startFlags.some(flag => flag.startsWith('--max-old-space-size=')), 'an old-space bound')
  t.ok(startFlags.some(flag => flag.startsWith('--max-semi-space-size=')), 'a young-generation bound')
})
