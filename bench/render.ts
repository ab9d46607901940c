/**
 * Writes BENCHMARKS.md and the README's calls block again from bench/results.json, without
 * measuring: after the report's wording changed, the numbers stay those of the last full run.
 *   node --import ./scripts/register-ts.mjs bench/render.ts
 */
import { readFileSync } from 'node:fs'
import { RESULTS_JSON, writeOutputs } from './outputs.js'

writeOutputs(JSON.parse(readFileSync(RESULTS_JSON, 'utf8')), true)
console.log('Wrote BENCHMARKS.md and README.md\'s calls block from bench/results.json.')
