/**
 * The benchmark's outputs from its results: the goals checked, the one table printed, the
 * markdown of BENCHMARKS.md and the README's calls block.
 */
import type { CallsResult } from './calls.js'
import type { Options } from './context.js'
import type { ProfileSummary } from './profile.js'
import type { RateResult } from './rates.js'
import type { ReplayResult } from './replay.js'
import type { SoakResult } from './soak.js'
import type { StartupResult } from './startup.js'

export interface Machine { cpus: number, cpuModel: string, memoryGb: number, node: string, date: string, loadAverage: number[] }
export interface Results {
  machine: Machine
  options: Options
  commands: string[]
  replay?: ReplayResult
  rates?: RateResult
  calls?: CallsResult
  soak?: SoakResult
  startup?: StartupResult
  profiles?: ProfileSummary[]
}
export interface Goal { goal: string, measured: string, met: boolean }

const RSS_GOAL_MB = 256
const f = (n: number, digits = 1): string => Number.isFinite(n) ? n.toFixed(digits) : 'n/a'

export function goals (r: Results): Goal[] {
  const out: Goal[] = []
  const cached = r.replay?.points.filter(p => p.target === 'cache') ?? []
  if (cached.length > 0) {
    out.push({ goal: 'cached replay ≥ 0.8× the bare route with verification (req/s)', measured: cached.map(p => `${f(p.rpsRatio, 2)}× at ${p.connections}`).join(', '), met: cached.every(p => p.rpsRatio >= 0.8) })
  }
  for (const operation of ['read', 'bill_to'] as const) {
    const at = r.rates?.points.find(p => p.operation === operation && p.rate === 1000)
    if (at !== undefined) {
      out.push({ goal: `${operation} at 1,000/s: p50 ≤ floor + 3 ms, p99 ≤ floor + 15 ms`, measured: `floor ${f(at.floorMs, 0)} ms: p50 +${f(at.p50OverFloor)}, p99 +${f(at.p99OverFloor)} ms, ${f(at.failedShare * 100)}% failed`, met: at.p50OverFloor <= 3 && at.p99OverFloor <= 15 && at.failedShare === 0 })
    }
  }
  const checkout = r.calls?.rows.find(row => row.operation === 'checkout')
  if (checkout !== undefined && r.calls !== undefined) out.push({ goal: `checkout ≤ ${r.calls.checkoutGoal} BigCommerce calls`, measured: `${checkout.measured} calls`, met: checkout.measured <= r.calls.checkoutGoal })
  if (r.soak !== undefined) {
    out.push({ goal: `RSS < ${RSS_GOAL_MB} MB during and after the soak`, measured: `peak ${f(r.soak.rssPeakMb, 0)} MB, after ${f(r.soak.rssAfterMb, 0)} MB`, met: r.soak.rssPeakMb < RSS_GOAL_MB && r.soak.rssAfterMb < RSS_GOAL_MB })
  }
  return out
}

type Row = [section: string, item: string, rate: string, p50: string, p99: string, compared: string]
const HEADER: Row = ['section', 'case', 'req/s', 'p50 ms', 'p99 ms', 'compared']

function rows (r: Results): Row[] {
  const out: Row[] = []
  for (const p of r.replay?.points ?? []) out.push(['1 replay', `${p.target} @${p.connections} conn`, f(p.rps, 0), f(p.p50, 2), f(p.p99, 2), p.target === 'bare' ? 'floor' : `${f(p.rpsRatio, 2)}× req/s, ${f(p.p50Ratio, 2)}× p50`])
  for (const p of r.rates?.points ?? []) out.push([`2 at ${r.rates?.latencyMs ?? 0} ms/call`, `${p.operation} @${p.rate}/s`, '', f(p.p50, 1), f(p.p99, 1), `floor ${f(p.floorMs, 0)} ms (${f(p.callsPerOperation, 1)} calls): +${f(p.p50OverFloor)} / +${f(p.p99OverFloor)}${p.failedShare > 0 ? `, ${f(p.failedShare * 100)}% failed` : ''}`])
  for (const row of r.calls?.rows ?? []) out.push(['3 calls', row.operation, '', '', '', `${row.measured} calls (minimum ${row.minimum})`])
  if (r.soak !== undefined) {
    const s = r.soak
    out.push(['4 soak', `${s.requests} requests, ${s.updates} updates`, f(s.rps, 0), f(s.p50, 2), f(s.p99, 2), `RSS start ${f(s.rssStartMb, 0)}, peak ${f(s.rssPeakMb, 0)}, end ${f(s.rssEndMb, 0)}, after ${f(s.rssAfterMb, 0)} MB; ${f(s.diskBytesPerAnswer, 0)} B on disk per update${s.failed > 0 ? `; ${s.failed} failed` : ''}`])
  }
  for (const e of r.startup?.entries ?? []) out.push(['5 start-up', e.entry, '', '', '', `${f(e.ms, 0)} ms to the first /health`])
  return out
}

