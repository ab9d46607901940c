/**
 * A Fast token sent again while it is valid is not verified again (src/fast/verified-tokens.ts), and that memory
 * never lets through what a full check would refuse: an expired token, a store no longer served. Verifications
 * are counted as the key lookups jose makes, one per signature checked.
 */
import t, { type Test } from 'tap'
import { createFastAuthenticator, knownAudiences, type FastAuthenticatorOptions } from '../../src/fast/auth.js'
import { createJwksKeySource } from '../../src/fast/jwks.js'
import { startFastJwksServer } from '../helpers/fast-auth.js'

const APP_ID = 'app-1'
const KNOWN = knownAudiences([APP_ID])
const UNAUTHENTICATED = { name: 'FastError', statusCode: 401, reason: 'UNAUTHENTICATED' }

async function startCounted (t: Test, options: Partial<FastAuthenticatorOptions> = {}) {
  let clock = Date.UTC(2025, 5, 1, 12)
  const now = (): number => clock
  const fast = await startFastJwksServer({ now })
  const keys = createJwksKeySource({ jwksUrl: fast.jwksUrl, now })
  let verifications = 0
  const keySource = { ...keys, getKey: async (kid: string) => { verifications++; return await keys.getKey(kid) } }
  const auth = createFastAuthenticator({ keySource, now, ...options })
  t.teardown(async () => {
    await auth.close()
    await keys.close()
    await fast.close()
  })
  return { fast, auth, verifications: () => verifications, advance: (ms: number) => { clock += ms } }
}

t.test('a token sent again is accepted without verifying its signature again', async (t) => {
  const { fast, auth, verifications } = await startCounted(t)
  const bearer = fast.bearer(APP_ID, { sub: 'shopper-1' })
  const first = await auth.authenticate(bearer, KNOWN)
  const again = await auth.authenticate(bearer, KNOWN)
  t.same(again, first, 'with the same claims')
  t.equal(verifications(), 1, 'verified once')
  await auth.authenticate(fast.bearer(APP_ID, { sub: 'shopper-2' }), KNOWN)
  t.equal(verifications(), 2, 'another token is verified')
})

/** Sends `bearer` once, then again after each wait: the verifications counted after each send. */
async function verificationsOverTime (rig: Awaited<ReturnType<typeof startCounted>>, bearer: string, waitsMs: number[]): Promise<number[]> {
  await rig.auth.authenticate(bearer, KNOWN)
  const counts = [rig.verifications()]
  for (const ms of waitsMs) {
    rig.advance(ms)
    await rig.auth.authenticate(bearer, KNOWN)
    counts.push(rig.verifications())
  }
  return counts
}

t.test('a remembered token is refused once it has expired', async (t) => {
  // A long memory, so that only the token's own expiry can end it.
  const rig = await startCounted(t, { verifiedTokens: { maxAgeMs: 3_600_000 } })
  const bearer = rig.fast.bearer(APP_ID, { expiresInSeconds: 300 })
  t.same(await verificationsOverTime(rig, bearer, [299_000, 2_000]), [1, 1, 2],
    'remembered until its expiry, then verified in full again (and accepted within the clock tolerance)')
  rig.advance(60_000)
  await t.rejects(rig.auth.authenticate(bearer, KNOWN), { ...UNAUTHENTICATED, message: 'token expired' })
})

t.test('a remembered token is verified again after the memory\'s maximum age', async (t) => {
  const rig = await startCounted(t)
  const bearer = rig.fast.bearer(APP_ID, { expiresInSeconds: 3_600 })
  t.same(await verificationsOverTime(rig, bearer, [59_000, 2_000]), [1, 1, 2], 'remembered for up to 60 s, then verified again')
})

t.test('a remembered token for a store no longer served is refused', async (t) => {
  const { fast, auth, verifications } = await startCounted(t)
  const served = new Set([APP_ID])
  const audience = { isKnownAudience: (aud: string) => served.has(aud) }
  const bearer = fast.bearer(APP_ID)
  await auth.authenticate(bearer, audience)
  served.delete(APP_ID) // the store is uninstalled
  await t.rejects(auth.authenticate(bearer, audience), { ...UNAUTHENTICATED, message: 'unknown audience' })
  t.equal(verifications(), 1, 'though its signature was remembered')
})

t.test('a refused token is not remembered', async (t) => {
  const { fast, auth, verifications } = await startCounted(t)
  const [header, payload] = fast.bearer(APP_ID).split('.')
  const forged = `${header}.${payload}.${fast.bearer('app-2').split('.')[2]}`
  for (let i = 0; i < 2; i++) await t.rejects(auth.authenticate(forged, KNOWN), { ...UNAUTHENTICATED, message: 'invalid token signature' })
  t.equal(verifications(), 2, 'each attempt is verified')
})

t.test('the memory holds at most maxEntries tokens, forgetting the oldest first', async (t) => {
  const { fast, auth, verifications } = await startCounted(t, { verifiedTokens: { maxEntries: 2 } })
  const [a, b, c] = ['a', 'b', 'c'].map(sub => fast.bearer(APP_ID, { sub }))
  for (const bearer of [a, b, c]) await auth.authenticate(bearer, KNOWN)
  await auth.authenticate(c, KNOWN)
  await auth.authenticate(b, KNOWN)
  t.equal(verifications(), 3, 'the two newest are remembered')
  await auth.authenticate(a, KNOWN)
  t.equal(verifications(), 4, 'the oldest was forgotten')
})

t.test('with no room for entries nothing is remembered', async (t) => {
  const { fast, auth, verifications } = await startCounted(t, { verifiedTokens: { maxEntries: 0 } })
  const bearer = fast.bearer(APP_ID)
  await auth.authenticate(bearer, KNOWN)
  await auth.authenticate(bearer, KNOWN)
  t.equal(verifications(), 2)
})
