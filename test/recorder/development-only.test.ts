/**
 * RECORD_FIXTURES (writes every BigCommerce exchange to disk) and SANDBOX_FAST_TOKENS (trusts a key
 * on this machine instead of Fast's) are for development: production refuses to start with either,
 * saying why in one line.
 */
import t from 'tap'
import { checkStartup, readConfig, StartupError } from '../../src/config.js'

const PRODUCTION = {
  NODE_ENV: 'production',
  BIGCOMMERCE_STORE_HASH: 'abc123',
  BIGCOMMERCE_ACCESS_TOKEN: 'token',
  FAST_APP_ID: 'fast-app',
  TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64')
}

function problemsOf (env: Record<string, string>): string[] {
  try {
    checkStartup(readConfig(env))
    return []
  } catch (err) {
    if (!(err instanceof StartupError)) throw err
    return err.problems
  }
}

t.test('production refuses RECORD_FIXTURES in one line saying why', async t => {
  const problems = problemsOf({ ...PRODUCTION, RECORD_FIXTURES: 'fixtures/bigcommerce/mine' })
  t.same(problems, ['RECORD_FIXTURES is for development only: it writes every BigCommerce exchange to disk; unset it in production'])
})

t.test('production refuses SANDBOX_FAST_TOKENS in one line saying why', async t => {
  const problems = problemsOf({ ...PRODUCTION, SANDBOX_FAST_TOKENS: 'true' })
  t.same(problems, ['SANDBOX_FAST_TOKENS is for development only: it trusts the sandbox key instead of Fast\'s; unset it in production'])
})

t.test('production with neither starts', async t => {
  t.same(problemsOf({ ...PRODUCTION, SANDBOX_FAST_TOKENS: 'false' }), [])
})

t.test('development with a store, RECORD_FIXTURES and SANDBOX_FAST_TOKENS starts', async t => {
  const { NODE_ENV: _, TOKEN_ENCRYPTION_KEY: __, ...store } = PRODUCTION
  t.same(problemsOf({ ...store, NODE_ENV: 'development', RECORD_FIXTURES: 'fixtures/bigcommerce/mine', SANDBOX_FAST_TOKENS: 'true' }), [])
})
