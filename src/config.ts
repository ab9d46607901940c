/**
 * Configuration, read once from the environment and validated by one schema: a bad value stops
 * start-up with a message naming the variable, before anything listens.
 */
import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'
import { createKeyring } from './secrets/keyring.js'
import { DEFAULT_ORDER_STATUS_IDS, type OrderStatusIds } from './bigcommerce/order-statuses.js'

const Url = (defaultValue?: string) => Type.String({ pattern: '^https?://[^\\s]+$', ...(defaultValue === undefined ? {} : { default: defaultValue }) })

export const ConfigSchema = Type.Object({
  /** `production` never starts the BigCommerce emulator and requires TOKEN_ENCRYPTION_KEY. */
  NODE_ENV: Type.Enum(['development', 'test', 'production'], { default: 'development' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  /**
   * Serve /metrics only on this port (same HOST), not on PORT: set where PORT is public (Fly, whose
   * scraper reaches it over the private network). Unset: /metrics is on PORT.
   */
  METRICS_PORT: Type.Optional(Type.Integer({ minimum: 0, maximum: 65_535 })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  BIGCOMMERCE_API_URL: Url('https://api.bigcommerce.com'),
  BIGCOMMERCE_STORE_HASH: Type.Optional(Type.String({ pattern: '^[a-z0-9]{1,32}$' })),
  BIGCOMMERCE_ACCESS_TOKEN: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  FAST_APP_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  FAST_JWKS_URL: Url('https://api.fast.co/v1/oauth2/jwks'),
  FAST_ISSUER: Type.String({ minLength: 1, default: 'api.fast.co' }),
  /** How long a request_id claim or an order's lease outlives a crashed holder (longer than any one request). */
  IDEMPOTENCY_LEASE_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
  ORDER_LEASE_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 60_000 }),
  /**
   * How answers are stored: `deflated` (a third of the space), or `plain`, which versions before
   * deflating can read: the setting for the first deploy of this version where older machines share
   * the database (a rolling deploy on PostgreSQL), so that none meets an answer it cannot open.
   */
  STORED_ANSWERS: Type.Union([Type.Literal('deflated'), Type.Literal('plain')], { default: 'deflated' }),
  /**
   * The BigCommerce app (install from the control panel): its client id and secret from the
   * Developer Portal, the public URL it is served at (the callbacks are APP_URL/auth, /load,
   * /uninstall, /remove_user) and BigCommerce's login host, where install codes become tokens.
   */
  BIGCOMMERCE_CLIENT_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  BIGCOMMERCE_CLIENT_SECRET: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  APP_URL: Type.Optional(Url()),
  BIGCOMMERCE_LOGIN_URL: Url('https://login.bigcommerce.com'),
  /**
   * Keys sealing access tokens and stored answers at rest (AES-256-GCM): `id:base64key` pairs,
   * comma-separated, the first one sealing, every one opening (so a key can be rotated), or a
   * single bare base64 key. Each key is 32 random bytes, e.g. `openssl rand -base64 32`.
   */
  TOKEN_ENCRYPTION_KEY: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  /** Sandbox mode (no BigCommerce credentials): where the BigCommerce emulator listens. */
  SANDBOX_PORT: Type.Integer({ minimum: 0, maximum: 65_535, default: 3001 }),
  /** Concurrent BigCommerce calls per store; more wait in that store's line, so one busy store cannot starve the others. */
  BIGCOMMERCE_CALLS_PER_STORE: Type.Integer({ minimum: 1, maximum: 64, default: 6 }),
  /**
   * Most sockets open to BigCommerce, all stores together (0 = no cap). Not a fairness limit (that is
   * the per-store one above): a bound on file descriptors, set above what one machine can use.
   */
  BIGCOMMERCE_CONNECTIONS: Type.Integer({ minimum: 0, maximum: 65_535, default: 1_024 }),
  /**
   * How long Fast waits for any one answer: by then it is answered (504 DEADLINE_EXCEEDED, or 503
   * when BigCommerce's quota or a tripped breaker means waiting cannot help), its BigCommerce reads
   * are aborted and no new call starts. A create or change already sent runs on to its end and its
   * answer is kept for Fast's retry of the same request_id.
   */
  FAST_DEADLINE_MS: Type.Integer({ minimum: 200, maximum: 60_000, default: 8_000 }),
  /** Failures in a row (5xx, timeouts, no answer; never 429) after which a store's calls fail fast... */
  BIGCOMMERCE_BREAKER_FAILURES: Type.Integer({ minimum: 1, maximum: 1_000, default: 5 }),
  /** ...for this long, before one trial call may close the breaker again. */
  BIGCOMMERCE_BREAKER_COOLDOWN_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }),
  /**
   * Load shedding (@fastify/under-pressure): Fast's calls get 503 with Retry-After while the event
   * loop is slower than this (0 = off) or memory is past the limits below (0 = off).
   */
  LOAD_SHED_EVENT_LOOP_DELAY_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 1_000 }),
  LOAD_SHED_HEAP_USED_BYTES: Type.Integer({ minimum: 0, default: 0 }),
  LOAD_SHED_RSS_BYTES: Type.Integer({ minimum: 0, default: 0 }),
  /** The BigCommerce channel carts are created in; unset = BigCommerce's default channel (1). */
  BIGCOMMERCE_CHANNEL_ID: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  /** BigCommerce status ids for Fast's statuses, e.g. `BOOKED=7,PENDING_FULFILLMENT=11,CANCELED=5`. */
  BIGCOMMERCE_ORDER_STATUS_IDS: Type.Optional(Type.String({ pattern: '^((BOOKED|PENDING_FULFILLMENT|CANCELED)=\\d{1,2})(,(BOOKED|PENDING_FULFILLMENT|CANCELED)=\\d{1,2})*$' })),
  /**
   * Development only: a folder where every BigCommerce exchange is written as a replayable fixture
   * (fixtures/bigcommerce/README.md, "Recording from a real store"), tokens and shopper data redacted.
   */
  RECORD_FIXTURES: Type.Optional(Type.String({ minLength: 1 })),
  /**
   * Development only: Fast tokens are verified with the sandbox key under DATA_DIR instead of Fast's
   * JWKS, so `npm run demo` can call a bridge serving a real store (to record fixtures from it).
   */
  SANDBOX_FAST_TOKENS: Type.Boolean({ default: false })
})

