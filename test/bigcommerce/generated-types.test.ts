/**
 * The BigCommerce types in src/bigcommerce/openapi/ are generated from the official documents
 * (`npm run bigcommerce:types`) and checked in, so compiling never needs the documents. This test
 * regenerates them into a temporary folder and compares byte for byte: a hand edit, a document
 * changed without regenerating, or a generator upgrade without regenerating all fail here.
 */
import { execFile } from 'node:child_process'
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'

const REPO = resolve(import.meta.dirname, '../..')
const SCRIPT = join(REPO, 'scripts/bigcommerce-types.mjs')
const CHECKED_IN = join(REPO, 'src/bigcommerce/openapi')

async function generateInto (dir: string): Promise<void> {
  await promisify(execFile)(process.execPath, [SCRIPT, dir], { cwd: REPO })
}

/** What differs between two folders of generated files, one line per file. */
function differences (expectedDir: string, actualDir: string): string[] {
  const expected = readdirSync(expectedDir).sort()
  const actual = readdirSync(actualDir).sort()
  const found: string[] = []
  for (const name of expected.filter(n => !actual.includes(n))) found.push(`${name}: generated, but not checked in`)
  for (const name of actual.filter(n => !expected.includes(n))) found.push(`${name}: checked in, but not generated`)
  for (const name of expected.filter(n => actual.includes(n))) {
    if (readFileSync(join(expectedDir, name), 'utf8') !== readFileSync(join(actualDir, name), 'utf8')) {
      found.push(`${name}: differs from what \`npm run bigcommerce:types\` makes`)
    }
  }
  return found
}

t.test('the checked-in BigCommerce types are exactly what `npm run bigcommerce:types` makes from the official documents', async (t) => {
  const fresh = t.testdir()
  await generateInto(fresh)
  t.ok(readdirSync(fresh).length > 0, 'the generator wrote files')
  t.same(differences(fresh, CHECKED_IN), [], 'run `npm run bigcommerce:types` and commit the result; never edit src/bigcommerce/openapi/ by hand')
})

t.test('a hand edit of a generated file is reported, naming the file', async (t) => {
  const fresh = t.testdir({ generated: {}, edited: {} })
  await generateInto(join(fresh, 'generated'))
  cpSync(join(fresh, 'generated'), join(fresh, 'edited'), { recursive: true })
  const file = join(fresh, 'edited', 'carts-v3.ts')
  writeFileSync(file, readFileSync(file, 'utf8').replace('quantity: number;', 'quantity?: number;'))
  t.same(differences(join(fresh, 'generated'), join(fresh, 'edited')), ['carts-v3.ts: differs from what `npm run bigcommerce:types` makes'])
})
