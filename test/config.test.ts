/**
 * Configuration: sensible defaults, and a bad value stops start-up with a message naming the variable;
 * settings that cannot work together (half a store, half an app, production with nothing) stop it too.
 */
import t, { type Test } from 'tap'
import { checkStartup, readConfig, StartupError, type StartupPlan } from '../src/config.js'

t.test('with nothing set, every default applies', async (t) => {
  const config = readConfig({})
  t.match(config, {
    PORT: 3000,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DATA_DIR: './data',
    BIGCOMMERCE_API_URL: 'https://api.bigcommerce.com',
    FAST_JWKS_URL: 'https://api.fast.co/v1/oauth2/jwks',
    FAST_ISSUER: 'api.fast.co',
    BIGCOMMERCE_CONNECTIONS: 1024,
    STORED_ANSWERS: 'deflated'
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
  t.equal(readConfig({ BIGCOMMERCE_CONNECTIONS: '0' }).BIGCOMMERCE_CONNECTIONS, 0, 'BIGCOMMERCE_CONNECTIONS=0 (no cap) too')
  t.equal(readConfig({ STORED_ANSWERS: 'plain' }).STORED_ANSWERS, 'plain', 'answers stored as versions before deflating read them')
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
  ['BIGCOMMERCE_ACCESS_TOKEN', 'x'.repeat(257)],
  ['NODE_ENV', 'prod'],
  ['APP_URL', 'bridge.example.com'],
  ['BIGCOMMERCE_CONNECTIONS', '-1'],
  ['BIGCOMMERCE_CONNECTIONS', 'many'],
  ['STORED_ANSWERS', 'zstd']
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

// ---- Start-up: which mode starts, and settings that cannot work ----

const KEY = 'q5wP7Tq2m1vW0J3zYp8t9Yc1f2rYd0b3Zk6vXo4nQ2E='
const STORE = { BIGCOMMERCE_STORE_HASH: 'abc123', BIGCOMMERCE_ACCESS_TOKEN: 'store-token', FAST_APP_ID: 'fast-app' }
const APP = { BIGCOMMERCE_CLIENT_ID: 'client-id', BIGCOMMERCE_CLIENT_SECRET: 'client-secret', APP_URL: 'https://bridge.example.com' }

function startup (env: Record<string, string>): StartupPlan {
  return checkStartup(readConfig(env))
}

/** The refusal's message (the test fails when start-up is allowed). */
function refusal (t: Test, env: Record<string, string>): string {
  try {
    const plan = startup(env)
    t.fail(`start-up was allowed: ${JSON.stringify(plan)}`)
    return ''
  } catch (err) {
    t.ok(err instanceof StartupError, 'a StartupError')
    return (err as Error).message
  }
}

t.test('in development with nothing set, the sandbox starts', async (t) => {
  t.same(startup({}), { sandbox: true, singleStore: false, installedApp: false })
  t.same(startup({ NODE_ENV: 'test' }), { sandbox: true, singleStore: false, installedApp: false }, 'and under NODE_ENV=test')
})

t.test('in development FAST_APP_ID alone names the sandbox store\'s App ID', async (t) => {
  t.same(startup({ FAST_APP_ID: 'my-app' }), { sandbox: true, singleStore: false, installedApp: false })
})

t.test('a store hash, its token and FAST_APP_ID serve one store, not the sandbox', async (t) => {
  t.same(startup(STORE), { sandbox: false, singleStore: true, installedApp: false })
})

t.test('a store hash without a token stops start-up naming BIGCOMMERCE_ACCESS_TOKEN and FAST_APP_ID', async (t) => {
  const message = refusal(t, { BIGCOMMERCE_STORE_HASH: 'abc123' })
  t.match(message, /BIGCOMMERCE_STORE_HASH is set but BIGCOMMERCE_ACCESS_TOKEN and FAST_APP_ID are missing/)
})

t.test('a token without a store hash stops start-up naming BIGCOMMERCE_STORE_HASH', async (t) => {
  const message = refusal(t, { BIGCOMMERCE_ACCESS_TOKEN: 'store-token', FAST_APP_ID: 'fast-app' })
  t.match(message, /BIGCOMMERCE_ACCESS_TOKEN and FAST_APP_ID are set but BIGCOMMERCE_STORE_HASH is missing/)
})

t.test('store credentials without FAST_APP_ID stop start-up naming FAST_APP_ID', async (t) => {
  const message = refusal(t, { BIGCOMMERCE_STORE_HASH: 'abc123', BIGCOMMERCE_ACCESS_TOKEN: 'store-token' })
  t.match(message, /BIGCOMMERCE_STORE_HASH and BIGCOMMERCE_ACCESS_TOKEN are set but FAST_APP_ID is missing/)
})

t.test('FAST_APP_ID alone in production stops start-up naming the store hash and token', async (t) => {
  const message = refusal(t, { NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: KEY, FAST_APP_ID: 'fast-app' })
  t.match(message, /FAST_APP_ID is set but BIGCOMMERCE_STORE_HASH and BIGCOMMERCE_ACCESS_TOKEN are missing/)
  t.notMatch(message, /emulator/, 'one problem, said once')
})

t.test('FAST_APP_ID alone next to the app\'s settings stops start-up (installed stores set their App ID on the settings page)', async (t) => {
  const message = refusal(t, { ...APP, FAST_APP_ID: 'fast-app' })
  t.match(message, /FAST_APP_ID is set but BIGCOMMERCE_STORE_HASH and BIGCOMMERCE_ACCESS_TOKEN are missing/)
})

t.test('the app\'s client id, secret and URL start the installed app (development keeps its key in a file)', async (t) => {
  t.same(startup({ ...APP, TOKEN_ENCRYPTION_KEY: KEY }), { sandbox: false, singleStore: false, installedApp: true })
  t.same(startup({ ...APP, ...STORE, TOKEN_ENCRYPTION_KEY: KEY }), { sandbox: false, singleStore: true, installedApp: true }, 'next to one store from the environment')
})

t.test('the app\'s client id, secret and URL without TOKEN_ENCRYPTION_KEY stop start-up, in development too', async (t) => {
  const message = refusal(t, APP)
  t.match(message, /the BigCommerce app needs .*TOKEN_ENCRYPTION_KEY.*: .* are set but TOKEN_ENCRYPTION_KEY is missing/)
  t.equal(message.match(/TOKEN_ENCRYPTION_KEY is missing/g)?.length, 1, 'named once')
})

const installSubsets: Array<Array<keyof typeof APP>> = [
  ['BIGCOMMERCE_CLIENT_ID'], ['BIGCOMMERCE_CLIENT_SECRET'], ['APP_URL'],
  ['BIGCOMMERCE_CLIENT_ID', 'BIGCOMMERCE_CLIENT_SECRET'], ['BIGCOMMERCE_CLIENT_ID', 'APP_URL'], ['BIGCOMMERCE_CLIENT_SECRET', 'APP_URL']
]
for (const given of installSubsets) {
  const missing = (Object.keys(APP) as Array<keyof typeof APP>).filter(name => !given.includes(name))
  t.test(`${given.join(' and ')} without ${missing.join(' and ')} stops start-up naming ${missing.join(' and ')}`, async (t) => {
    const message = refusal(t, { ...Object.fromEntries(given.map(name => [name, APP[name]])), TOKEN_ENCRYPTION_KEY: KEY })
    t.match(message, `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing`)
  })
}

t.test('DATABASE_URL without TOKEN_ENCRYPTION_KEY stops start-up, for the app and for one store (every machine needs the same key)', async (t) => {
  t.match(refusal(t, { ...APP, DATABASE_URL: 'postgres://db/bridge' }), /TOKEN_ENCRYPTION_KEY is missing/)
  t.match(refusal(t, { ...STORE, DATABASE_URL: 'postgres://db/bridge' }), /TOKEN_ENCRYPTION_KEY is missing: with DATABASE_URL/)
  t.same(startup({ ...APP, DATABASE_URL: 'postgres://db/bridge', TOKEN_ENCRYPTION_KEY: KEY }).installedApp, true, 'with the key it starts')
})

t.test('a malformed TOKEN_ENCRYPTION_KEY stops start-up naming it, without echoing it', async (t) => {
  const message = refusal(t, { ...STORE, TOKEN_ENCRYPTION_KEY: 'c2hvcnQta2V5' })
  t.match(message, /TOKEN_ENCRYPTION_KEY/)
  t.notMatch(message, /c2hvcnQta2V5/)
})

t.test('production with nothing set refuses to start the emulator, naming both ways to configure it and the key', async (t) => {
  const message = refusal(t, { NODE_ENV: 'production' })
  t.match(message, /production never starts the BigCommerce emulator/)
  t.match(message, /BIGCOMMERCE_STORE_HASH, BIGCOMMERCE_ACCESS_TOKEN, FAST_APP_ID/)
  t.match(message, /BIGCOMMERCE_CLIENT_ID, BIGCOMMERCE_CLIENT_SECRET, APP_URL/)
  t.match(message, /TOKEN_ENCRYPTION_KEY is missing/)
})

t.test('production with one complete store but no TOKEN_ENCRYPTION_KEY stops start-up naming only the key', async (t) => {
  const problems = (() => { try { startup({ NODE_ENV: 'production', ...STORE }); return [] } catch (err) { return (err as StartupError).problems } })()
  t.equal(problems.length, 1)
  t.match(problems[0], /^TOKEN_ENCRYPTION_KEY is missing/)
})

t.test('production with one complete store and a key serves that store', async (t) => {
  t.same(startup({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: KEY, ...STORE }), { sandbox: false, singleStore: true, installedApp: false })
})

for (const name of ['APP_URL', 'BIGCOMMERCE_API_URL', 'BIGCOMMERCE_LOGIN_URL', 'FAST_JWKS_URL']) {
  t.test(`production refuses an http:// ${name} (secrets and trust travel only over https)`, async (t) => {
    const message = refusal(t, { NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: KEY, ...APP, [name]: 'http://127.0.0.1:4010' })
    t.match(message, `${name} must be an https:// URL in production`)
  })
}

t.test('outside production an http:// APP_URL or BigCommerce URL is fine (loopback fakes, the sandbox)', async (t) => {
  t.same(startup({ ...APP, TOKEN_ENCRYPTION_KEY: KEY, APP_URL: 'http://127.0.0.1:3000', BIGCOMMERCE_API_URL: 'http://127.0.0.1:4010', BIGCOMMERCE_LOGIN_URL: 'http://127.0.0.1:4010' }).installedApp, true)
})

t.test('production with the app\'s settings, an https APP_URL and a key serves installed stores', async (t) => {
  t.same(startup({ NODE_ENV: 'production', TOKEN_ENCRYPTION_KEY: KEY, ...APP }), { sandbox: false, singleStore: false, installedApp: true })
})

t.test('METRICS_PORT on the same port as the bridge or the sandbox is refused, naming it', async (t) => {
  t.match(refusal(t, { ...STORE, PORT: '3000', METRICS_PORT: '3000' }), /METRICS_PORT must differ from PORT and SANDBOX_PORT/)
  t.match(refusal(t, { METRICS_PORT: '3001' }), /METRICS_PORT must differ from PORT and SANDBOX_PORT/)
  t.equal(startup({ ...STORE, PORT: '3000', METRICS_PORT: '9091' }).singleStore, true, 'a port of its own is fine')
})

t.test('every problem is named at once', async (t) => {
  const message = refusal(t, { NODE_ENV: 'production', BIGCOMMERCE_STORE_HASH: 'abc123', BIGCOMMERCE_CLIENT_ID: 'client-id', APP_URL: 'http://bridge.example.com' })
  t.match(message, /BIGCOMMERCE_STORE_HASH is set but BIGCOMMERCE_ACCESS_TOKEN and FAST_APP_ID are missing/)
  t.match(message, /BIGCOMMERCE_CLIENT_ID and APP_URL are set but BIGCOMMERCE_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY are missing/)
  t.match(message, /APP_URL must be an https:\/\/ URL/)
})

t.test('production never runs the sandbox, whatever is set', async (t) => {
  const settings: Record<string, string> = { ...STORE, ...APP, TOKEN_ENCRYPTION_KEY: KEY }
  const names = Object.keys(settings)
  let allowed = 0
  for (let mask = 0; mask < 2 ** names.length; mask++) {
    const env: Record<string, string> = { NODE_ENV: 'production' }
    names.forEach((name, bit) => { if ((mask & (1 << bit)) !== 0) env[name] = settings[name] })
    let plan: StartupPlan | undefined
    try { plan = startup(env) } catch (err) { if (!(err instanceof StartupError)) throw err }
    if (plan === undefined) continue
    allowed++
    if (plan.sandbox) t.fail(`sandbox in production with ${Object.keys(env).join(', ')}`)
  }
  t.ok(allowed > 0, `${allowed} of ${2 ** names.length} combinations start, none of them in sandbox mode`)
})

t.test('a refusal never echoes a value it was given', async (t) => {
  const canaries = {
    BIGCOMMERCE_STORE_HASH: 'canaryhash',
    BIGCOMMERCE_ACCESS_TOKEN: 'canary-access-token',
    BIGCOMMERCE_CLIENT_SECRET: 'canary-client-secret',
    APP_URL: 'http://canary.example.com',
    TOKEN_ENCRYPTION_KEY: 'canary-key',
    DATABASE_URL: 'postgres://user:canary-password@db/bridge'
  }
  const message = refusal(t, { NODE_ENV: 'production', ...canaries })
  for (const value of Object.values(canaries)) t.notMatch(message, value)
  t.notMatch(message, 'canary')
})
