/**
 * The Node statement: package.json's engines names the oldest Node every production dependency
 * accepts, and the server refuses an older one in one line instead of crashing inside undici (the
 * built server on the machine's older Node: production-build.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { isOlderThan, minimumNodeVersion, nodeVersionProblem } from '../../src/node-version.js'

const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }

/** The lowest version a `>=X.Y.Z` (or `^A || >=X.Y`) engines range accepts on its newest line. */
function floor (range: string): string | undefined {
  const last = range.split('||').at(-1)?.trim() ?? ''
  return /^(?:>=\s*|\^)?(\d+(?:\.\d+){0,2})/.exec(last)?.[1]
}

t.test('engines names the newest minimum among the production dependencies', async t => {
  const minimum = minimumNodeVersion()
  const floors = Object.keys(packageJson.dependencies).flatMap(name => {
    const file = join('node_modules', name, 'package.json')
    const range = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { engines?: { node?: string } }).engines?.node : undefined
    const version = range === undefined ? undefined : floor(range)
    return version === undefined ? [] : [{ name, version }]
  })
  for (const { name, version } of floors) t.notOk(isOlderThan(minimum, version), `${name} needs ${version}; engines says ${minimum}`)
  t.ok(floors.some(({ version }) => !isOlderThan(version, minimum) && !isOlderThan(minimum, version)), 'and one of them needs exactly that')
})

t.test('versions compare by number, not as text', async t => {
  t.ok(isOlderThan('20.20.2', '22.19.0'))
  t.ok(isOlderThan('22.9.0', '22.19'))
  t.notOk(isOlderThan('22.19.0', '22.19.0'))
  t.notOk(isOlderThan('24.1.0', '22.19'))
  t.notOk(isOlderThan('100.0.0', '22.19.0'))
})

t.test('an older Node is refused in one line naming both versions', async t => {
  const problem = nodeVersionProblem('20.20.2')
  t.match(problem, /^Cannot start: Node 20\.20\.2 is too old; the bridge needs Node 22\.19\.0 or newer/)
  t.notMatch(problem, /\n/)
  t.equal(nodeVersionProblem(process.versions.node), undefined, 'the Node running the tests is recent enough')
})