export type Config = Static<typeof ConfigSchema>

/** Reads and validates the configuration; throws an Error naming the offending variable. */
export function readConfig (env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as an operator who writes `DATABASE_URL=` means.
  const data = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''))
  return envSchema<Config>({ schema: ConfigSchema, data, dotenv: false })
}

/** BIGCOMMERCE_ORDER_STATUS_IDS (`BOOKED=7,CANCELED=6`) over the default status ids. */
export function orderStatusIdsOf (config: Config): OrderStatusIds {
  const text = config.BIGCOMMERCE_ORDER_STATUS_IDS
  if (text === undefined) return DEFAULT_ORDER_STATUS_IDS
  const pairs = text.split(',').map(pair => pair.split('=')).map(([name, id]) => [name, Number(id)])
  return { ...DEFAULT_ORDER_STATUS_IDS, ...Object.fromEntries(pairs) }
}

/** What start-up will serve, once checkStartup has found the settings complete. */
export interface StartupPlan {
  /** The BigCommerce emulator starts next to the bridge (development and test only, with nothing else set). */
  sandbox: boolean
  /** One store from BIGCOMMERCE_STORE_HASH, BIGCOMMERCE_ACCESS_TOKEN and FAST_APP_ID. */
  singleStore: boolean
  /** The BigCommerce app: stores install it from their control panel (/auth, /load, /uninstall). */
  installedApp: boolean
}

/** Start-up refused: every problem found, each naming the variables to set (never their values). */
export class StartupError extends Error {
  readonly problems: string[]
  constructor (problems: string[]) {
    super(['the settings cannot work:', ...problems.map(problem => `  - ${problem}`)].join('\n'))
    this.name = 'StartupError'
    this.problems = problems
  }
}

const STORE_CREDENTIALS = ['BIGCOMMERCE_STORE_HASH', 'BIGCOMMERCE_ACCESS_TOKEN'] as const
const SINGLE_STORE_SETTINGS = [...STORE_CREDENTIALS, 'FAST_APP_ID'] as const
const INSTALL_SETTINGS = ['BIGCOMMERCE_CLIENT_ID', 'BIGCOMMERCE_CLIENT_SECRET', 'APP_URL'] as const
/** URLs that carry a secret or decide whom we trust: plain http is for loopback fakes in development. */
const HTTPS_IN_PRODUCTION: Array<['APP_URL' | 'BIGCOMMERCE_API_URL' | 'BIGCOMMERCE_LOGIN_URL' | 'FAST_JWKS_URL', string]> = [
  ['APP_URL', 'BigCommerce sends install codes and signed payloads to it'],
  ['BIGCOMMERCE_API_URL', 'every call carries a store\'s access token'],
  ['BIGCOMMERCE_LOGIN_URL', 'install codes are exchanged there with the client secret'],
  ['FAST_JWKS_URL', 'its keys decide which Fast tokens are believed']
]

