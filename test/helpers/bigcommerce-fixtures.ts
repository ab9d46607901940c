/*
 * Replay recorded BigCommerce exchanges (fixtures/bigcommerce/<scenario>/NN-<what>.json) with nock 15.
 *
 * API:
 *   replayScenario(t, scenario, files?, options?): Replay
 *     t         the tap test (only teardown() and fail() are used)
 *     scenario  folder name under fixtures/bigcommerce/, e.g. 'seed-000-checkout'
 *     files     fixture file names in that folder (with or without '.json'); all of them, sorted, when omitted
 *     options   { ordered?: boolean } (default true): fail when an exchange is used before an earlier one
 *   Replay
 *     files       the file names loaded, in order
 *     scopes      the nock scopes, one per file
 *     replayed()  how many exchanges have been answered so far (for call-count assertions)
 *     pending()   nock.pendingMocks() of this replay's scopes
 *     assertDone() fail the test now if an exchange is unused (runs by itself when the test body ends)
 *
 *   loadFixture(scenario, file): FixtureDefinition   one parsed fixture file
 *   listScenarioFiles(scenario): string[]             its NN-*.json files, sorted
 *   FIXTURES_DIR                                      absolute path of fixtures/bigcommerce
 *
 * What replayScenario guards against (nock 15 sharp edges, spec/toolchain.md §2b):
 *   - an unmatched request to a host nock knows gets a synthetic HTTP 501 that the bridge would take for an
 *     upstream 5xx, so the 'no match' event fails the test at once (loopback is exempt: tests run a local
 *     JWKS server and loopback fakes, which nock lets through after emitting 'no match' too);
 *   - a request to any other host is refused (disableNetConnect, loopback allowed);
 *   - a fixture that was never used fails the test when its body ends (scope.isDone(), pendingMocks()
 *     reported); t.teardown() then removes every nock interceptor (nock.cleanAll()) and the listener.
 * Identical requests (e.g. two GETs of the same checkout) are answered in file order because nock consumes
 * interceptors in the order they were defined; `ordered` additionally catches a call made too early.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import nock from 'nock'
import type { FixtureDefinition } from '../../src/bigcommerce/recorder/fixture-recording.js'

export const FIXTURES_DIR = resolve(import.meta.dirname, '../../fixtures/bigcommerce')

/** The nock.define() format, as our fixture files use it (the recorder writes them). */
export type { FixtureDefinition }

export interface Replay {
  files: string[]
  scopes: nock.Scope[]
  replayed: () => number
  pending: () => string[]
  /** fails the test if an exchange is unused; runs by itself when the test body ends */
  assertDone: () => void
}

export interface ReplayOptions {
  ordered?: boolean
}

/** The part of a tap Test the helper needs (kept structural so any tap version's Test fits). */
export interface ReplayTest {
  teardown (fn: () => unknown): void
  fail (...args: [message: string] | [message: string, extra: Record<string, unknown>]): unknown
  /** tap's TestBase; its onbeforeend hook runs the end-of-test check */
  t?: { onbeforeend?: () => unknown }
}

// Loopback is for the local JWKS server and fake BC servers used by timeout tests.
const LOOPBACK = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/

/** A fixture's step: the number its name starts with. */
function step (name: string): number {
  return Number.parseInt(name, 10)
}

export function listScenarioFiles (scenario: string): string[] {
  return readdirSync(join(FIXTURES_DIR, scenario))
    .filter((name) => /^\d+-.+\.json$/.test(name))
    .sort()
}

export function loadFixture (scenario: string, file: string): FixtureDefinition {
  const name = file.endsWith('.json') ? file : `${file}.json`
  return JSON.parse(readFileSync(join(FIXTURES_DIR, scenario, name), 'utf8')) as FixtureDefinition
}

export function replayScenario (t: ReplayTest, scenario: string, files?: string[], options: ReplayOptions = {}): Replay {
  const ordered = options.ordered ?? true
  const names = (files ?? listScenarioFiles(scenario)).map((f) => f.endsWith('.json') ? f : `${f}.json`)
  const scopes: nock.Scope[] = []
  let replayed = 0

  nock.disableNetConnect()
  nock.enableNetConnect((host: string) => LOOPBACK.test(host))

  names.forEach((name) => {
    const [scope] = nock.define([loadFixture(scenario, name) as nock.Definition])
    if (scope === undefined) throw new Error(`${scenario}/${name} defined no scope`)
    scope.on('request', () => {
      replayed++
      if (!ordered) return
      // Files sharing a number are one step whose calls go out together, in either order.
      const skipped = names.filter((other, i) => step(other) < step(name) && !(scopes[i] as nock.Scope).isDone())
      if (skipped.length > 0) {
        t.fail(`BigCommerce exchange ${scenario}/${name} was used before ${skipped.join(', ')}`)
      }
    })
    scopes.push(scope)
  })

  const onNoMatch = (req: Request, results?: unknown[]): void => {
    const url = new URL(req.url)
    if (LOOPBACK.test(url.host)) return
    t.fail(`no recorded BigCommerce exchange matches ${req.method} ${url.pathname}${url.search}`, {
      scenario,
      closest: (results ?? []).slice(0, 3).map((r) => {
        const { interceptor, reasons } = r as { interceptor: { _key?: string }, reasons: string[] }
        return { interceptor: interceptor._key, reasons }
      })
    })
  }
  nock.emitter.on('no match', onNoMatch)

  // Checked when the test body has finished, while assertions still count. tap 21 runs t.teardown()
  // callbacks only after the test's TAP stream has ended, where a t.fail() is misreported (verified), so the
  // check hooks TestBase#onbeforeend, the extension point tap's own t.emits() uses. assertDone() is public
  // for tests (or test runners) without that hook.
  let checked = false
  const assertDone = (): void => {
    if (checked) return
    checked = true
    const unused = names.filter((_, i) => !(scopes[i] as nock.Scope).isDone())
    if (unused.length > 0) {
      t.fail(`recorded BigCommerce exchanges were not used: ${unused.map((n) => `${scenario}/${n}`).join(', ')}`, {
        pending: scopes.flatMap((s) => s.pendingMocks())
      })
    }
  }
  const base = t.t
  if (base !== undefined && typeof base.onbeforeend === 'function') {
    const previous = base.onbeforeend
    base.onbeforeend = function (this: unknown) {
      assertDone()
      return previous.call(this)
    }
  }

  t.teardown(() => {
    nock.emitter.removeListener('no match', onNoMatch)
    // Without the hook, reporting late is still better than not reporting.
    assertDone()
    nock.cleanAll()
  })

  return {
    files: names,
    scopes,
    replayed: () => replayed,
    pending: () => scopes.flatMap((s) => s.pendingMocks()),
    assertDone
  }
}
