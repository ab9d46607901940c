/**
 * The token exchange believes the login host only when its answer is whole and for the store that
 * is installing; every other outcome is a TokenExchangeError of a kind /auth can explain.
 */
import { MockAgent } from 'undici'
import t, { type Test } from 'tap'
import { createTokenExchange, TokenExchangeError } from '../../src/app-install/token-exchange.js'

const LOGIN = 'https://login.example'
const CALLBACK = { code: 'the-code', scope: 'store_cart store_v2_orders', context: 'stores/abc123' }
const GOOD_ANSWER = { access_token: 'tok', scope: 'store_cart store_v2_orders', user: { id: 5, username: 'u', email: 'u@example.com' }, owner: { id: 5 }, context: 'stores/abc123', account_uuid: 'x' }

function exchangeWith (t: Test, status: number, answer: unknown, options: { timeoutMs?: number, delayMs?: number } = {}) {
  const agent = new MockAgent()
  agent.disableNetConnect()
  t.teardown(() => agent.close())
  const sent: unknown[] = []
  const scope = agent.get(LOGIN).intercept({ path: '/oauth2/token', method: 'POST', body: (body) => { sent.push(JSON.parse(body)); return true } })
    .reply(status, typeof answer === 'string' ? answer : JSON.stringify(answer))
  if (options.delayMs !== undefined) scope.delay(options.delayMs)
  const exchange = createTokenExchange({ loginUrl: LOGIN, clientId: 'cid', clientSecret: 'secret', redirectUri: 'https://app.example/auth', dispatcher: agent, timeoutMs: options.timeoutMs })
  return { exchange, sent }
}

async function failureOf (promise: Promise<unknown>): Promise<TokenExchangeError> {
  return await promise.then(() => { throw new Error('expected a failure') }, (err: unknown) => err as TokenExchangeError)
}

t.test('the code is posted with the app\'s credentials and the registered callback, and the grant comes back', async (t) => {
  const { exchange, sent } = exchangeWith(t, 200, GOOD_ANSWER)
  t.same(await exchange.exchange(CALLBACK), { accessToken: 'tok', scopes: ['store_cart', 'store_v2_orders'], storeHash: 'abc123', user: { id: 5, email: 'u@example.com' } })
  // undici's matcher may look at the body more than once; the interceptor answers one request only.
  t.same(sent[0], { client_id: 'cid', client_secret: 'secret', code: 'the-code', context: 'stores/abc123', scope: 'store_cart store_v2_orders', grant_type: 'authorization_code', redirect_uri: 'https://app.example/auth' })
})

t.test('a token for another store than the one installing is not believed', async (t) => {
  const { exchange } = exchangeWith(t, 200, { ...GOOD_ANSWER, context: 'stores/other' })
  const err = await failureOf(exchange.exchange(CALLBACK))
  t.equal(err.kind, 'invalid_answer')
})

t.test('an answer without a token, scopes or user is not believed', async (t) => {
  for (const broken of [{ ...GOOD_ANSWER, access_token: '' }, { ...GOOD_ANSWER, scope: undefined }, { ...GOOD_ANSWER, user: { email: 'u@example.com' } }, 'not json']) {
    const { exchange } = exchangeWith(t, 200, broken)
    t.equal((await failureOf(exchange.exchange(CALLBACK))).kind, 'invalid_answer')
  }
})

t.test('a 4xx is a refused code; a 5xx is the login host failing', async (t) => {
  const refused = await failureOf(exchangeWith(t, 400, { error: 'invalid_grant' }).exchange.exchange(CALLBACK))
  t.match(refused, { kind: 'refused', status: 400 })
  const failing = await failureOf(exchangeWith(t, 502, 'bad gateway').exchange.exchange(CALLBACK))
  t.match(failing, { kind: 'unreachable', status: 502 })
})

t.test('a login host slower than the timeout is unreachable', async (t) => {
  const { exchange } = exchangeWith(t, 200, GOOD_ANSWER, { timeoutMs: 50, delayMs: 5_000 })
  t.equal((await failureOf(exchange.exchange(CALLBACK))).kind, 'unreachable')
})

t.test('no failure message carries the code, the secret or the token', async (t) => {
  for (const [status, answer] of [[400, { error: 'invalid_grant', code: 'the-code' }], [200, { ...GOOD_ANSWER, context: 'stores/other' }]] as const) {
    const err = await failureOf(exchangeWith(t, status, answer).exchange.exchange(CALLBACK))
    for (const secret of ['the-code', 'secret', 'tok']) t.notMatch(err.message, secret)
  }
})

t.test('a refusal of the app itself (401, or invalid_client) is told apart from a refused code', async (t) => {
  t.match(await failureOf(exchangeWith(t, 401, { error: 'invalid_client' }).exchange.exchange(CALLBACK)), { kind: 'client_refused', status: 401 })
  t.match(await failureOf(exchangeWith(t, 400, { error: 'invalid_client' }).exchange.exchange(CALLBACK)), { kind: 'client_refused', status: 400 })
  t.match(await failureOf(exchangeWith(t, 400, { error: 'invalid_grant' }).exchange.exchange(CALLBACK)), { kind: 'refused', status: 400 })
})
