/**
 * Records the bridge's BigCommerce exchanges as fixtures (RECORD_FIXTURES, development only): every
 * answered call becomes one nock.define() file `<dir>/NN-<what>.json` in the layout and format of
 * fixtures/bigcommerce/ (see its README), so a scenario recorded against a real store replays the
 * way the committed ones do.
 *
 * - NN counts the calls in the order they are sent; calls in flight together share a number (they
 *   may be answered in either order, and replay accepts either).
 * - What a real store would leak is rewritten before anything is written: the access token becomes
 *   `test-access-token`, every store hash `rbozo853xi` (paths, bodies, URLs in bodies), the API
 *   origin https://api.bigcommerce.com, and shopper data fixed stand-ins (./shopper-data.ts).
 * - The first exchange clears the folder's earlier NN-*.json files: one bridge run, one scenario.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Dispatcher } from 'undici'
import { exchangeInterceptor, type OutgoingRequest } from './exchange-interceptor.js'
import { fixtureName } from './fixture-names.js'
import { createShopperRedaction } from './shopper-data.js'

/** The fixtures' store and token (seed 000's store), which the replay helpers expect. */
export const FIXTURE_STORE_HASH = 'rbozo853xi'
export const FIXTURE_ACCESS_TOKEN = 'test-access-token'
const API_ORIGIN = 'https://api.bigcommerce.com'
const FIXTURE_SCOPE = `${API_ORIGIN}:443`
const FIXTURE_FILE = /^\d+-.+\.json$/

export interface FixtureRecordingOptions {
  /** The scenario's folder, created if need be. */
  dir: string
  /**
   * Write shopper data as it is: only for the emulator's invented shopper, whose fixtures the
   * use-case tests replay with the very Fast requests that recorded them.
   */
  keepShopperData?: boolean
  /** Told of a fixture that could not be written; the call itself is not affected. */
  onError?: (err: unknown) => void
}

export interface FixtureRecording {
  /** To compose on the BigCommerce client's dispatcher. */
  interceptor: Dispatcher.DispatcherComposeInterceptor
  /**
   * A Fast request or answer with this recording's stand-ins for shopper data: what a replay of
   * the fixtures must be sent, and will answer.
   */
  redact: <T>(value: T) => T
  /** The files written so far, in the order written. */
  files: () => string[]
}

/** One fixture file's content (nock.define()). */
export interface FixtureDefinition {
  scope: string
  method: string
  /** path with the query string written literally ('?include=a,b'); nock compares decoded query values */
  path: string
  /** request body; nock deep-compares it with the JSON request body. Absent = any body. */
  body?: unknown
  status: number
  response?: unknown
  reqheaders: Record<string, string>
}

export function createFixtureRecording (options: FixtureRecordingOptions): FixtureRecording {
  const shoppers = createShopperRedaction()
  /** Replaced in every text written: access tokens and API origins, by their stand-ins... */
  const secrets = new Map<string, string>()
  /** ...and store hashes, as whole words only (`/stores/<hash>/`, `s-<hash>`), never inside an id. */
  const hashes = new Map<string, RegExp>()
  const written: string[] = []
  let step = 0
  let inFlight = 0
  let cleared = false

  function scrub (text: string): string {
    let result = text
    for (const [secret, standIn] of secrets) result = result.replaceAll(secret, standIn)
    for (const word of hashes.values()) result = result.replace(word, FIXTURE_STORE_HASH)
    return result
  }

  function remember (request: OutgoingRequest): void {
    const token = request.headers['x-auth-token']
    if (token !== undefined && token !== '' && token !== FIXTURE_ACCESS_TOKEN) secrets.set(token, FIXTURE_ACCESS_TOKEN)
    const hash = /\/stores\/([^/?]+)/.exec(request.path)?.[1]
    if (hash !== undefined && hash !== FIXTURE_STORE_HASH && !hashes.has(hash)) {
      hashes.set(hash, new RegExp(`(?<![A-Za-z0-9])${hash.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`, 'g'))
    }
    const origin = request.origin.replace(/\/$/, '')
    if (origin !== '' && origin !== API_ORIGIN && origin !== FIXTURE_SCOPE) secrets.set(origin, API_ORIGIN)
  }

  function fixtureOf (request: OutgoingRequest, status: number, answer: string): FixtureDefinition {
    const body = parsed(scrub(request.body ?? ''))
    const response = parsed(scrub(answer))
    let path = scrub(decodeURIComponent(request.path))
    // Whatever an API URL puts before the store (a proxy's prefix) is not BigCommerce's.
    path = path.slice(Math.max(0, path.indexOf('/stores/')))
    const keep = options.keepShopperData === true
    if (!keep) {
      shoppers.learn(body)
      shoppers.learn(response)
      path = redactQuery(path, shoppers.queryValue)
    }
    const contentType = request.headers['content-type']
    return {
      scope: FIXTURE_SCOPE,
      method: request.method,
      path,
      ...(body === undefined ? {} : { body: keep ? body : shoppers.apply(body) }),
      status,
      ...(response === undefined ? {} : { response: keep ? response : shoppers.apply(response) }),
      // The Content-Type the bridge declared is kept: createOrder requires it even without a body.
      reqheaders: { 'x-auth-token': FIXTURE_ACCESS_TOKEN, ...(contentType === undefined ? {} : { 'content-type': contentType }) }
    }
  }

  function write (at: number, fixture: FixtureDefinition): void {
    const { dir } = options
    if (!cleared) {
      mkdirSync(dir, { recursive: true })
      for (const name of readdirSync(dir)) if (FIXTURE_FILE.test(name)) rmSync(join(dir, name))
      cleared = true
    }
    const base = `${String(at).padStart(2, '0')}-${fixtureName({ method: fixture.method, path: fixture.path, body: fixture.body, status: fixture.status })}`
    let file = `${base}.json`
    // The same call twice in one step (two identical reads in flight together).
    for (let n = 2; written.includes(file); n++) file = `${base}-${n}.json`
    writeFileSync(join(dir, file), JSON.stringify(fixture, null, 2) + '\n')
    written.push(file)
  }

  const interceptor = exchangeInterceptor({
    sent (request) {
      if (inFlight === 0) step++
      inFlight++
      const at = step
      remember(request)
      return {
        answered (status, answer) {
          inFlight--
          try {
            write(at, fixtureOf(request, status, answer.toString('utf8')))
          } catch (err) {
            options.onError?.(err)
          }
        },
        failed () {
          // No answer, nothing to replay: the retry (if any) is recorded as the next call.
          inFlight--
        }
      }
    }
  })

  return {
    interceptor,
    redact: value => options.keepShopperData === true ? value : shoppers.apply(value),
    files: () => [...written]
  }
}

function parsed (text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** The query's values that are shopper data (`email:in=…`), replaced; the rest written literally. */
function redactQuery (path: string, redact: (name: string, value: string) => string): string {
  const at = path.indexOf('?')
  if (at < 0) return path
  const query = path.slice(at + 1).split('&').map(pair => {
    const equals = pair.indexOf('=')
    return equals < 0 ? pair : `${pair.slice(0, equals)}=${redact(pair.slice(0, equals), pair.slice(equals + 1))}`
  })
  return `${path.slice(0, at)}?${query.join('&')}`
}
