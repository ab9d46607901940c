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
 * The signature, `alg` (RS256 only, so `none` and HS256 keyed with the public key never get a key), `crit`,
 * `iss`, `exp`, `nbf` and the clock tolerance are jose's `jwtVerify`. The key comes only from our cached JWKS
 * (./jwks.ts) by `kid`: `jku`, `x5u`, `jwk` and `x5c` headers are never followed. What stays ours, and why:
 * - bounds on the token's size and shape before any work (jose would decode any size, and a junk token should
 *   not cost a JWKS lookup);
 * - `iat` not in the future: jose checks it only together with a maximum token age, which Fast does not document;
 * - the audience: exactly one, checked last through `isKnownAudience` (a database lookup), so that forged or
 *   expired tokens never cost a lookup. The check is a required argument on purpose: a verifier whose audience
 *   check can be forgotten is how BigCommerce's own client ended up skipping it (guarantees §3.2);
 * - the translation of jose's errors into short reasons;
 * - a memory of verified tokens (./verified-tokens.ts): a token sent again within its validity (and at most 60 s)
 *   skips the signature and claims, never the audience check, so an uninstalled store is refused at once.
 *
 * Every failure is a FastError (see ./errors.js): 401 UNAUTHENTICATED with a short reason that never contains the
 * token (nor any attacker-chosen part of it such as the kid), or 503 JWKS_UNAVAILABLE when Fast's keys cannot be
 * fetched and no cached key can decide. Nothing here logs, and jose's errors (which carry the claims) are dropped.
 */
import { errors, jwtVerify, type CryptoKey, type JWTHeaderParameters, type JWTPayload } from 'jose'
import type { Dispatcher } from 'undici'
import { FastError, unauthorized } from './errors.js'
import { createVerifiedTokens } from './verified-tokens.js'
import {
  createJwksKeySource, DEFAULT_FAST_JWKS_URL, MAX_KID_LENGTH,
  type JwksCheck, type JwksKeySource, type JwksKeySourceOptions
} from './jwks.js'

export { DEFAULT_FAST_JWKS_URL }
export type { JwksCheck }
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
  /**
   * Bounds of the memory of verified tokens (./verified-tokens.ts): a token sent again is not verified again
   * while it is valid, for at most `maxAgeMs` (default 60 s) among `maxEntries` (default 1,000); 0 entries = off.
   */
  verifiedTokens?: { maxEntries?: number, maxAgeMs?: number }
}

export interface FastAuthenticator {
  authenticate (authorizationHeader: string | undefined, audience: AudienceCheck): Promise<FastClaims>
  /** Fetches Fast's JWKS now (within the key source's fetch budget) and counts its usable keys. Never throws. */
  checkKeys (): Promise<JwksCheck>
  close (): Promise<void>
}

/** An AudienceCheck over a fixed set of Fast App IDs. */
export function knownAudiences (appIds: Iterable<string>): AudienceCheck {
  const known = new Set(appIds)
  return { isKnownAudience: (aud) => known.has(aud) }
}

// Size limits keep the work bounded whatever a caller sends; real Fast tokens are well under 2 KiB.
const MAX_HEADER_SEGMENT = 8 * 1024
const MAX_PAYLOAD_SEGMENT = 16 * 1024
const MAX_SIGNATURE_SEGMENT = 1024 // base64url of a 4096-bit RSA signature is 683 characters
const MAX_TOKEN_LENGTH = MAX_HEADER_SEGMENT + MAX_PAYLOAD_SEGMENT + MAX_SIGNATURE_SEGMENT + 2
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
  const verifiedTokens = createVerifiedTokens<FastClaims>({
    ...options.verifiedTokens,
    expiresAt: (claims) => claims.exp * 1000,
    now
  })

  /**
   * jose calls this after the `alg` and `crit` checks and before the signature: the header is attacker-chosen
   * here, so only `kid` is read from it, and never a key location (`jku`, `x5u`) or an embedded key.
   */
  async function resolveKey (header: JWTHeaderParameters): Promise<CryptoKey> {
    // RFC 7515 §4.1.11: jose knows the `b64` extension, which a JWT must not use; we understand none.
    if (header.crit !== undefined) throw unauthorized('unsupported critical token header')
    if (header.typ !== undefined && (typeof header.typ !== 'string' || header.typ.toUpperCase() !== 'JWT')) {
      throw unauthorized('unsupported token type')
    }
    const kid: unknown = header.kid
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) {
      throw unauthorized('token has no key id')
    }
    return await keySource.getKey(kid)
  }

  async function authenticate (authorizationHeader: string | undefined, audience: AudienceCheck): Promise<FastClaims> {
    // The header as sent: a token remembered must be the very same string, so it passed every check below before.
    const remembered = authorizationHeader === undefined ? undefined : verifiedTokens.get(authorizationHeader)
    const claims = remembered ?? await verify(authorizationHeader)
    if (remembered === undefined) verifiedTokens.remember(authorizationHeader as string, claims)
    // Every call, remembered or not: the store may have been uninstalled since.
    if (!(await audience.isKnownAudience(claims.aud))) throw unauthorized('unknown audience')
    return { ...claims }
  }

  /** The signature and every claim but the audience's store; frozen, as it may be remembered. */
  async function verify (authorizationHeader: string | undefined): Promise<FastClaims> {
    const token = bearerToken(authorizationHeader)
    let claims: JWTPayload
    try {
      ({ payload: claims } = await jwtVerify(token, resolveKey, {
        algorithms: ['RS256'],
        issuer,
        requiredClaims: ['exp', 'iat'],
        clockTolerance: tolerance,
        currentDate: new Date(now())
      }))
    } catch (err) {
      throw refusal(err)
    }

    const { exp, iat } = claims as { exp: number, iat: number }
    if (iat > now() / 1000 + tolerance) throw unauthorized('token issued in the future')
    if (claims.sub !== undefined && typeof claims.sub !== 'string') throw unauthorized('token has an invalid subject')

    const aud = singleAudience(claims.aud)
    return Object.freeze({ ...claims, iss: issuer, aud, exp, iat })
  }

  async function checkKeys (): Promise<JwksCheck> {
    try {
      return await keySource.check()
    } catch {
      return { ok: false, reason: 'Fast\'s JWKS could not be checked' }
    }
  }

  async function close (): Promise<void> {
    if (ownKeySource) await keySource.close()
  }

  return { authenticate, checkKeys, close }
}

