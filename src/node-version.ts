/**
 * The oldest Node the bridge runs on is package.json's `engines.node` (undici 8 needs 22.19; an
 * older Node fails inside it with an error that names neither Node nor its version). server.ts
 * checks before loading anything else, so an old Node is refused in one line instead.
 * Plain JavaScript syntax only: this runs on whatever Node the operator has.
 */
import { readFileSync } from 'node:fs'

/** `engines.node` of the package.json next to src/ (or dist/), which must read `>=X.Y` or `>=X.Y.Z`. */
export function minimumNodeVersion (): string {
  const engines = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { engines?: { node?: unknown } }).engines?.node
  const minimum = typeof engines === 'string' ? /^>=\s*(\d+\.\d+(?:\.\d+)?)$/.exec(engines.trim())?.[1] : undefined
  if (minimum === undefined) throw new Error(`package.json engines.node must read ">=X.Y.Z", not ${JSON.stringify(engines)}`)
  return minimum
}

/** Whether `running` (e.g. process.versions.node, '20.20.2') is older than `minimum` ('22.19' or '22.19.0'). */
export function isOlderThan (running: string, minimum: string): boolean {
  const have = running.split('.').map(Number)
  const need = minimum.split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    const difference = (have[i] ?? 0) - (need[i] ?? 0)
    if (difference !== 0) return difference < 0
  }
  return false
}

/** The line refusing this Node, or undefined when it is recent enough. */
export function nodeVersionProblem (running: string = process.versions.node): string | undefined {
  const minimum = minimumNodeVersion()
  if (!isOlderThan(running, minimum)) return undefined
  return `Cannot start: Node ${running} is too old; the bridge needs Node ${minimum} or newer (package.json "engines"): install a newer one (the Docker image runs Node 24)`
}
