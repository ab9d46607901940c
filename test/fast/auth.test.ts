import { createHmac, createPrivateKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto'
import { inspect } from 'node:util'
import { SignJWT, type JWTHeaderParameters, type SignOptions } from 'jose'
import fc from 'fast-check'
import t from 'tap'
import { MockAgent } from 'undici'
import { createFastAuthenticator, knownAudiences } from '../../src/fast/auth.js'
import { FastError } from '../../src/fast/errors.js'
import { createFastSigner } from '../../src/fast/signer.js'
import { startFastAuthenticator, startFastJwksServer } from '../helpers/fast-auth.js'

const APP_ID = 'app-1'
const KNOWN = knownAudiences([APP_ID])
const UNAUTHENTICATED = { name: 'FastError', statusCode: 401, reason: 'UNAUTHENTICATED' }
const JWKS_UNAVAILABLE = { name: 'FastError', statusCode: 503, reason: 'JWKS_UNAVAILABLE' }

function base64url (value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

/** `Bearer <jwt>` with a header of the test's choosing (RS256 unless it says otherwise), signed by `privateKey`. */
async function bearerWithHeader (privateKey: KeyObject, header: Partial<JWTHeaderParameters>, nowSeconds: number,
  signOptions?: SignOptions): Promise<string> {
  const jwt = await new SignJWT({ iss: 'api.fast.co', aud: APP_ID, iat: nowSeconds, exp: nowSeconds + 300 })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...header })
    .sign(privateKey, signOptions)
  return `Bearer ${jwt}`
}

/** Fast's signing key, to sign tokens whose header Fast's signer would not write. */
function fastPrivateKey (fast: { signer: { exportPrivateKeyPem (): string } }): KeyObject {
  return createPrivateKey(fast.signer.exportPrivateKeyPem())
}

t.test('a token signed by Fast for a known store is accepted', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const claims = await auth.authenticate(fast.bearer(APP_ID, { sub: 'fast' }), KNOWN)
  t.match(claims, { iss: 'api.fast.co', aud: APP_ID, sub: 'fast', iat: nowSeconds(), exp: nowSeconds() + 300 })
  t.equal(fast.fetchCount(), 1)
})

t.test('the Bearer scheme is matched case-insensitively', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const token = fast.bearer(APP_ID).slice('Bearer '.length)
  t.match(await auth.authenticate(`bearer ${token}`, KNOWN), { aud: APP_ID })
})

t.test('an audience given as a one-element array is accepted as that audience', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const claims = await auth.authenticate(fast.bearer([APP_ID]), KNOWN)
  t.equal(claims.aud, APP_ID)
})

t.test('a token naming several audiences is rejected as ambiguous', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  await t.rejects(auth.authenticate(fast.bearer([APP_ID, 'app-2']), knownAudiences([APP_ID, 'app-2'])),
    { ...UNAUTHENTICATED, message: 'token must name exactly one audience' })
})

t.test('an expired token is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const bearer = fast.bearer(APP_ID, { iat: nowSeconds() - 600, expiresInSeconds: 300 })
  await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'token expired' })
})

t.test('a token that expired less than the clock tolerance ago is still accepted', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const bearer = fast.bearer(APP_ID, { iat: nowSeconds() - 330, expiresInSeconds: 300 })
  t.match(await auth.authenticate(bearer, KNOWN), { aud: APP_ID })
})

t.test('the clock tolerance is configurable', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t, { clockToleranceSeconds: 0 })
  const bearer = fast.bearer(APP_ID, { iat: nowSeconds() - 301, expiresInSeconds: 300 })
  await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'token expired' })
})

t.test('a token issued in the future is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const bearer = fast.bearer(APP_ID, { iat: nowSeconds() + 120 })
  await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'token issued in the future' })
})

t.test('a token that is not valid yet (nbf) is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const bearer = fast.bearer(APP_ID, { extra: { nbf: nowSeconds() + 120 } })
  await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'token not yet valid' })
})

