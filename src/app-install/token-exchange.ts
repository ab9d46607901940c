/**
 * The install's token exchange (bigcommerce.md §5.2): the code BigCommerce gave /auth becomes the
 * store's access token at `${BIGCOMMERCE_LOGIN_URL}/oauth2/token`. The answer is checked before
 * anything is kept: a token, scopes, a user, and the very store (`context`) we asked about.
 *
 * Failures are TokenExchangeError: `refused` (the login host said no: a used, expired or forged
 * code), `client_refused` (it refused the app itself: our client id or secret, RFC 6749 §5.2's
 * `invalid_client`, answered 401), `unreachable` (no answer in time) or `invalid_answer`. None
 * carries the code, the secret or the token.
 */
import { Agent, request, type Dispatcher } from 'undici'
import { parseScopes } from './scopes.js'

export const DEFAULT_TOKEN_EXCHANGE_TIMEOUT_MS = 10_000
const MAX_ANSWER_BYTES = 64 * 1024

export interface TokenExchangeOptions {
  loginUrl: string
  clientId: string
  clientSecret: string
  /** The registered auth callback, `${APP_URL}/auth`: BigCommerce refuses any other. */
  redirectUri: string
  timeoutMs?: number
  /** undici dispatcher; tests inject one. */
  dispatcher?: Dispatcher
  userAgent?: string
}

export interface InstallGrant {
  accessToken: string
  /** The scopes BigCommerce granted (not the ones /auth's query claimed). */
  scopes: string[]
  storeHash: string
  user: { id: number, email?: string }
}

export class TokenExchangeError extends Error {
  readonly kind: 'refused' | 'client_refused' | 'unreachable' | 'invalid_answer'
  /** The login host's HTTP status, when it answered. */
  readonly status?: number
  constructor (kind: TokenExchangeError['kind'], message: string, status?: number) {
    super(message)
    this.name = 'TokenExchangeError'
    this.kind = kind
    this.status = status
  }
}

export interface TokenExchange {
  exchange (callback: { code: string, scope: string, context: string }): Promise<InstallGrant>
  close (): Promise<void>
}

export function createTokenExchange (options: TokenExchangeOptions): TokenExchange {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TOKEN_EXCHANGE_TIMEOUT_MS
  const ownAgent = options.dispatcher === undefined
    ? new Agent({ connect: { timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs })
    : undefined
  const dispatcher = options.dispatcher ?? ownAgent as Agent
  const url = new URL('/oauth2/token', options.loginUrl)

  async function post (body: string): Promise<{ status: number, answer: unknown }> {
    try {
      const res = await request(url, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }) },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs)
      })
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length
        if (size > MAX_ANSWER_BYTES) {
          res.body.destroy()
          throw new TokenExchangeError('invalid_answer', 'The login host answered more than we read', res.statusCode)
        }
        chunks.push(chunk as Buffer)
      }
      let answer: unknown
      try {
        answer = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        answer = undefined
      }
      return { status: res.statusCode, answer }
    } catch (err) {
      if (err instanceof TokenExchangeError) throw err
      throw new TokenExchangeError('unreachable', `The login host did not answer (${(err as { code?: string }).code ?? (err as Error).name})`)
    }
  }

  return {
    async exchange ({ code, scope, context }) {
      const { status, answer } = await post(JSON.stringify({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        code,
        context,
        scope,
        grant_type: 'authorization_code',
        redirect_uri: options.redirectUri
      }))
      // Not the merchant's code but our credentials: installing again cannot help, the operator must act.
      if (status === 401 || oauthErrorOf(answer) === 'invalid_client') {
        throw new TokenExchangeError('client_refused', `The login host refused the app's client id or secret (HTTP ${status})`, status)
      }
      if (status >= 400 && status < 500) throw new TokenExchangeError('refused', `The login host refused the install code (HTTP ${status})`, status)
      if (status !== 200) throw new TokenExchangeError('unreachable', `The login host failed (HTTP ${status})`, status)
      return grantOf(answer, context)
    },
    async close () {
      await ownAgent?.close()
    }
  }
}

/** RFC 6749 §5.2's `error` code of an error answer, when there is one. */
function oauthErrorOf (answer: unknown): unknown {
  return typeof answer === 'object' && answer !== null ? (answer as { error?: unknown }).error : undefined
}

function grantOf (answer: unknown, requestedContext: string): InstallGrant {
  const invalid = (what: string): TokenExchangeError => new TokenExchangeError('invalid_answer', `The login host's answer ${what}`, 200)
  if (typeof answer !== 'object' || answer === null) throw invalid('is not a JSON object')
  const { access_token: accessToken, scope, context, user } = answer as Record<string, unknown>
  if (typeof accessToken !== 'string' || accessToken === '' || accessToken.length > 256) throw invalid('has no access_token')
  if (typeof scope !== 'string') throw invalid('has no scope')
  // The token must be for the store the control panel named, not another one.
  if (context !== requestedContext) throw invalid('is for another store than the one installing')
  const id = (user as { id?: unknown } | null | undefined)?.id
  if (typeof user !== 'object' || user === null || !Number.isSafeInteger(id)) throw invalid('has no user')
  const email = (user as { email?: unknown }).email
  return {
    accessToken,
    scopes: parseScopes(scope),
    storeHash: requestedContext.slice('stores/'.length),
    user: typeof email === 'string' ? { id: id as number, email } : { id: id as number }
  }
}