/** The one table the benchmark prints. */
export function consoleTable (r: Results): string {
  const all = [HEADER, ...rows(r)]
  const widths = HEADER.map((_, i) => Math.max(...all.map(row => row[i].length)))
  const line = (row: Row): string => row.map((cell, i) => i >= 2 && i <= 4 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])).join('  ').trimEnd()
  return [line(HEADER), widths.map(w => '-'.repeat(w)).join('  '), ...rows(r).map(line)].join('\n')
}

/** The numbers read in words, one line per section that ran. */
function meaning (r: Results): string[] {
  const lines: string[] = []
  const at16 = (target: string): ReplayResult['points'][number] | undefined => r.replay?.points.find(p => p.target === target && p.connections === 16) ?? r.replay?.points.find(p => p.target === target)
  const cache = at16('cache')
  const sqlite = at16('sqlite')
  const postgres = at16('postgres')
  if (cache !== undefined) {
    lines.push(`Replays: at ${cache.connections} connections the cached replay serves ${f(cache.rpsRatio, 2)}× the bare route's requests per second${sqlite === undefined ? '' : `, from SQLite ${f(sqlite.rpsRatio, 2)}×`}${postgres === undefined ? '' : `, from PostgreSQL ${f(postgres.rpsRatio, 2)}×`}. The bare route pays for the token check and the write of the same body, so what is missing to 1× is the bridge's own work per request (request_id lookup, fingerprint, logging, storage).`)
  }
  const worst = (operation: string): RateResult['points'][number] | undefined => r.rates?.points.filter(p => p.operation === operation).sort((a, b) => b.rate - a.rate)[0]
  for (const operation of ['read', 'bill_to', 'checkout']) {
    const p = worst(operation)
    if (p !== undefined) lines.push(`${operation} at ${p.rate}/s: ${f(p.callsPerOperation, 1)} BigCommerce calls each, so a floor of ${f(p.floorMs, 0)} ms; the median waits ${f(p.p50OverFloor)} ms more and the 99th percentile ${f(p.p99OverFloor)} ms more${p.failedShare > 0 ? `, and ${f(p.failedShare * 100)}% were not answered with a 200 (shed, past the deadline, or still owed 30 s after the last was sent)` : ''}. Time over the floor is queueing: for a connection to BigCommerce, for a store's turn, for the CPU.`)
  }
  const checkout = r.calls?.rows.find(row => row.operation === 'checkout')
  if (checkout !== undefined) {
    const over = r.calls?.rows.filter(row => row.operation !== 'checkout' && row.measured > row.minimum).map(row => `${row.operation} ${row.measured} (minimum ${row.minimum})`) ?? []
    lines.push(`Calls: a checkout makes ${checkout.measured} BigCommerce calls against a minimum of ${checkout.minimum}; a store's quota (about 150 calls per 30 s, shared with its other apps) allows about ${Math.floor(150 / checkout.measured)} such checkouts per 30 s.${over.length === 0 ? '' : ` Above the minimum: ${over.join(', ')}.`}`)
  }
  if (r.soak !== undefined) lines.push(`Memory: the bridge's RSS went from ${f(r.soak.rssStartMb, 0)} MB to a peak of ${f(r.soak.rssPeakMb, 0)} MB over ${r.soak.requests} requests and was ${f(r.soak.rssAfterMb, 0)} MB once idle, against the ${RSS_GOAL_MB} MB goal (fly.toml's machine has 512 MB).`)
  for (const e of r.startup?.entries ?? []) lines.push(`Start-up (${e.entry}): ${f(e.ms, 0)} ms to the first /health, what a restarted or newly scaled machine makes Fast wait.`)
  return lines
}