t.test('a token without an expiry is rejected with 401', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const bearer = fast.bearer(APP_ID, { expiresInSeconds: Number.NaN }) // JSON writes NaN as null
  await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'token has no valid expiry' })
})

t.test('a token from another issuer is rejected with 401', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { iss: 'evil.example' }), KNOWN),
    { ...UNAUTHENTICATED, message: 'wrong issuer' })
})

t.test('the expected issuer is configurable', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t, { issuer: 'api.sandbox.fast.co' })
  t.match(await auth.authenticate(fast.bearer(APP_ID, { iss: 'api.sandbox.fast.co' }), KNOWN), { aud: APP_ID })
  await t.rejects(auth.authenticate(fast.bearer(APP_ID), KNOWN), { ...UNAUTHENTICATED, message: 'wrong issuer' })
})

t.test('a token for a store we do not serve is rejected with 401', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  await t.rejects(auth.authenticate(fast.bearer('app-unknown'), KNOWN),
    { ...UNAUTHENTICATED, message: 'unknown audience' })
})

t.test('the audience lookup may be asynchronous', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const lookups: string[] = []
  const claims = await auth.authenticate(fast.bearer(APP_ID), {
    isKnownAudience: async (aud) => { lookups.push(aud); return aud === APP_ID }
  })
  t.equal(claims.aud, APP_ID)
  t.same(lookups, [APP_ID])
})

t.test('a forged or expired token never reaches the audience lookup', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  let lookups = 0
  const audience = { isKnownAudience: () => { lookups++; return true } }
  const impostor = createFastSigner({ kid: fast.signer.kid })
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { signer: impostor }), audience), UNAUTHENTICATED)
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { iat: nowSeconds() - 3600 }), audience), UNAUTHENTICATED)
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { iss: 'x' }), audience), UNAUTHENTICATED)
  t.equal(lookups, 0)
})

t.test('an unsigned token (alg none) is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const header = base64url({ alg: 'none', typ: 'JWT', kid: fast.signer.kid })
  const payload = base64url({ iss: 'api.fast.co', aud: APP_ID, iat: nowSeconds(), exp: nowSeconds() + 300 })
  await t.rejects(auth.authenticate(`Bearer ${header}.${payload}.`, KNOWN),
    { ...UNAUTHENTICATED, message: 'unsupported token algorithm (RS256 required)' })
  t.equal(fast.fetchCount(), 0, 'no key is even looked up')
})

t.test('an HS256 token keyed with Fast\'s public key (algorithm confusion) is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const publicPem = fast.signer.publicKey.export({ type: 'spki', format: 'pem' })
  const header = base64url({ alg: 'HS256', typ: 'JWT', kid: fast.signer.kid })
  const payload = base64url({ iss: 'api.fast.co', aud: APP_ID, iat: nowSeconds(), exp: nowSeconds() + 300 })
  const mac = createHmac('sha256', publicPem).update(`${header}.${payload}`).digest('base64url')
  await t.rejects(auth.authenticate(`Bearer ${header}.${payload}.${mac}`, KNOWN),
    { ...UNAUTHENTICATED, message: 'unsupported token algorithm (RS256 required)' })
  t.equal(fast.fetchCount(), 0, 'no key is even looked up')
})

t.test('an HS256 token keyed with Fast\'s published JWK (algorithm confusion) is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  await auth.authenticate(fast.bearer(APP_ID), KNOWN) // Fast's key is cached: the confusion would have a key to misuse
  const secret = Buffer.from(JSON.stringify(fast.signer.jwk()))
  const jwt = await new SignJWT({ iss: 'api.fast.co', aud: APP_ID, iat: nowSeconds(), exp: nowSeconds() + 300 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: fast.signer.kid })
    .sign(secret)
  await t.rejects(auth.authenticate(`Bearer ${jwt}`, KNOWN),
    { ...UNAUTHENTICATED, message: 'unsupported token algorithm (RS256 required)' })
})