/**
 * Decides what starts, or refuses settings that cannot work: a half-configured store or app would
 * otherwise start with no store and answer 401 to everything, production with nothing set would
 * quietly serve the emulator, and production sends secrets only over https. This is the one place
 * that decides sandbox mode, and it is never sandbox mode in production. Throws a StartupError
 * listing every problem at once.
 */
export function checkStartup (config: Config): StartupPlan {
  const production = config.NODE_ENV === 'production'
  const isSet = (name: keyof Config): boolean => config[name] !== undefined
  const installGiven = INSTALL_SETTINGS.some(isSet)
  // FAST_APP_ID alone names the sandbox store's App ID in development; anywhere else it asks for one store.
  const singleStoreGiven = STORE_CREDENTIALS.some(isSet) || (isSet('FAST_APP_ID') && (production || installGiven))
  const problems: string[] = []

  /** "<what> needs A, B, C: A is set but B and C are missing", when some of a group are missing. */
  const incomplete = (what: string, group: ReadonlyArray<keyof Config>): void => {
    const given = group.filter(isSet)
    const missing = group.filter(name => !isSet(name))
    if (missing.length > 0) problems.push(`${what} needs ${group.join(', ')}: ${listed(given)} ${isAre(given)} set but ${listed(missing)} ${isAre(missing)} missing`)
  }
  if (singleStoreGiven) incomplete('one store from the environment', SINGLE_STORE_SETTINGS)
  // The key too: the app keeps stores' access tokens, sealed with it, and a key file that one
  // machine made is no key to rely on for them (issue 9).
  if (installGiven) incomplete('the BigCommerce app', [...INSTALL_SETTINGS, 'TOKEN_ENCRYPTION_KEY'])
  if (production) {
    for (const [name, why] of HTTPS_IN_PRODUCTION) {
      const url = config[name]
      if (url !== undefined && !url.startsWith('https://')) problems.push(`${name} must be an https:// URL in production: ${why}`)
    }
  }
  if (production && isSet('RECORD_FIXTURES')) problems.push('RECORD_FIXTURES is for development only: it writes every BigCommerce exchange to disk; unset it in production')
  if (production && config.SANDBOX_FAST_TOKENS) problems.push('SANDBOX_FAST_TOKENS is for development only: it trusts the sandbox key instead of Fast\'s; unset it in production')
  if (config.METRICS_PORT !== undefined && config.METRICS_PORT !== 0 && [config.PORT, config.SANDBOX_PORT].includes(config.METRICS_PORT)) {
    problems.push(`METRICS_PORT must differ from PORT and SANDBOX_PORT: /metrics gets a private listener of its own`)
  }
  if (production && !singleStoreGiven && !installGiven) {
    problems.push(`production never starts the BigCommerce emulator: set ${SINGLE_STORE_SETTINGS.join(', ')} (one store), or ${INSTALL_SETTINGS.join(', ')} (the BigCommerce app stores install)`)
  }
  if (!isSet('TOKEN_ENCRYPTION_KEY')) {
    if (installGiven) {
      // Already named with the app's settings above.
    } else if (production) {
      problems.push('TOKEN_ENCRYPTION_KEY is missing: production seals access tokens and stored answers (they hold shopper data) with it; make one with `openssl rand -base64 32`')
    } else if (isSet('DATABASE_URL')) {
      // Without a key, development keeps one in a file under DATA_DIR: that is one machine's key, and
      // a token or stored answer sealed by one machine must open on every machine sharing the database.
      problems.push('TOKEN_ENCRYPTION_KEY is missing: with DATABASE_URL every machine must seal and open access tokens and stored answers with the same key (a key file under DATA_DIR is one machine\'s)')
    }
  } else {
    try {
      createKeyring(config.TOKEN_ENCRYPTION_KEY as string)
    } catch (err) {
      problems.push((err as Error).message)
    }
  }
  if (problems.length > 0) throw new StartupError(problems)

  return { sandbox: !production && !singleStoreGiven && !installGiven, singleStore: singleStoreGiven, installedApp: installGiven }
}

function listed (names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

function isAre (names: readonly string[]): string {
  return names.length === 1 ? 'is' : 'are'
}
