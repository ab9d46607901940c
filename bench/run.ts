/**
 * `npm run bench`: runs the sections (1 replays side by side, 2 fixed rates against a slow
 * BigCommerce, 3 calls per operation, 4 memory under a soak, 5 start-up), prints one table and,
 * on a full run (every section, not BENCH_QUICK), writes BENCHMARKS.md, bench/results.json and the
 * README's calls block. BENCH_QUICK=1 (CI's smoke run) runs every section tiny, writes to a
 * temporary directory and fails only when a section produced no numbers: never on speed.
 * Options: see context.ts.
 */
import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'
import { callsSection } from './calls.js'
import { Context } from './context.js'
import { ratesSection } from './rates.js'
import { replaySection } from './replay.js'
import { writeOutputs } from './outputs.js'
import { consoleTable, type Results } from './report.js'
import { soakSection } from './soak.js'
import { startupSection } from './startup.js'

function nproc (): number {
  try { return Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) } catch { return cpus().length }
}

const ctx = await Context.open()
const { options } = ctx
const results: Results = {
  machine: { cpus: nproc(), cpuModel: cpus()[0]?.model ?? 'unknown', memoryGb: totalmem() / 2 ** 30, node: process.version, date: new Date().toISOString(), loadAverage: loadavg() },
  options,
  commands: ['npm run bench                      # full run: writes BENCHMARKS.md, bench/results.json, the README block', 'BENCH_QUICK=1 npm run bench        # CI smoke: every section tiny, asserts only that each produced numbers']
}
const sections = [
  [1, 'replays side by side', async () => { results.replay = await replaySection(ctx) }],
  [2, 'fixed rates', async () => { results.rates = await ratesSection(ctx) }],
  [3, 'calls per operation', async () => { results.calls = await callsSection(ctx) }],
  [4, 'soak', async () => { results.soak = await soakSection(ctx) }],
  [5, 'start-up', async () => { results.startup = await startupSection(ctx) }]
] as const
const failedSections: string[] = []
try {
  for (const [n, name, run] of sections) {
    if (!options.sections.includes(n)) continue
    const started = performance.now()
    process.stderr.write(`bench: section ${n} (${name})...`)
    try {
      await run()
      process.stderr.write(` ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
    } catch (err) {
      // The other sections still run and report; the run fails at the end.
      process.stderr.write(` failed: ${(err as Error).stack ?? String(err)}\n`)
      failedSections.push(`section ${n} (${name}): ${(err as Error).message}`)
    }
  }
} finally {
  await ctx.close()
}
if (ctx.profiles.length > 0) results.profiles = ctx.profiles

console.log(consoleTable(results))

/** Rot protection for CI: every section that ran gave numbers. Speed is never judged here. */
function missingNumbers (r: Results): string[] {
  const problems: string[] = []
  const finite = (what: string, ...values: number[]): void => { if (values.some(v => !Number.isFinite(v))) problems.push(what) }
  if (r.replay !== undefined) {
    if (r.replay.points.length === 0) problems.push('section 1 has no points')
    for (const p of r.replay.points) finite(`section 1 ${p.target}@${p.connections}`, p.rps, p.p50, p.p99, p.rpsRatio)
  }
  if (r.rates !== undefined) {
    for (const p of r.rates.points) {
      finite(`section 2 ${p.operation}@${p.rate}`, p.callsPerOperation, p.p50, p.p99)
      // At the smoke's few calls per second nothing should fail: a failure is a broken bridge, not a slow one.
      if (options.quick && p.failedShare > 0) problems.push(`section 2 ${p.operation}@${p.rate}: ${Math.round(p.failedShare * 100)}% failed`)
    }
  }
  if (r.calls !== undefined && !r.calls.rows.some(row => row.operation === 'checkout' && row.measured > 0)) problems.push('section 3 counted no checkout calls')
  if (r.soak !== undefined) {
    finite('section 4', r.soak.rps, r.soak.rssPeakMb, r.soak.rssAfterMb)
    if (options.quick && (r.soak.failed > 0 || r.soak.rps === 0)) problems.push(`section 4: ${r.soak.failed} of the soak's requests failed`)
  }
  if (r.startup !== undefined) for (const e of r.startup.entries) finite(`section 5 ${e.entry}`, e.ms)
  return problems
}

// A profiled run is slower: its numbers are not the ones to keep.
const full = !options.quick && !options.profile && sections.every(([n]) => options.sections.includes(n))
const outDir = writeOutputs(results, full)
console.log(full ? 'Wrote BENCHMARKS.md, bench/results.json and README.md\'s calls block.' : `Not a full run: results in ${outDir}`)

const problems = [...failedSections, ...missingNumbers(results)]
if (problems.length > 0) {
  console.error(`bench: no numbers from ${problems.join('; ')}`)
  process.exitCode = 1
}
