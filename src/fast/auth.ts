/**
 * Authentication of Fast's calls, as Fast documents it ("Validating Calls From Fast"):
 * `Authorization: Bearer <JWT>`, RS256, header `kid` selects a key of Fast's JWKS, claims `iss` = Fast's issuer,
 * `aud` = the store's Fast App ID, `exp` in the future, `iat` not in the future.
 *
 * Usage (the Fastify hook):
 *   const auth = createFastAuthenticator({ jwksUrl: config.FAST_JWKS_URL, issuer: config.FAST_ISSUER })
 *   const claims = await auth.authenticate(req.headers.authorization, {
 *     isKnownAudience: async (appId) => (await store.findByAppId(appId)) !== undefined
 *   })
 *   // claims.aud is the Fast App ID that selects the store
 *
 * The audience check is a required argument on purpose: a verifier whose audience check can be forgotten is how
 * BigCommerce's own client ended up skipping it (guarantees §3.2). `isKnownAudience` runs last, after the
 * signature and every other claim passed, so that forged or expired tokens never cost a database lookup.
 *
 * Every failure is a FastError (see ./errors.js): 401 UNAUTHENTICATED with a short reason that never contains the token (nor
 * any attacker-chosen part of it such as the kid), or 503 JWKS_UNAVAILABLE when Fast's keys cannot be fetched
 * and no cached key can decide. Nothing here logs.
 */
import { verify, type KeyObject } from 'node:crypto'
import type { Dispatcher } from 'undici'
import { unauthorized } from './errors.js'
import {
  createJwksKeySource, DEFAULT_FAST_JWKS_URL, isPlainObject,
  type JwksKeySource, type JwksKeySourceOptions
} from './jwks.js'

export { DEFAULT_FAST_JWKS_URL }
export const DEFAULT_FAST_ISSUER = 'api.fast.co'
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60

/** Verified claims of a Fast token. `aud` is normalised to the single audience (the store's Fast App ID). */
export interface FastClaims {
  iss: string
  aud: string
  exp: number
  iat: number
  sub?: string
  nbf?: number
  [claim: string]: unknown
}

export interface AudienceCheck {
  /** True when `aud` is the Fast App ID of a store we serve. May be async (database lookup). */
  isKnownAudience (aud: string): boolean | Promise<boolean>
}

export interface FastAuthenticatorOptions {
  /** Default https://api.fast.co/v1/oauth2/jwks (FAST_JWKS_URL). */
  jwksUrl?: string
  /** Expected `iss`. Default `api.fast.co` (FAST_ISSUER). */
  issuer?: string
  /** Allowed clock difference between Fast and us when checking `exp`, `iat` and `nbf`. Default 60 s. */
  clockToleranceSeconds?: number
  /** Clock in epoch milliseconds (shared with the key source); tests inject one. */
  now?: () => number
  /** undici dispatcher for the JWKS fetch; tests inject one. */
  dispatcher?: Dispatcher
  /** JWKS caching and fetch tuning (max age, refresh interval, timeouts, body size). */
  jwks?: Omit<JwksKeySourceOptions, 'jwksUrl' | 'dispatcher' | 'now'>
  /** A ready key source instead of one built from `jwksUrl` (it is then not closed by `close()`). */
  keySource?: JwksKeySource
}

export interface FastAuthenticator {
  authenticate (authorizationHeader: string | undefined, audience: AudienceCheck): Promise<FastClaims>
  close (): Promise<void>
}

/** An AudienceCheck over a fixed set of Fast App IDs. */
export function knownAudiences (appIds: Iterable<string>): AudienceCheck {
  const known = new Set(appIds)
  return { isKnownAudience: (aud) => known.has(aud) }
}

// Size limits keep parsing bounded whatever a caller sends; real Fast tokens are well under 2 KiB.
const MAX_HEADER_SEGMENT = 8 * 1024
const MAX_PAYLOAD_SEGMENT = 16 * 1024
const MAX_SIGNATURE_SEGMENT = 1024 // base64url of a 4096-bit RSA signature is 683 characters
const MAX_KID_LENGTH = 256
const BASE64URL = /^[A-Za-z0-9_-]+$/

