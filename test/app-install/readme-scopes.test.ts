/** The README's scope table is what the Developer Portal profile must request: REQUIRED_SCOPES, row for row. */
import { readFileSync } from 'node:fs'
import t from 'tap'
import { REQUIRED_SCOPES } from '../../src/app-install/scopes.js'

t.test('the README lists every scope the bridge needs, with its parameter and its use', async (t) => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('## Install it as a BigCommerce app'))
  const rows = section.split('\n').filter(line => line.startsWith('| ') && line.includes('`store_'))
  t.equal(rows.length, REQUIRED_SCOPES.length, 'one row per permission')
  for (const scope of REQUIRED_SCOPES) {
    const row = rows.find(line => line.startsWith(`| ${scope.name} |`))
    t.ok(row, `a row for ${scope.name}`)
    t.match(row, `\`${scope.anyOf[0] as string}\``, `${scope.name} names its parameter`)
    t.match(row, scope.usedFor, `${scope.name} says what it is used for`)
  }
})
