/**
 * src/bigcommerce/state-names.ts is generated from the `iso-3166` package (`npm run
 * bigcommerce:state-names`) and checked in. Regenerated into a temporary file, it must be the same
 * byte for byte: a hand edit, or a package upgrade without regenerating, fails here.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'

const REPO = resolve(import.meta.dirname, '../..')

t.test('the checked-in state-name table is exactly what `npm run bigcommerce:state-names` makes', async (t) => {
  const fresh = join(t.testdir(), 'state-names.ts')
  await promisify(execFile)(process.execPath, [join(REPO, 'scripts/state-names.mjs'), fresh], { cwd: REPO })
  const generated = readFileSync(fresh, 'utf8')
  t.match(generated, /California/, 'the generator wrote the table')
  t.equal(readFileSync(join(REPO, 'src/bigcommerce/state-names.ts'), 'utf8'), generated, 'run `npm run bigcommerce:state-names` and commit the result; never edit the table by hand')
})
