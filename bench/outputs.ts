/** Where a run's results go: BENCHMARKS.md and bench/results.json (and the README's calls block) or a scratch directory. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { callsBlock, markdown, type Results } from './report.js'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const RESULTS_JSON = join(ROOT, 'bench/results.json')
const README_BLOCK = /(<!-- bench:calls -->\n)[\s\S]*?(<!-- \/bench:calls -->)/

/** A full run's outputs into the repository; any other run's into a new temporary directory, whose path is returned. */
export function writeOutputs (results: Results, full: boolean): string {
  const dir = full ? ROOT : mkdtempSync(join(tmpdir(), 'fbc-bench-out-'))
  writeFileSync(full ? RESULTS_JSON : join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n')
  writeFileSync(join(dir, 'BENCHMARKS.md'), markdown(results))
  if (full && results.calls !== undefined) {
    const calls = results.calls
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    if (!README_BLOCK.test(readme)) throw new Error('README.md has no <!-- bench:calls --> block to fill')
    writeFileSync(join(ROOT, 'README.md'), readme.replace(README_BLOCK, (_m, open: string, close: string) => `${open}${callsBlock(calls)}\n${close}`))
  }
  return dir
}