/**
 * jose's verdict as a FastError. jose's own errors carry the decoded claims (`payload`) and are not kept as a
 * cause. Anything else thrown while looking at an attacker's token is a 401 too: bad input never becomes a 500.
 */
function refusal (err: unknown): FastError {
  if (err instanceof FastError) return err // from resolveKey: unknown key, JWKS unavailable, …
  if (err instanceof errors.JOSEAlgNotAllowed) return unauthorized('unsupported token algorithm (RS256 required)')
  // With our fixed algorithm and imported keys, jose reports "not supported" only for a `crit` it does not know.
  if (err instanceof errors.JOSENotSupported) return unauthorized('unsupported critical token header')
  if (err instanceof errors.JWSSignatureVerificationFailed) return unauthorized('invalid token signature')
  if (err instanceof errors.JWTExpired) return unauthorized('token expired')
  if (err instanceof errors.JWTClaimValidationFailed) return unauthorized(claimRefusal(err.claim, err.reason))
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return unauthorized('malformed token')
  return unauthorized('invalid token')
}

function claimRefusal (claim: string, reason: string): string {
  switch (claim) {
    case 'iss': return 'wrong issuer'
    case 'exp': return 'token has no valid expiry'
    case 'iat': return 'token has no valid issue time'
    case 'nbf': return reason === 'check_failed' ? 'token not yet valid' : 'token has an invalid not-before time'
    default: return 'token claims are invalid'
  }
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

/** The token of a Bearer Authorization header, within our size bounds and shaped as a compact JWS. */
function bearerToken (authorizationHeader: string | undefined): string {
  if (typeof authorizationHeader !== 'string' || authorizationHeader.length === 0) {
    throw unauthorized('missing Authorization header')
  }
  const space = authorizationHeader.indexOf(' ')
  // The auth scheme is case-insensitive (RFC 9110 §11.1).
  if (space === -1 || authorizationHeader.slice(0, space).toLowerCase() !== 'bearer') {
    throw unauthorized('Authorization header is not a Bearer token')
  }
  const token = authorizationHeader.slice(space + 1).trim()
  if (token.length > MAX_TOKEN_LENGTH) throw unauthorized('malformed token')
  const parts = token.split('.')
  if (parts.length !== 3) throw unauthorized('malformed token')
  const [header, payload, signature] = parts as [string, string, string]
  // An empty signature is let through so that `alg: none` is reported as the algorithm it is.
  const wellFormed = isSegment(header, MAX_HEADER_SEGMENT) && isSegment(payload, MAX_PAYLOAD_SEGMENT) &&
    (signature === '' || isSegment(signature, MAX_SIGNATURE_SEGMENT))
  if (!wellFormed) throw unauthorized('malformed token')
  return token
}

/** Unpadded base64url within a size limit; a length of 4k+1 cannot encode whole bytes. */
function isSegment (segment: string, maxLength: number): boolean {
  return segment.length > 0 && segment.length <= maxLength && segment.length % 4 !== 1 && BASE64URL.test(segment)
}
