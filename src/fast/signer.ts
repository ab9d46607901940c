/**
 * Signs tokens the way Fast signs its calls to sellers (RS256 JWT, `kid` header, `iss`/`aud`/`iat`/`exp`), and
 * publishes the matching JWKS. Used by tests, by the sandbox (which serves `jwks()` at /v1/oauth2/jwks) and by the
 * CLI that signs requests to a bridge. The private key never leaves this object except through
 * `exportPrivateKeyPem()`, which exists so that a sandbox key can be persisted between runs.
 */
import {
  createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign as rsaSign, type KeyObject
} from 'node:crypto'

export interface FastJwk {
  kty: 'RSA'
  n: string
  e: string
  kid: string
  alg: 'RS256'
  use: 'sig'
}

export interface FastJwks {
  keys: FastJwk[]
}

export interface FastSignerOptions {
  /** Key id in the token header and the JWK. Default: the key's RFC 7638 thumbprint. */
  kid?: string
  /** Default `iss` of signed tokens. Default `api.fast.co`. */
  issuer?: string
  /**
   * An existing RSA key pair (e.g. from `generateKeyPairSync`); only the private key is used, the public key is
   * derived from it. Without it (and without `privateKeyPem`) a new RSA-2048 pair is generated.
   */
  keyPair?: { privateKey: KeyObject, publicKey?: KeyObject }
  /** An existing RSA private key as PEM (PKCS#8 or PKCS#1), e.g. one saved by `exportPrivateKeyPem()`. */
  privateKeyPem?: string
  /** Clock in epoch milliseconds for the default `iat`. */
  now?: () => number
}

export interface FastSignOptions {
  /** The store's Fast App ID (an array is written as a JSON array, for testing multi-audience handling). */
  aud: string | string[]
  /** Default: the signer's issuer. */
  iss?: string
  /** Lifetime from `iat`; negative values produce expired tokens. Default 300 s. */
  expiresInSeconds?: number
  /** Issue time in epoch seconds. Default: now. */
  iat?: number
  sub?: string
  /** Additional claims; the registered claims above take precedence over same-named entries. */
  extra?: Record<string, unknown>
}

export interface FastSigner {
  readonly kid: string
  readonly issuer: string
  readonly publicKey: KeyObject
  /** The public JWK. */
  jwk (): FastJwk
  /** The public JWKS document, as served at /v1/oauth2/jwks. */
  jwks (): FastJwks
  /** An RS256 compact JWT with header `{alg:'RS256', typ:'JWT', kid}`. */
  sign (options: FastSignOptions): string
  exportPrivateKeyPem (): string
}

export const DEFAULT_SIGNER_ISSUER = 'api.fast.co'
const DEFAULT_EXPIRES_IN_SECONDS = 300

export function createFastSigner (options: FastSignerOptions = {}): FastSigner {
  const privateKey = options.privateKeyPem !== undefined
    ? createPrivateKey({ key: options.privateKeyPem, format: 'pem' })
    : options.keyPair?.privateKey ?? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new TypeError('a Fast signer needs an RSA private key')
  }
  if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new TypeError('a Fast signer needs an RSA key of at least 2048 bits')
  }
  // Derived, never taken from the options, so that the published key always matches the signing key.
  const publicKey = createPublicKey(privateKey)
  const exported = publicKey.export({ format: 'jwk' })
  if (typeof exported.n !== 'string' || typeof exported.e !== 'string') throw new TypeError('not an RSA public key')
  const n = exported.n
  const e = exported.e
  const kid = options.kid ?? thumbprint(n, e)
  const issuer = options.issuer ?? DEFAULT_SIGNER_ISSUER
  const now = options.now ?? Date.now
  const encodedHeader = base64urlJson({ alg: 'RS256', typ: 'JWT', kid })

  function jwk (): FastJwk {
    return { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' }
  }

  function sign (signOptions: FastSignOptions): string {
    const iat = signOptions.iat ?? Math.floor(now() / 1000)
    const payload: Record<string, unknown> = {
      ...signOptions.extra,
      iss: signOptions.iss ?? issuer,
      aud: signOptions.aud,
      iat,
      exp: iat + (signOptions.expiresInSeconds ?? DEFAULT_EXPIRES_IN_SECONDS)
    }
    if (signOptions.sub !== undefined) payload.sub = signOptions.sub
    const signingInput = `${encodedHeader}.${base64urlJson(payload)}`
    const signature = rsaSign('RSA-SHA256', Buffer.from(signingInput, 'ascii'), privateKey)
    return `${signingInput}.${signature.toString('base64url')}`
  }

  return {
    kid,
    issuer,
    publicKey,
    jwk,
    jwks: () => ({ keys: [jwk()] }),
    sign,
    exportPrivateKeyPem: () => privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  }
}

/** RFC 7638 JWK thumbprint: a stable kid derived from the key itself. */
function thumbprint (n: string, e: string): string {
  return createHash('sha256').update(JSON.stringify({ e, kty: 'RSA', n })).digest('base64url')
}

function base64urlJson (value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
}
