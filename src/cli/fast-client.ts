/**
 * Calls the bridge the way Fast does: POST /fast/v1/<operation> with a freshly signed RS256
 * token whose audience is the store's Fast App ID. Used by `npm run fast` and `npm run demo`.
 * What goes wrong on the way (no bridge, no answer, an answer that is not JSON, no sandbox key)
 * is a CliFailure that says what to do.
 */
import { request } from 'undici'
import type { FastOperation } from '../fast/operations.js'
import type { FastSigner } from '../fast/signer.js'
import { CliFailure } from './failure.js'
import { sandboxSigner, type SandboxClientSettings } from './sandbox-settings.js'

export interface FastAnswer {
  statusCode: number
  replayed: boolean
  body: any
}

export interface FastClient {
  call(operation: FastOperation, body: unknown): Promise<FastAnswer>
}

export interface FastClientOptions {
  bridgeUrl: string
  signer: FastSigner
  fastAppId: string
  /** How long to wait for the answer's headers, then for its body. Default 30 s, above the bridge's own deadline. */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 30_000
/** Socket errors meaning nothing answers at that address. */
const NOT_LISTENING = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'])
const TIMED_OUT = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'])

export function createFastClient (options: FastClientOptions): FastClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return {
    async call (operation, body) {
      const url = `${options.bridgeUrl}/fast/v1/${operation}`
      let statusCode: number
      let replayed: boolean
      let text: string
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.signer.sign({ aud: options.fastAppId })}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs
        })
        statusCode = response.statusCode
        replayed = response.headers['idempotent-replayed'] === 'true'
        text = await response.body.text()
      } catch (err) {
        throw requestFailure(err, options.bridgeUrl, timeoutMs)
      }
      return { statusCode, replayed, body: text === '' ? undefined : parseAnswer(text, url, statusCode) }
    }
  }
}

function parseAnswer (text: string, url: string, statusCode: number): unknown {
  try {
    return JSON.parse(text)
  } catch {
    const start = text.slice(0, 60).replace(/\s+/g, ' ').trim()
    throw new CliFailure(`${url} answered HTTP ${statusCode} with something that is not JSON ("${start}${text.length > 60 ? '...' : ''}"): is FAST_BRIDGE_URL (or PORT/HOST) the bridge's address?`)
  }
}

/** The one line for an error of the request itself, or the error when it is not one we expect. */
function requestFailure (err: unknown, bridgeUrl: string, timeoutMs: number): unknown {
  const code = errorCode(err)
  if (code !== undefined && NOT_LISTENING.has(code)) {
    return new CliFailure(`no bridge at ${bridgeUrl}: start it with \`npm start\`, and run this with the PORT, HOST and DATA_DIR it runs with (or set FAST_BRIDGE_URL)`)
  }
  if (code !== undefined && TIMED_OUT.has(code)) {
    return new CliFailure(`the bridge at ${bridgeUrl} did not answer within ${timeoutMs / 1000} s: is it stuck, or is that address another server's?`)
  }
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') {
    return new CliFailure(`the bridge at ${bridgeUrl} closed the connection without answering: see its log`)
  }
  return err
}

/** Node reports a refused connection to a name with several addresses as an AggregateError. */
function errorCode (err: unknown): string | undefined {
  const { code, errors } = err as { code?: unknown, errors?: unknown }
  if (typeof code === 'string') return code
  if (Array.isArray(errors) && errors.length > 0) return errorCode(errors[0])
  return undefined
}

/** A client signing with the sandbox key, for the bridge the environment names. */
export function sandboxClient (settings: SandboxClientSettings): FastClient {
  return createFastClient({ bridgeUrl: settings.bridgeUrl, signer: sandboxSigner(settings), fastAppId: settings.fastAppId })
}
