/**
 * The settings page's session. The page lives in the control panel's iframe, a third-party context
 * where browsers drop cookies, so /load hands the page a short-lived token instead, in a hidden form
 * field; the form sends it back. It is not ambient (a cross-site form cannot know it), so it is also
 * the page's CSRF token.
 *
 * HS256 with a key derived from the app's client secret by HKDF under a label of its own: the secret
 * stays one setting, yet a token BigCommerce signed (signed_payload_jwt, keyed by the raw secret)
 * is never a session, nor a session a signed_payload_jwt. It names the store and the user the
 * verified /load named, nothing else (no email: it travels in the page).
 */
import { hkdfSync } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'

/** Who opened the app, from the verified signed_payload_jwt of /load. */
export interface SettingsSession {
  storeHash: string
  userId: number
  /** The user's email, for the page only; never logged, never put in the session token. */
  userEmail?: string
}

/** One hour: long enough to fill in the form, short enough that a leaked page soon stops working. */
export const SESSION_TTL_SECONDS = 60 * 60

const HKDF_LABEL = 'fast-bigcommerce settings-page session v1'
const AUDIENCE = 'fast-bigcommerce:settings'
const SUBJECT = /^stores\/([a-z0-9]{1,32})$/

export interface SessionTokenOptions {
  clientSecret: string
  /** The app's public URL (APP_URL): its origin is the tokens' issuer. */
  appUrl: string
  /** The clock, in milliseconds; tests pass their own. */
  now?: () => number
}

export interface SessionTokens {
  issue (session: SettingsSession): Promise<string>
  /** The session the token names; throws InvalidSessionError when it is forged, expired or malformed. */
  verify (token: string): Promise<SettingsSession>
}

export class InvalidSessionError extends Error {
  constructor (cause?: unknown) {
    // The message says nothing about the token: it may be logged.
    super('settings session token refused', { cause })
    this.name = 'InvalidSessionError'
  }
}

export function sessionKey (clientSecret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', clientSecret, new Uint8Array(0), HKDF_LABEL, 32))
}

export function createSessionTokens (options: SessionTokenOptions): SessionTokens {
  const key = sessionKey(options.clientSecret)
  const issuer = new URL(options.appUrl).origin
  const now = options.now ?? Date.now
  return {
    async issue (session) {
      const issuedAt = Math.floor(now() / 1000)
      return await new SignJWT({ uid: session.userId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(`stores/${session.storeHash}`)
        .setIssuer(issuer)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + SESSION_TTL_SECONDS)
        .sign(key)
    },
    async verify (token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer,
          audience: AUDIENCE,
          requiredClaims: ['exp', 'sub', 'uid'],
          currentDate: new Date(now()),
          clockTolerance: 5
        })
        const storeHash = SUBJECT.exec(payload.sub ?? '')?.[1]
        const userId = payload.uid
        if (storeHash === undefined || typeof userId !== 'number' || !Number.isSafeInteger(userId)) throw new Error('unexpected claims')
        return { storeHash, userId }
      } catch (err) {
        throw new InvalidSessionError(err)
      }
    }
  }
}