t.test('an RS512 token signed by Fast\'s own key is rejected with 401 (RS256 only)', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const jwt = await new SignJWT({ iss: 'api.fast.co', aud: APP_ID, iat: nowSeconds(), exp: nowSeconds() + 300 })
    .setProtectedHeader({ alg: 'RS512', typ: 'JWT', kid: fast.signer.kid })
    .sign(fastPrivateKey(fast))
  await t.rejects(auth.authenticate(`Bearer ${jwt}`, KNOWN),
    { ...UNAUTHENTICATED, message: 'unsupported token algorithm (RS256 required)' })
})

t.test('a jku or x5u header is never followed: the key comes only from the configured JWKS', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const attacker = await startFastJwksServer()
  t.teardown(attacker.close)
  const attackerKey = createPrivateKey(attacker.signer.exportPrivateKeyPem())
  const pointingElsewhere = { jku: attacker.jwksUrl, x5u: attacker.jwksUrl.replace('/jwks', '/cert.pem') }

  const ownKid = await bearerWithHeader(attackerKey, { kid: attacker.signer.kid, ...pointingElsewhere }, nowSeconds())
  await t.rejects(auth.authenticate(ownKid, KNOWN), { ...UNAUTHENTICATED, message: 'unknown signing key' })
  const fastKid = await bearerWithHeader(attackerKey, { kid: fast.signer.kid, ...pointingElsewhere }, nowSeconds())
  await t.rejects(auth.authenticate(fastKid, KNOWN), { ...UNAUTHENTICATED, message: 'invalid token signature' })

  t.equal(attacker.fetchCount(), 0, 'the attacker\'s key set was never fetched')
  t.equal(fast.fetchCount(), 1, 'Fast\'s was')
})

t.test('a key embedded in the token header (jwk) is never used', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const embedded = createFastSigner({ kid: fast.signer.kid, keyPair: { privateKey } }).jwk()
  const bearer = await bearerWithHeader(privateKey, { kid: fast.signer.kid, jwk: embedded }, nowSeconds())
  await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'invalid token signature' })
})

t.test('a genuine token that also names a jku is verified with Fast\'s published key', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const bearer = await bearerWithHeader(fastPrivateKey(fast),
    { kid: fast.signer.kid, jku: 'https://attacker.example/jwks' }, nowSeconds())
  t.match(await auth.authenticate(bearer, KNOWN), { aud: APP_ID })
  t.equal(fast.fetchCount(), 1)
})

t.test('a token signed by another key under Fast\'s kid is rejected with 401', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const impostor = createFastSigner({ kid: fast.signer.kid })
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { signer: impostor }), KNOWN),
    { ...UNAUTHENTICATED, message: 'invalid token signature' })
})

t.test('a token whose payload was altered after signing is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const [header, , signature] = fast.bearer(APP_ID).slice('Bearer '.length).split('.')
  const payload = base64url({ iss: 'api.fast.co', aud: 'app-2', iat: nowSeconds(), exp: nowSeconds() + 300 })
  await t.rejects(auth.authenticate(`Bearer ${header}.${payload}.${signature}`, knownAudiences(['app-2'])),
    { ...UNAUTHENTICATED, message: 'invalid token signature' })
})

t.test('a request without an Authorization header is rejected with 401', async (t) => {
  const { auth } = await startFastAuthenticator(t)
  await t.rejects(auth.authenticate(undefined, KNOWN), { ...UNAUTHENTICATED, message: 'missing Authorization header' })
  await t.rejects(auth.authenticate('', KNOWN), { ...UNAUTHENTICATED, message: 'missing Authorization header' })
})

t.test('an Authorization header that is not a Bearer token is rejected with 401', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const token = fast.bearer(APP_ID).slice('Bearer '.length)
  for (const header of [`Basic ${token}`, token, 'Bearer']) {
    await t.rejects(auth.authenticate(header, KNOWN),
      { ...UNAUTHENTICATED, message: 'Authorization header is not a Bearer token' }, header.slice(0, 12))
  }
})

