/**
 * BigCommerce's `signed_payload_jwt` (the /load, /uninstall and /remove_user callbacks), verified
 * with jose as bigcommerce.md §5.3 says and BigCommerce's own Node client does not: HS256 only,
 * keyed with the app's client secret, `aud` = our client id (the check the official sample skips),
 * `iss` = `bc`, `exp`/`nbf` with a small skew, and a `sub` of the form `stores/{hash}`.
 *
 * Every failure is one InvalidSignedPayload (401). Its `reason` says which check failed, for our
 * logs; neither it nor the message repeats any part of the token.
 */
import { errors, jwtVerify } from 'jose'

export const SIGNED_PAYLOAD_ISSUER = 'bc'
export const STORE_SUBJECT = /^stores\/([a-z0-9]+)$/
/** BigCommerce's and our clocks may differ a little; the token lives 24 h anyway. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60
/** Real payloads are well under 2 KiB; a bound keeps parsing cheap whatever a caller sends. */
const MAX_TOKEN_LENGTH = 8 * 1024

export interface SignedPayload {
  storeHash: string
  user: { id: number, email?: string }
  owner?: { id: number, email?: string }
  /** The deep link inside the app the control panel asks for; always root-relative (`/` by default). */
  url: string
  channelId: number | null
}

export class InvalidSignedPayload extends Error {
  readonly statusCode = 401
  /** Which check failed (for logs); never part of the token. */
  readonly reason: string
  constructor (reason: string) {
    super('The signed_payload_jwt is missing, invalid or expired. Open the app again from the BigCommerce control panel.')
    this.name = 'InvalidSignedPayload'
    this.reason = reason
  }
}

export interface SignedPayloadVerifierOptions {
  clientId: string
  clientSecret: string
  clockToleranceSeconds?: number
  /** Epoch milliseconds; tests inject a clock. */
  now?: () => number
}

export type SignedPayloadVerifier = (token: unknown) => Promise<SignedPayload>

export function createSignedPayloadVerifier (options: SignedPayloadVerifierOptions): SignedPayloadVerifier {
  const key = new TextEncoder().encode(options.clientSecret)
  const now = options.now ?? Date.now
  return async (token) => {
    if (typeof token !== 'string' || token === '') throw new InvalidSignedPayload('missing')
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidSignedPayload('too long')
    let payload: Record<string, unknown>
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        audience: options.clientId,
        issuer: SIGNED_PAYLOAD_ISSUER,
        clockTolerance: options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(now()),
        requiredClaims: ['exp', 'nbf', 'sub']
      }))
    } catch (err) {
      throw new InvalidSignedPayload(reasonOf(err))
    }
    return claimsOf(payload)
  }
}

/** jose's error, as a short reason that never quotes the token. */
function reasonOf (err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'expired'
  if (err instanceof errors.JWTClaimValidationFailed) return `claim ${err.claim} ${err.reason}`
  if (err instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed'
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'bad signature'
  if (err instanceof errors.JOSEError) return err.code
  return 'unreadable'
}

function claimsOf (payload: Record<string, unknown>): SignedPayload {
  const subject = typeof payload.sub === 'string' ? STORE_SUBJECT.exec(payload.sub) : null
  if (subject === null) throw new InvalidSignedPayload('sub is not stores/{hash}')
  const user = personOf(payload.user)
  if (user === undefined) throw new InvalidSignedPayload('user has no id')
  const url = payload.url === undefined ? '/' : payload.url
  // A deep link we might follow must stay inside the app: root-relative, not `//host`.
  if (typeof url !== 'string' || !url.startsWith('/') || url.startsWith('//') || url.includes('\\')) {
    throw new InvalidSignedPayload('url is not root-relative')
  }
  const channel = payload.channel_id
  if (channel !== undefined && channel !== null && !Number.isSafeInteger(channel)) throw new InvalidSignedPayload('channel_id is not an integer')
  return {
    storeHash: subject[1] as string,
    user,
    owner: personOf(payload.owner),
    url,
    channelId: typeof channel === 'number' ? channel : null
  }
}

function personOf (value: unknown): { id: number, email?: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const { id, email } = value as { id?: unknown, email?: unknown }
  if (!Number.isSafeInteger(id)) return undefined
  return typeof email === 'string' ? { id: id as number, email } : { id: id as number }
}
