/**
 * The README's Node statement is package.json's: the version it says installs the project is the
 * `engines` minimum, and the version it says npm scripts run on is the pinned `node` devDependency.
 */
import { readFileSync } from 'node:fs'
import t from 'tap'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string }
  devDependencies: Record<string, string>
}

/** "22.19" from ">=22.19" or ">=22.19.0": major.minor, as the README writes it. */
function majorMinor (range: string): string {
  const match = /^>=\s*(\d+)\.(\d+)(?:\.0)?$/.exec(range.trim())
  if (match === null) throw new Error(`engines.node is not a plain ">=X.Y" range: ${range}`)
  return `${match[1]}.${match[2]}`
}

t.test('the README names the engines minimum as the Node that installs the project', async t => {
  const statements = [...README.matchAll(/Node\s+(\d+\.\d+)\s+or\s+later/g)].map(match => match[1])
  t.ok(statements.length > 0, 'the README says which Node installs it')
  t.same([...new Set(statements)], [majorMinor(pkg.engines.node)], `every "Node X.Y or later" is engines' ${pkg.engines.node}`)
  t.notMatch(README, /any Node from \d+/, 'no older, looser statement is left')
})

t.test('the README names the pinned Node as the one every npm script runs on', async t => {
  const pinned = /^\^?(\d+)\./.exec(pkg.devDependencies.node)?.[1]
  t.ok(pinned, 'package.json pins node as a devDependency')
  t.match(README, new RegExp(`every npm script runs on the pinned\\s+Node ${pinned}\\b`), `the README says npm scripts run on Node ${pinned}`)
})