t.test('a malformed token is rejected with 401', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const [header, payload, signature] = fast.bearer(APP_ID).slice('Bearer '.length).split('.')
  const malformed = [
    'Bearer ',
    'Bearer abc',
    `Bearer ${header}.${payload}`,
    `Bearer ${header}.${payload}.${signature}.extra`,
    `Bearer ${header}=.${payload}.${signature}`,
    `Bearer ${header}.${payload}.${signature}+/`,
    `Bearer ${base64url('not an object')}.${payload}.${signature}`,
    `Bearer ${Buffer.from('{not json').toString('base64url')}.${payload}.${signature}`,
    `Bearer ${'a'.repeat(9000)}.${payload}.${signature}`,
    `Bearer ${header}.${payload}.${'a'.repeat(2000)}`
  ]
  for (const bearer of malformed) {
    await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: /malformed/ })
  }
  t.equal(fast.fetchCount(), 0, 'refused before any key is looked up')
})

t.test('an oversized token is refused before any key is looked up', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const huge = fast.bearer(APP_ID, { extra: { padding: 'x'.repeat(20_000) } })
  await t.rejects(auth.authenticate(huge, KNOWN), { ...UNAUTHENTICATED, message: 'malformed token' })
  t.equal(fast.fetchCount(), 0)
})

t.test('a token without a key id is rejected with 401', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const [, payload, signature] = fast.bearer(APP_ID).slice('Bearer '.length).split('.')
  const header = base64url({ alg: 'RS256', typ: 'JWT' })
  await t.rejects(auth.authenticate(`Bearer ${header}.${payload}.${signature}`, KNOWN),
    { ...UNAUTHENTICATED, message: 'token has no key id' })
})

t.test('a token naming a critical header extension is rejected with 401', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const [, payload, signature] = fast.bearer(APP_ID).slice('Bearer '.length).split('.')
  const header = base64url({ alg: 'RS256', typ: 'JWT', kid: fast.signer.kid, crit: ['b64'], b64: false })
  await t.rejects(auth.authenticate(`Bearer ${header}.${payload}.${signature}`, KNOWN),
    { ...UNAUTHENTICATED, message: 'unsupported critical token header' })
})

t.test('a token signed by Fast naming a critical extension we do not know is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const bearer = await bearerWithHeader(fastPrivateKey(fast),
    { kid: fast.signer.kid, crit: ['urn:example:must-understand'], 'urn:example:must-understand': true }, nowSeconds(),
    { crit: { 'urn:example:must-understand': true } }) // the signer must be told it understands the extension
  await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'unsupported critical token header' })
})

t.test('a token signed by Fast that marks even jose\'s known b64 extension critical is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const bearer = await bearerWithHeader(fastPrivateKey(fast),
    { kid: fast.signer.kid, crit: ['b64'], b64: true }, nowSeconds())
  await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'unsupported critical token header' })
})

t.test('a token typed as something other than a JWT is rejected with 401', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const bearer = await bearerWithHeader(fastPrivateKey(fast), { kid: fast.signer.kid, typ: 'at+jwt' }, nowSeconds())
  await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'unsupported token type' })
})

t.test('a key that the JWKS declares for another algorithm is not used', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const other = createFastSigner({ kid: 'rs512-key' })
  fast.publishJwk({ ...other.jwk(), alg: 'RS512' })
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { signer: other }), KNOWN),
    { ...UNAUTHENTICATED, message: 'signing key is not an RS256 signature key' })
})

t.test('a key that the JWKS declares for encryption is not used', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const other = createFastSigner({ kid: 'enc-key' })
  fast.publishJwk({ ...other.jwk(), use: 'enc' })
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { signer: other }), KNOWN),
    { ...UNAUTHENTICATED, message: 'signing key is not an RS256 signature key' })
})

