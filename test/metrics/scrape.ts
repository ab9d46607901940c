/**
 * Reads /metrics the way Prometheus does: a line parser for the text exposition format (0.0.4)
 * that refuses any line it cannot read, so a test that scrapes also checks the format.
 */
import type { FastifyInstance } from 'fastify'

export interface Sample {
  name: string
  labels: Record<string, string>
  value: number
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/y
const COMMENT = /^# (?:HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (?:counter|gauge|histogram|summary|untyped))$/

export function parseExposition (text: string): Sample[] {
  const samples: Sample[] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    if (line.startsWith('#')) {
      if (!COMMENT.test(line)) throw new Error(`not a HELP or TYPE line: ${line}`)
      continue
    }
    const match = SAMPLE.exec(line)
    if (match === null) throw new Error(`not a sample line: ${line}`)
    const [, name, labelText = '', valueText] = match
    const labels: Record<string, string> = {}
    LABEL.lastIndex = 0
    while (LABEL.lastIndex < labelText.length) {
      const label = LABEL.exec(labelText)
      if (label === null) throw new Error(`bad labels in: ${line}`)
      labels[label[1]] = label[2].replace(/\\(.)/g, (_, c: string) => c === 'n' ? '\n' : c)
    }
    // Prometheus reads values with Go's ParseFloat: NaN in any case (prom-client writes `Nan`), ±Inf.
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText)
    if (Number.isNaN(value) && valueText.toLowerCase() !== 'nan') throw new Error(`bad value in: ${line}`)
    samples.push({ name, labels, value })
  }
  return samples
}

export async function scrape (app: FastifyInstance): Promise<Sample[]> {
  const response = await app.inject({ method: 'GET', url: '/metrics' })
  if (response.statusCode !== 200) throw new Error(`/metrics answered ${response.statusCode}`)
  return parseExposition(response.body)
}

/** The sum of a metric's samples whose labels include `labels` (0 when none). */
export function sumOf (samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter(sample => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0)
}