export function createFastAuthenticator (options: FastAuthenticatorOptions = {}): FastAuthenticator {
  const issuer = options.issuer ?? DEFAULT_FAST_ISSUER
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new TypeError('clockToleranceSeconds must be ≥ 0')
  const now = options.now ?? Date.now
  const ownKeySource = options.keySource === undefined
  const keySource = options.keySource ?? createJwksKeySource({
    ...options.jwks,
    jwksUrl: options.jwksUrl ?? DEFAULT_FAST_JWKS_URL,
    dispatcher: options.dispatcher,
    now
  })

  async function authenticate (authorizationHeader: string | undefined, audience: AudienceCheck): Promise<FastClaims> {
    const { signingInput, header, payloadSegment, signature } = parseBearer(authorizationHeader)

    if (header.alg !== 'RS256') throw unauthorized('unsupported token algorithm (RS256 required)')
    // RFC 7515 §4.1.11: extensions we do not understand must be rejected.
    if (header.crit !== undefined) throw unauthorized('unsupported critical token header')
    if (header.typ !== undefined && (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT')) {
      throw unauthorized('unsupported token type')
    }
    const kid = header.kid
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) {
      throw unauthorized('token has no key id')
    }

    const key: KeyObject = await keySource.getKey(kid)
    if (!verify('RSA-SHA256', Buffer.from(signingInput, 'ascii'), key, signature)) {
      throw unauthorized('invalid token signature')
    }

    const claims = decodeJson(payloadSegment, 'token payload')
    return await checkClaims(claims, audience)
  }

  async function checkClaims (claims: Record<string, unknown>, audience: AudienceCheck): Promise<FastClaims> {
    if (claims.iss !== issuer) throw unauthorized('wrong issuer')
    const nowSeconds = now() / 1000
    const { exp, iat, nbf } = claims
    if (!isNumericDate(exp)) throw unauthorized('token has no valid expiry')
    if (!isNumericDate(iat)) throw unauthorized('token has no valid issue time')
    if (nbf !== undefined && !isNumericDate(nbf)) throw unauthorized('token has an invalid not-before time')
    if (exp <= nowSeconds - tolerance) throw unauthorized('token expired')
    if (iat > nowSeconds + tolerance) throw unauthorized('token issued in the future')
    if (nbf !== undefined && nbf > nowSeconds + tolerance) throw unauthorized('token not yet valid')
    if (claims.sub !== undefined && typeof claims.sub !== 'string') throw unauthorized('token has an invalid subject')

    const aud = singleAudience(claims.aud)
    if (!(await audience.isKnownAudience(aud))) throw unauthorized('unknown audience')

    return { ...claims, iss: issuer, aud, exp, iat } as FastClaims
  }

  async function close (): Promise<void> {
    if (ownKeySource) await keySource.close()
  }

  return { authenticate, close }
}

/**
 * RFC 7519 allows `aud` as a string or an array. The audience selects the store (tenant), so a token must name
 * exactly one: an array of one string is accepted, an empty or multi-element array is rejected as ambiguous.
 */
function singleAudience (aud: unknown): string {
  if (Array.isArray(aud)) {
    if (aud.length !== 1) throw unauthorized('token must name exactly one audience')
    aud = aud[0]
  }
  if (typeof aud !== 'string' || aud.length === 0) throw unauthorized('token has no audience')
  return aud
}

function isNumericDate (value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

interface ParsedToken {
  signingInput: string
  header: Record<string, unknown>
  payloadSegment: string
  signature: Buffer
}

function parseBearer (authorizationHeader: string | undefined): ParsedToken {
  if (typeof authorizationHeader !== 'string' || authorizationHeader.length === 0) {
    throw unauthorized('missing Authorization header')
  }
  const space = authorizationHeader.indexOf(' ')
  // The auth scheme is case-insensitive (RFC 9110 §11.1).
  if (space === -1 || authorizationHeader.slice(0, space).toLowerCase() !== 'bearer') {
    throw unauthorized('Authorization header is not a Bearer token')
  }
  const token = authorizationHeader.slice(space + 1).trim()
  if (token.length > MAX_HEADER_SEGMENT + MAX_PAYLOAD_SEGMENT + MAX_SIGNATURE_SEGMENT + 2) {
    throw unauthorized('malformed token')
  }
  const parts = token.split('.')
  if (parts.length !== 3) throw unauthorized('malformed token')
  const [headerSegment, payloadSegment, signatureSegment] = parts as [string, string, string]
  // An empty signature is let through here so that `alg: none` is reported as the algorithm it is.
  const wellFormed = isSegment(headerSegment, MAX_HEADER_SEGMENT) &&
    isSegment(payloadSegment, MAX_PAYLOAD_SEGMENT) &&
    (signatureSegment === '' || isSegment(signatureSegment, MAX_SIGNATURE_SEGMENT))
  if (!wellFormed) throw unauthorized('malformed token')
  return {
    signingInput: `${headerSegment}.${payloadSegment}`,
    header: decodeJson(headerSegment, 'token header'),
    payloadSegment,
    signature: Buffer.from(signatureSegment, 'base64url')
  }
}

/** Unpadded base64url within a size limit; a length of 4k+1 cannot encode whole bytes. */
function isSegment (segment: string, maxLength: number): boolean {
  return segment.length > 0 && segment.length <= maxLength && segment.length % 4 !== 1 && BASE64URL.test(segment)
}

function decodeJson (segment: string, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'))
  } catch {
    throw unauthorized(`malformed ${what}`)
  }
  if (!isPlainObject(value)) throw unauthorized(`malformed ${what}`)
  return value
}