t.test('a refusal carries none of the token\'s claims, not even in its cause', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const canary = 'shopper-canary-4711'
  const bearers = [
    fast.bearer(APP_ID, { sub: canary, iat: nowSeconds() - 3600 }),
    fast.bearer(APP_ID, { sub: canary, iss: 'other' }),
    fast.bearer(APP_ID, { sub: canary, extra: { nbf: nowSeconds() + 600 } })
  ]
  for (const bearer of bearers) {
    const err: unknown = await auth.authenticate(bearer, KNOWN).then(() => t.fail('accepted'), (e: unknown) => e)
    t.match(err, UNAUTHENTICATED)
    t.notOk(inspect(err, { depth: 10 }).includes(canary), 'the claims are not kept')
  }
})

t.test('error messages never contain the token', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const bearers = [
    fast.bearer(APP_ID, { iat: nowSeconds() - 3600 }),
    fast.bearer(APP_ID, { iss: 'other' }),
    fast.bearer('app-unknown'),
    fast.bearer(APP_ID, { signer: createFastSigner({ kid: 'unknown-kid-canary' }) }),
    `Basic ${fast.bearer(APP_ID).slice('Bearer '.length)}`
  ]
  for (const bearer of bearers) {
    const err: Error = await auth.authenticate(bearer, KNOWN).then(() => t.fail('accepted'), (e: Error) => e) as Error
    const [header = '', payload = '', signature = ''] = bearer.split(' ')[1]!.split('.')
    for (const part of [header, payload, signature, 'unknown-kid-canary']) {
      t.notOk(err.message.includes(part), `message "${err.message}" does not echo the token`)
    }
  }
})

t.test('a new key (rotation) is picked up with exactly one JWKS refresh', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t)
  await auth.authenticate(fast.bearer(APP_ID), KNOWN)
  t.equal(fast.fetchCount(), 1)

  advance(31_000)
  fast.rotate()
  t.match(await auth.authenticate(fast.bearer(APP_ID), KNOWN), { aud: APP_ID })
  t.equal(fast.fetchCount(), 2)
  t.match(await auth.authenticate(fast.bearer(APP_ID), KNOWN), { aud: APP_ID })
  t.equal(fast.fetchCount(), 2, 'the new key is cached')
})

t.test('a key Fast no longer publishes stops working after the next refresh', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t)
  const retired = fast.signer
  await auth.authenticate(fast.bearer(APP_ID), KNOWN)

  advance(31_000)
  fast.rotate({ retire: true })
  await auth.authenticate(fast.bearer(APP_ID), KNOWN) // unknown kid: refresh
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { signer: retired }), KNOWN),
    { ...UNAUTHENTICATED, message: 'unknown signing key' })
})

t.test('an unknown kid right after a fetch is rejected without another fetch', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  await auth.authenticate(fast.bearer(APP_ID), KNOWN)
  const newcomer = fast.addKey()
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { signer: newcomer }), KNOWN),
    { ...UNAUTHENTICATED, message: 'unknown signing key' })
  t.equal(fast.fetchCount(), 1, 'the minimum refresh interval holds')
})

t.test('a flood of 50 tokens with unknown kids fetches the JWKS at most once per interval', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t)
  await auth.authenticate(fast.bearer(APP_ID), KNOWN)
  advance(31_000)

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const forged = Array.from({ length: 50 }, () =>
    fast.bearer(APP_ID, { signer: createFastSigner({ kid: randomUUID(), keyPair: { privateKey } }) }))
  // Half arrive together, half one after the other.
  const together = await Promise.allSettled(forged.slice(0, 25).map((b) => auth.authenticate(b, KNOWN)))
  for (const outcome of together) t.match(outcome, { status: 'rejected', reason: UNAUTHENTICATED })
  for (const bearer of forged.slice(25)) {
    await t.rejects(auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'unknown signing key' })
  }
  t.equal(fast.fetchCount(), 2, 'one refresh for the whole flood')

  // Genuine tokens keep working throughout.
  t.match(await auth.authenticate(fast.bearer(APP_ID), KNOWN), { aud: APP_ID })
})

