/**
 * BENCH_PROFILE=1: the bridges run with `--cpu-prof`, and each profile is summed up for the
 * report: where the busy CPU time went (idle excluded), by package or source area and by function,
 * self time. It is what a missed goal's note points at.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface ProfileShare { name: string, share: number }
export interface ProfileSummary { label: string, busySamples: number, areas: ProfileShare[], functions: ProfileShare[] }

interface CpuProfile { nodes: { callFrame: { functionName: string, url: string, lineNumber: number }, hitCount?: number }[] }

const IDLE = new Set(['(idle)', '(program)'])

/** `node_modules/pino/…` → pino; `…/src/idempotency/…` → src/idempotency; `node:internal/…` → node:internal/…'s first part. */
function areaOf (url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (pkg !== null) return pkg[1]
  const source = /\/(src\/[^/]+)\//.exec(url)
  if (source !== null) return source[1]
  const internal = /^node:(internal\/[^/]+|[^/]+)/.exec(url)
  return internal !== null ? `node:${internal[1]}` : url
}

/** A readable place for a function: the path below node_modules/ or from src/, else the URL. */
function placeOf (url: string): string {
  const short = /(?:node_modules\/|\/(?=src\/))(.*)$/.exec(url)
  return short !== null ? short[1] : url
}

function top (counts: Map<string, number>, total: number, n: number): ProfileShare[] {
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n).map(([name, count]) => ({ name, share: count / total }))
}

/** The summary of every profile in `dir` (one process each, summed). */
export async function summarizeProfiles (label: string, dir: string, n = 12): Promise<ProfileSummary> {
  const areas = new Map<string, number>()
  const functions = new Map<string, number>()
  let busy = 0
  for (const file of (await readdir(dir)).filter(name => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile
    for (const { callFrame: frame, hitCount = 0 } of profile.nodes) {
      if (hitCount === 0 || IDLE.has(frame.functionName)) continue
      busy += hitCount
      const area = areaOf(frame.url, frame.functionName)
      areas.set(area, (areas.get(area) ?? 0) + hitCount)
      const name = `${frame.functionName === '' ? '(anonymous)' : frame.functionName} ${frame.url === '' ? area : `${placeOf(frame.url)}:${frame.lineNumber + 1}`}`
      functions.set(name, (functions.get(name) ?? 0) + hitCount)
    }
  }
  return { label, busySamples: busy, areas: top(areas, busy, n), functions: top(functions, busy, n) }
}
