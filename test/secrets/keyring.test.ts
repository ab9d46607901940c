/**
 * The keyring sealing tokens and stored answers at rest: what opens, what does not, how keys rotate,
 * and how a bad TOKEN_ENCRYPTION_KEY is reported (by name, never echoing key material).
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { createKeyring, keyFile, keyringFromConfig, SealedValueError } from '../../src/secrets/keyring.js'

const KEY_1 = randomBytes(32).toString('base64')
const KEY_2 = randomBytes(32).toString('base64')

t.test('a sealed value opens with the associated data it was sealed with', async t => {
  const keyring = createKeyring(`k1:${KEY_1}`)
  const secret = 'tok-caf\u00e9-\ud83d\uded2'
  const sealed = keyring.seal(secret, 'store-a')
  t.equal(keyring.open(sealed, 'store-a'), secret)
  t.notMatch(sealed, 'tok', 'the plaintext is not in the sealed form')
  t.match(sealed, /^k1\.[A-Za-z0-9_-]+$/, '<keyId>.<base64url>')
  t.equal(keyring.keyIdOf(sealed), 'k1')
})

t.test('the same value sealed twice gives two different ciphertexts', async t => {
  const keyring = createKeyring(`k1:${KEY_1}`)
  t.not(keyring.seal('same', 'store-a'), keyring.seal('same', 'store-a'))
})

t.test('a value sealed for one store does not open for another', async t => {
  const keyring = createKeyring(`k1:${KEY_1}`)
  const sealed = keyring.seal('token-of-a', 'store-a')
  t.throws(() => keyring.open(sealed, 'store-b'), SealedValueError)
})

t.test('an altered, truncated or made-up sealed value does not open', async t => {
  const keyring = createKeyring(`k1:${KEY_1}`)
  const sealed = keyring.seal('token-of-a', 'store-a')
  const bytes = Buffer.from(sealed.slice(3), 'base64url')
  for (const [what, index] of [['IV', 0], ['ciphertext', 13], ['tag', bytes.length - 1]] as const) {
    const altered = Buffer.from(bytes)
    altered[index] = (altered[index] ?? 0) ^ 1
    t.throws(() => keyring.open(`k1.${altered.toString('base64url')}`, 'store-a'), SealedValueError, `a bit of the ${what} flipped`)
  }
  t.throws(() => keyring.open(`k1.${bytes.subarray(0, 20).toString('base64url')}`, 'store-a'), SealedValueError, 'truncated')
  t.throws(() => keyring.open('plain-token', 'store-a'), SealedValueError, 'not sealed at all')
  t.throws(() => keyring.keyIdOf('plain-token'), SealedValueError)
})

t.test('the first key seals and every key opens, so a key can be rotated', async t => {
  const before = createKeyring(`old:${KEY_1}`)
  const sealedBefore = before.seal('token', 'store-a')
  const after = createKeyring(`new:${KEY_2},old:${KEY_1}`)
  t.equal(after.currentKeyId, 'new')
  t.equal(after.open(sealedBefore, 'store-a'), 'token', 'a value under the old key still opens')
  const sealedAfter = after.seal('token', 'store-a')
  t.equal(after.keyIdOf(sealedAfter), 'new')
  t.throws(() => before.open(sealedAfter, 'store-a'), SealedValueError, 'the old keyring cannot open the new key\'s values')
})

t.test('a value sealed under a key since removed does not open, and the error names the key id only', async t => {
  const sealed = createKeyring(`old:${KEY_1}`).seal('token', 'store-a')
  const err = t.throws(() => createKeyring(`new:${KEY_2}`).open(sealed, 'store-a'), SealedValueError) as Error
  t.match(err.message, /key old/)
  t.notMatch(err.message, KEY_1)
  t.notMatch(err.message, KEY_2)
})

t.test('a bare key is named by the first 8 hex digits of its SHA-256, so it can later be listed under that id', async t => {
  const bare = createKeyring(KEY_1)
  const id = createHash('sha256').update(Buffer.from(KEY_1, 'base64')).digest('hex').slice(0, 8)
  t.equal(bare.currentKeyId, id)
  const sealed = bare.seal('token', 'store-a')
  t.equal(createKeyring(`new:${KEY_2},${id}:${KEY_1}`).open(sealed, 'store-a'), 'token')
})

const badKeys: Array<[string, string, RegExp]> = [
  ['a key of 16 bytes', randomBytes(16).toString('base64'), /16 bytes.*exactly 32/],
  ['a key of 33 bytes', `k1:${randomBytes(33).toString('base64')}`, /33 bytes/],
  ['a key that is not base64', `k1:${'!'.repeat(44)}`, /not base64/],
  ['an id with a dot', `k.1:${KEY_1}`, /key id/],
  ['an id of 33 characters', `${'a'.repeat(33)}:${KEY_1}`, /key id/],
  ['an empty id', `:${KEY_1}`, /key id/],
  ['one id twice', `k1:${KEY_1},k1:${KEY_2}`, /entry 2.*k1 appears twice/],
  ['several keys without ids', `${KEY_1},${KEY_2}`, /entry 1.*id:base64key/],
  ['an empty entry', `k1:${KEY_1},`, /entry 2/]
]
for (const [what, text, message] of badKeys) {
  t.test(`TOKEN_ENCRYPTION_KEY with ${what} is refused by name, without echoing the key`, async t => {
    const err = t.throws(() => createKeyring(text)) as Error
    t.match(err.message, /^TOKEN_ENCRYPTION_KEY/)
    t.match(err.message, message)
    for (const part of text.split(/[,:]/).filter(part => part.length > 8)) t.notMatch(err.message, part, 'no key material')
  })
}

t.test('with TOKEN_ENCRYPTION_KEY set, its keys seal and no key file is made', async t => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-keyring-'))
  t.teardown(async () => { await rm(dataDir, { recursive: true, force: true }) })
  const keyring = keyringFromConfig({ TOKEN_ENCRYPTION_KEY: `k1:${KEY_1}`, NODE_ENV: 'production', DATA_DIR: dataDir })
  t.equal(keyring.currentKeyId, 'k1')
  t.same(await readdir(dataDir), [])
})

t.test('in development without TOKEN_ENCRYPTION_KEY a private key is made once under DATA_DIR and kept across restarts', async t => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-keyring-'))
  t.teardown(async () => { await rm(dataDir, { recursive: true, force: true }) })
  const config = { NODE_ENV: 'development', DATA_DIR: dataDir } as const
  const sealed = keyringFromConfig(config).seal('token', 'store-a')
  t.equal((await stat(join(dataDir, 'keys'))).mode & 0o777, 0o700, 'folder 0700')
  t.equal((await stat(keyFile(dataDir))).mode & 0o777, 0o600, 'file 0600')
  t.equal(keyringFromConfig(config).open(sealed, 'store-a'), 'token', 'the restarted server opens what it sealed')
  t.same(await readdir(join(dataDir, 'keys')), ['token-encryption.key'], 'no draft file left behind')
})

t.test('in production without TOKEN_ENCRYPTION_KEY the server refuses to start, naming the variable', async t => {
  const dataDir = await mkdtemp(join(tmpdir(), 'fast-bigcommerce-keyring-'))
  t.teardown(async () => { await rm(dataDir, { recursive: true, force: true }) })
  t.throws(() => keyringFromConfig({ NODE_ENV: 'production', DATA_DIR: dataDir }), /TOKEN_ENCRYPTION_KEY is required when NODE_ENV=production/)
  t.same(await readdir(dataDir), [], 'no key made up on the database\'s volume')
})