t.test('with the JWKS down, a cached key still verifies tokens', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t)
  await auth.authenticate(fast.bearer(APP_ID), KNOWN)
  fast.setMode('reset')

  advance(7 * 60 * 60 * 1000) // past the 6 h max age: a refresh is attempted and fails
  t.match(await auth.authenticate(fast.bearer(APP_ID), KNOWN), { aud: APP_ID })
  t.equal(fast.fetchCount(), 2, 'the refresh was attempted')
  t.match(await auth.authenticate(fast.bearer(APP_ID), KNOWN), { aud: APP_ID })
  t.equal(fast.fetchCount(), 2, 'and not retried inside the minimum interval')
})

t.test('a cached key is refreshed after its max age', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t)
  await auth.authenticate(fast.bearer(APP_ID), KNOWN)
  advance(6 * 60 * 60 * 1000 + 1)
  await auth.authenticate(fast.bearer(APP_ID), KNOWN)
  t.equal(fast.fetchCount(), 2)
})

t.test('a cached key stops deciding once it is stale beyond the limit and the JWKS is down', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t, { jwks: { maxAgeMs: 60_000, maxStaleMs: 60_000 } })
  await auth.authenticate(fast.bearer(APP_ID), KNOWN)
  fast.setMode('http-error')
  advance(121_000)
  await t.rejects(auth.authenticate(fast.bearer(APP_ID), KNOWN), JWKS_UNAVAILABLE)
})

t.test('with the JWKS down and no cached key, the call fails with 503 JWKS_UNAVAILABLE', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  fast.setMode('reset')
  const err = await auth.authenticate(fast.bearer(APP_ID), KNOWN).then(() => undefined, (e: unknown) => e)
  t.match(err, { ...JWKS_UNAVAILABLE, message: 'Fast signing keys are temporarily unavailable' })
  t.match(err, { retryAfter: Number })
  t.equal(fast.fetchCount(), 1)
})

t.test('an unknown kid while the JWKS is down is 503, not 401 (Fast may retry)', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t)
  await auth.authenticate(fast.bearer(APP_ID), KNOWN)
  fast.setMode('http-error')
  advance(31_000)
  const newcomer = fast.addKey()
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { signer: newcomer }), KNOWN), JWKS_UNAVAILABLE)
  await t.rejects(auth.authenticate(fast.bearer(APP_ID, { signer: newcomer }), KNOWN), JWKS_UNAVAILABLE)
  t.equal(fast.fetchCount(), 2, 'the failed fetch is not retried inside the minimum interval')
})

t.test('a JWKS answering with an HTTP error is treated as unavailable', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  fast.setMode('http-error')
  await t.rejects(auth.authenticate(fast.bearer(APP_ID), KNOWN), JWKS_UNAVAILABLE)
})

t.test('a JWKS answering with something that is not JSON is treated as unavailable', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  fast.setMode('garbage')
  await t.rejects(auth.authenticate(fast.bearer(APP_ID), KNOWN), JWKS_UNAVAILABLE)
})

t.test('a JWKS body over the size limit is treated as unavailable', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  fast.setMode('oversize')
  await t.rejects(auth.authenticate(fast.bearer(APP_ID), KNOWN), JWKS_UNAVAILABLE)
})

t.test('the JWKS recovers after an outage once the minimum interval has passed', async (t) => {
  const { fast, auth, advance } = await startFastAuthenticator(t)
  fast.setMode('reset')
  await t.rejects(auth.authenticate(fast.bearer(APP_ID), KNOWN), JWKS_UNAVAILABLE)
  fast.setMode('ok')
  await t.rejects(auth.authenticate(fast.bearer(APP_ID), KNOWN), JWKS_UNAVAILABLE, 'still inside the interval')
  advance(30_000)
  t.match(await auth.authenticate(fast.bearer(APP_ID), KNOWN), { aud: APP_ID })
  t.equal(fast.fetchCount(), 2)
})

