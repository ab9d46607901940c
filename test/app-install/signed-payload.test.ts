/**
 * /load and /uninstall believe a signed_payload_jwt only when BigCommerce could have made it for
 * this app: HS256 with our client secret, our client id as audience, `bc` as issuer, inside its
 * validity, naming a store. Every other token is one 401 and changes nothing.
 */
import t from 'tap'
import { createSignedPayloadVerifier, InvalidSignedPayload } from '../../src/app-install/signed-payload.js'
import { buildInstallRig, CLIENT_ID, CLIENT_SECRET, signedPayload, STORE_HASH, tokenWithHeaderAlg, validClaims } from './support.js'

const REFUSED: Array<[string, () => Promise<string> | string]> = [
  ['a forged token (claims changed after signing)', async () => {
    const [header, , signature] = (await signedPayload()).split('.')
    const claims = Buffer.from(JSON.stringify({ ...validClaims(), sub: 'stores/victim' })).toString('base64url')
    return `${header}.${claims}.${signature}`
  }],
  ['an expired token', async () => await signedPayload({ issuedIn: -25 * 60 * 60 })],
  ['a token not valid yet', async () => await signedPayload({ issuedIn: 10 * 60 })],
  ['a token for another app (wrong audience)', async () => await signedPayload({ aud: 'another-client' })],
  ['a token from another issuer', async () => await signedPayload({ iss: 'not-bc' })],
  ['an unsigned token (alg none)', () => tokenWithHeaderAlg('none', validClaims())],
  ['an HS512 token signed with our secret', async () => await signedPayload({ alg: 'HS512' })],
  ['a token claiming RS256, signed with our secret', () => tokenWithHeaderAlg('RS256', validClaims())],
  ['a token signed with another app\'s secret', async () => await signedPayload({ secret: 'another-apps-secret' })],
  ['a token whose subject is not a store', async () => await signedPayload({ sub: 'users/7' })],
  ['a token without a user id', async () => await signedPayload({ user: { email: 'owner@store.example' } })],
  ['a token that is not a JWT', () => 'not-a-jwt']
]

t.test('every refused token is a 401 on /load and /uninstall and leaves the store installed', async (t) => {
  const rig = await buildInstallRig(t)
  t.equal((await rig.install()).statusCode, 200, 'the store is installed')
  const before = await rig.stores.get(STORE_HASH)
  for (const [what, make] of REFUSED) {
    const token = await make()
    const load = await rig.call('/load', { signed_payload_jwt: token })
    t.equal(load.statusCode, 401, `/load refuses ${what}`)
    t.match(load.headers['content-type'], /text\/html/, `/load answers a page for ${what}`)
    t.notMatch(load.body, token.split('.')[1] ?? token, 'the page does not echo the token')
    const uninstall = await rig.call('/uninstall', { signed_payload_jwt: token })
    t.equal(uninstall.statusCode, 401, `/uninstall refuses ${what}`)
    t.equal(JSON.parse(uninstall.body).error, 'INVALID_SIGNED_PAYLOAD')
  }
  t.same(await rig.stores.get(STORE_HASH), before, 'the store is as it was')
})

t.test('a callback without a signed payload is a 401', async (t) => {
  const rig = await buildInstallRig(t)
  for (const path of ['/load', '/uninstall', '/remove_user']) {
    t.equal((await rig.call(path, {})).statusCode, 401, path)
  }
})

t.test('a token BigCommerce signed for us opens /load, within a minute of clock difference', async (t) => {
  const rig = await buildInstallRig(t)
  await rig.install()
  t.equal((await rig.call('/load', { signed_payload_jwt: await signedPayload() })).statusCode, 200)
  t.equal((await rig.call('/load', { signed_payload_jwt: await signedPayload({ issuedIn: 30 }) })).statusCode, 200, 'issued 30 s "in the future" by a clock ahead of ours')
})

t.test('each refusal names the check that failed, for our logs', async (t) => {
  const verify = createSignedPayloadVerifier({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })
  const reasons: Record<string, RegExp> = {
    'a forged token (claims changed after signing)': /bad signature/,
    'an expired token': /expired/,
    'a token not valid yet': /claim nbf/,
    'a token for another app (wrong audience)': /claim aud/,
    'a token from another issuer': /claim iss/,
    'an unsigned token (alg none)': /algorithm not allowed/,
    'an HS512 token signed with our secret': /algorithm not allowed/,
    'a token claiming RS256, signed with our secret': /algorithm not allowed/,
    'a token signed with another app\'s secret': /bad signature/,
    'a token whose subject is not a store': /sub/,
    'a token without a user id': /user/,
    'a token that is not a JWT': /ERR_JWS_INVALID/
  }
  for (const [what, make] of REFUSED) {
    const refusal = await verify(await make()).then(() => undefined, (err: unknown) => err)
    t.type(refusal, InvalidSignedPayload, what)
    t.match((refusal as InvalidSignedPayload).reason, reasons[what] as RegExp, `${what}: ${(refusal as InvalidSignedPayload).reason}`)
  }
})

t.test('a good token gives the store, the user, the deep link and the channel', async (t) => {
  const verify = createSignedPayloadVerifier({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET })
  t.same(await verify(await signedPayload()), {
    storeHash: STORE_HASH,
    user: { id: 7, email: 'owner@store.example' },
    owner: { id: 7, email: 'owner@store.example' },
    url: '/',
    channelId: 1
  })
})
