/**
 * Configuration: sensible defaults, and a bad value stops start-up with a message naming the variable.
 */
import t from 'tap'
import { readConfig } from '../src/config.js'

t.test('with nothing set, every default applies', async (t) => {
  const config = readConfig({})
  t.match(config, {
    PORT: 3000,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DATA_DIR: './data',
    BIGCOMMERCE_API_URL: 'https://api.bigcommerce.com',
    FAST_JWKS_URL: 'https://api.fast.co/v1/oauth2/jwks',
    FAST_ISSUER: 'api.fast.co'
  })
  t.equal(config.DATABASE_URL, undefined)
  t.equal(config.BIGCOMMERCE_STORE_HASH, undefined)
})

t.test('good values are read, numbers as numbers', async (t) => {
  const config = readConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    LOG_LEVEL: 'debug',
    DATABASE_URL: 'postgres://user:pw@db:5432/bridge',
    BIGCOMMERCE_API_URL: 'http://127.0.0.1:4010',
    BIGCOMMERCE_STORE_HASH: 'rbozo853xi',
    BIGCOMMERCE_ACCESS_TOKEN: 'token',
    FAST_APP_ID: 'app-1',
    FAST_JWKS_URL: 'http://127.0.0.1:4011/v1/oauth2/jwks',
    FAST_ISSUER: 'sandbox.fast.co'
  })
  t.match(config, {
    PORT: 8080,
    HOST: '0.0.0.0',
    LOG_LEVEL: 'debug',
    DATABASE_URL: 'postgres://user:pw@db:5432/bridge',
    BIGCOMMERCE_API_URL: 'http://127.0.0.1:4010',
    BIGCOMMERCE_STORE_HASH: 'rbozo853xi',
    FAST_ISSUER: 'sandbox.fast.co'
  })
  t.equal(readConfig({ DATABASE_URL: 'postgresql://db/bridge' }).DATABASE_URL, 'postgresql://db/bridge', 'the postgresql:// scheme too')
})

t.test('the environment is not modified and unknown variables are ignored', async (t) => {
  const env = { PORT: '1234', SOMETHING_ELSE: 'x' }
  const config = readConfig(env)
  t.same(env, { PORT: '1234', SOMETHING_ELSE: 'x' })
  t.equal(config.PORT, 1234)
})

const bad: Array<[string, string]> = [
  ['PORT', 'abc'],
  ['PORT', '70000'],
  ['PORT', '-1'],
  ['PORT', '80.5'],
  ['LOG_LEVEL', 'loud'],
  ['BIGCOMMERCE_API_URL', 'ftp://x'],
  ['BIGCOMMERCE_API_URL', 'api.bigcommerce.com'],
  ['FAST_JWKS_URL', 'file:///etc/passwd'],
  ['DATABASE_URL', 'mysql://user@db/bridge'],
  ['BIGCOMMERCE_STORE_HASH', 'ABC123'],
  ['BIGCOMMERCE_STORE_HASH', 'abc-123'],
  ['BIGCOMMERCE_STORE_HASH', 'abc/../x'],
  ['BIGCOMMERCE_STORE_HASH', 'a'.repeat(33)],
  ['BIGCOMMERCE_ACCESS_TOKEN', 'x'.repeat(257)]
]
for (const [name, value] of bad) {
  t.test(`${name}=${JSON.stringify(value.length > 40 ? `${value.slice(0, 10)}…` : value)} stops start-up with a message naming ${name}`, async (t) => {
    let error: unknown
    try {
      readConfig({ [name]: value })
    } catch (err) {
      error = err
    }
    t.ok(error instanceof Error, 'readConfig throws')
    t.match((error as Error).message, name, 'the message names the variable')
  })
}

t.test('the message for a bad value does not echo a secret', async (t) => {
  let err: Error | undefined
  try {
    readConfig({ BIGCOMMERCE_ACCESS_TOKEN: `secret-${'x'.repeat(300)}` })
  } catch (e) {
    err = e as Error
  }
  t.ok(err)
  t.notMatch(err?.message ?? '', 'secret-', 'the token itself is not in the message')
})

t.test('empty strings count as unset', async (t) => {
  const config = readConfig({
    PORT: '',
    LOG_LEVEL: '',
    DATABASE_URL: '',
    BIGCOMMERCE_API_URL: '',
    BIGCOMMERCE_STORE_HASH: '',
    BIGCOMMERCE_ACCESS_TOKEN: '',
    FAST_APP_ID: '',
    HOST: ''
  })
  t.equal(config.PORT, 3000)
  t.equal(config.LOG_LEVEL, 'info')
  t.equal(config.HOST, '127.0.0.1')
  t.equal(config.DATABASE_URL, undefined)
  t.equal(config.BIGCOMMERCE_API_URL, 'https://api.bigcommerce.com')
  t.equal(config.BIGCOMMERCE_STORE_HASH, undefined)
  t.equal(config.BIGCOMMERCE_ACCESS_TOKEN, undefined)
  t.equal(config.FAST_APP_ID, undefined)
})

t.test('a loopback http:// BigCommerce URL is accepted (for fakes and the sandbox)', async (t) => {
  t.equal(readConfig({ BIGCOMMERCE_API_URL: 'http://127.0.0.1:5555' }).BIGCOMMERCE_API_URL, 'http://127.0.0.1:5555')
})