t.test('concurrent first requests share one JWKS fetch', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const results = await Promise.all(Array.from({ length: 20 }, () => auth.authenticate(fast.bearer(APP_ID), KNOWN)))
  t.equal(results.length, 20)
  t.equal(fast.fetchCount(), 1)
})

t.test('a signer persisted as PEM signs tokens the original key verifies', async (t) => {
  const { fast, auth, nowSeconds } = await startFastAuthenticator(t)
  const restored = createFastSigner({ privateKeyPem: fast.signer.exportPrivateKeyPem() })
  t.equal(restored.kid, fast.signer.kid, 'the default kid is the key thumbprint')
  t.same(restored.jwks(), fast.signer.jwks())
  const bearer = fast.bearer(APP_ID, { signer: restored, iat: nowSeconds() })
  t.match(await auth.authenticate(bearer, KNOWN), { aud: APP_ID })
})

t.test('a JWKS that does not answer in time is treated as unavailable', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t, { jwks: { timeoutMs: 200 } })
  fast.setMode('hang')
  const started = performance.now()
  await t.rejects(auth.authenticate(fast.bearer(APP_ID), KNOWN), JWKS_UNAVAILABLE)
  // Generous on a busy machine: a JWKS that hangs would otherwise never be given up.
  t.ok(performance.now() - started < 10_000, 'the fetch deadline holds')
})

t.test('the JWKS is fetched from Fast\'s default URL through an injected undici dispatcher', async (t) => {
  const signer = createFastSigner()
  const dispatcher = new MockAgent()
  dispatcher.disableNetConnect()
  dispatcher.get('https://api.fast.co').intercept({ path: '/v1/oauth2/jwks', method: 'GET' })
    .reply(200, signer.jwks(), { headers: { 'content-type': 'application/json' } })
  const auth = createFastAuthenticator({ dispatcher })
  t.teardown(async () => {
    await auth.close()
    await dispatcher.close()
  })
  const claims = await auth.authenticate(`Bearer ${signer.sign({ aud: APP_ID })}`, KNOWN)
  t.match(claims, { iss: 'api.fast.co', aud: APP_ID })
})

t.test('closing the authenticator twice is harmless', async (t) => {
  const { auth } = await startFastAuthenticator(t)
  await auth.close()
  await auth.close()
  t.pass()
})

t.test('whatever a caller sends as a token, the answer is a 401 and never another kind of error', async (t) => {
  const { fast, auth } = await startFastAuthenticator(t)
  const json = fc.jsonValue({ maxDepth: 2 })
  const header = fc.oneof(json, fc.record({ alg: fc.constantFrom('RS256', 'none', 'HS256', 'ES256'), kid: fc.oneof(fc.string(), fc.constant(fast.signer.kid)), crit: fc.option(json, { nil: undefined }), typ: fc.option(json, { nil: undefined }) }, { requiredKeys: [] }))
  const payload = fc.oneof(json, fc.record({ iss: json, aud: json, exp: json, iat: json, nbf: json, sub: json }, { requiredKeys: [] }))
  const segment = (value: fc.Arbitrary<unknown>) => value.map((v) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url'))
  const token = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.tuple(segment(header), segment(payload), fc.base64String({ maxLength: 400 }).map((s) => s.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')))
      .map((parts) => parts.join('.'))
  )
  await fc.assert(fc.asyncProperty(token, async (jwt) => {
    const outcome = await auth.authenticate(`Bearer ${jwt}`, KNOWN).then(() => undefined, (e: unknown) => e)
    const echoed = jwt.trim().length >= 8 && outcome instanceof Error && outcome.message.includes(jwt.trim().slice(0, 8))
    return outcome instanceof FastError && outcome.statusCode === 401 && !echoed
  }), { numRuns: 300 })
  t.ok(fast.fetchCount() <= 1, 'junk never made us fetch more than once inside the refresh interval')
})