const md = (header: string[], body: string[][]): string => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...body.map(row => `| ${row.join(' | ')} |`)].join('\n')

/** The README's block: calls measured per operation next to the minimum. */
export function callsBlock (calls: CallsResult): string {
  return md(['Operation', 'BigCommerce calls (measured)', 'Minimum (spec §1.7)'], calls.rows.map(row => [row.operation === 'checkout' ? '**full checkout**' : row.operation, String(row.measured), String(row.minimum)]))
}

export function markdown (r: Results): string {
  const m = r.machine
  const o = r.options
  const parts: string[] = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${m.date}; the same numbers are in \`bench/results.json\`. Regenerate them with the commands below; do not edit by hand.`,
    '',
    '## Machine',
    '',
    `${m.cpus} CPUs (${m.cpuModel}), ${f(m.memoryGb)} GB memory, Node ${m.node}; load average ${m.loadAverage.map(n => f(n, 2)).join(' / ')} when the run began.`,
    ...(m.loadAverage[0] > m.cpus ? ['', `**The machine was busy with other work when the run began** (a load average of ${f(m.loadAverage[0], 1)} on ${m.cpus} CPUs): every latency here includes waiting for a CPU, and the absolute numbers say less than the ratios and the call counts.`, ''] : []),
    'Everything runs on loopback, each part in its own process: the runner, the load generator (autocannon for section 1, an open-loop generator for 2, closed-loop for 4), the bridge and the BigCommerce emulator. On 2 cores they share the two: the bridge and the emulator compete with the generator, so the numbers are a floor for what a machine of its own does.',
    '',
    '## Commands',
    '',
    '```sh',
    ...r.commands,
    '```',
    '',
    `Options: ${o.rounds} rounds (medians reported), ${o.seconds} s per closed-loop point, connections ${o.connections.join('/')}; rates ${o.rates.join('/')} per s for ${o.rateSeconds} s at ${o.latencyMs} ms per BigCommerce call; ${o.stores} stores; soak of ${o.soakRequests} requests (${o.soakUpdateShare * 100}% new updates, ${o.soakInFlight} in flight).`,
    '',
    '## Goals',
    '',
    md(['Goal', 'Measured', 'Met'], goals(r).map(g => [g.goal, g.measured, g.met ? 'yes' : '**no**'])),
    '',
    '## What they mean',
    '',
    ...meaning(r).map(line => `- ${line}`)
  ]
  if (r.replay !== undefined) {
    parts.push('', '## 1. Replays next to a bare route',
      '',
      `Closed loop (autocannon) on one update whose answer (${r.replay.points[0]?.bytes ?? 0} bytes) the bridge already gave. **bare**: a Fastify route that verifies the same RS256 token on every request (no memory of verified tokens, as the issue measured it) and sends the same body, nothing else. **cache**: the bridge that answered, from its memory. **sqlite** / **postgres**: a new bridge with its replay cache off, so each replay reads the stored answer. Ratios are to bare at the same connections (req/s: higher is better; p50: lower).`,
      '',
      md(['Target', 'Connections', 'req/s', 'p50 ms', 'p99 ms', '× bare req/s', '× bare p50', '× bare p99'], r.replay.points.map(p => [p.target, String(p.connections), f(p.rps, 0), f(p.p50, 2), f(p.p99, 2), f(p.rpsRatio, 2), f(p.p50Ratio, 2), f(p.p99Ratio, 2)])),
      ...r.replay.skipped.map(s => `\n${s}`))
  }
  if (r.rates !== undefined) {
    const failures = Object.entries(r.rates.failures)
    parts.push('', `## 2. Fixed rates against BigCommerce at ${r.rates.latencyMs} ms per call`,
      '',
      `Open loop: each operation is sent at its scheduled time whatever the answers do, and its latency runs from that time, so queueing anywhere (generator, bridge, emulator) shows. The **floor** is the BigCommerce calls the operation made (measured, ÷ operations) × ${r.rates.latencyMs} ms: the latency if calls were the only cost and ran one after the other. Reads and bill_tos each use a cart made before the timed phase; a checkout (nine Fast calls one after the other, its cart's create included) starts every 9/rate s, so its rate counts Fast calls and its latency is the whole checkout.`,
      '',
      md(['Operation', 'Rate /s', 'Calls each', 'Floor ms', 'p50 ms', 'p99 ms', 'p50 − floor', 'p99 − floor', 'Failed'], r.rates.points.map(p => [p.operation, String(p.rate), f(p.callsPerOperation, 2), f(p.floorMs, 0), f(p.p50), f(p.p99), f(p.p50OverFloor), f(p.p99OverFloor), `${f(p.failedShare * 100)}%`])),
      ...(failures.length === 0 ? [] : ['', 'Failures (all rounds): ' + failures.map(([kind, n]) => `${kind} × ${n}`).join('; ')]))
  }
  if (r.calls !== undefined) {
    parts.push('', '## 3. BigCommerce calls per operation',
      '',
      `Counted by the emulator (\`GET /__sandbox/calls\`) around each step of one checkout; the minimum is the spec's (\`bigcommerce.md\` §1.7); the goal for a checkout is ≤ ${r.calls.checkoutGoal}.`,
      '',
      md(['Operation', 'Measured', 'Minimum', 'Calls'], r.calls.rows.map(row => [row.operation, String(row.measured), String(row.minimum), Object.entries(row.calls).map(([key, n]) => `${key}${n > 1 ? ` ×${n}` : ''}`).join(', ')])))
  }
  if (r.soak !== undefined) {
    const s = r.soak
    parts.push('', '## 4. Memory under a soak',
      '',
      `${s.requests} requests to one bridge (SQLite), ${o.soakInFlight} in flight: ${s.updates} new bill_to updates (against the emulator, no latency) and replays of earlier request_ids picked at random, so the replay cache fills and evicts. RSS of the bridge's process from /proc: at the start, the peak (sampled every 250 ms), at the end, and after ${o.quick ? 0.2 : 5} s idle.`,
      '',
      md(['req/s', 'p50 ms', 'p99 ms', 'Failed', 'RSS start MB', 'RSS peak MB', 'RSS end MB', 'RSS after MB', 'Disk ÷ updates B'], [[f(s.rps, 0), f(s.p50, 2), f(s.p99, 2), String(s.failed), f(s.rssStartMb, 0), f(s.rssPeakMb, 0), f(s.rssEndMb, 0), f(s.rssAfterMb, 0), f(s.diskBytesPerAnswer, 0)]]),
      ...(s.failed === 0 ? [] : ['', 'Failures: ' + Object.entries(s.failures).map(([kind, n]) => `${kind} × ${n}`).join('; ')]))
  }
  if (r.startup !== undefined) {
    parts.push('', '## 5. Start-up',
      '',
      'From spawning the server process (new data directory, the emulator\'s store) to its first 200 from `/health`, polled every 5 ms; median of the runs.',
      '',
      md(['Entry', 'Median ms', 'Runs ms'], r.startup.entries.map(e => [e.entry, f(e.ms, 0), e.rounds.map(n => f(n, 0)).join(', ')])))
  }
  if (r.profiles !== undefined && r.profiles.length > 0) {
    parts.push('', '## CPU profiles of the bridge (BENCH_PROFILE=1)',
      '',
      'Self time of the busy samples (idle excluded) of each bridge process, over its whole life (start-up and preparation included); profiling slows it, so the numbers above come from a run without it.')
    for (const p of r.profiles) {
      parts.push('', `### ${p.label} (${p.busySamples} samples)`, '',
        md(['Area', 'Share'], p.areas.map(a => [a.name, `${f(a.share * 100)}%`])),
        '',
        md(['Function', 'Share'], p.functions.map(a => [`\`${a.name}\``, `${f(a.share * 100)}%`])))
    }
  }
  return parts.join('\n') + '\n'
}
