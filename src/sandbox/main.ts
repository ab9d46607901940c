/**
 * `npm run sandbox`: the emulator alone on loopback, for anyone building another integration.
 * SANDBOX_PORT (3001) and SANDBOX_HOST (127.0.0.1) choose where it listens; SANDBOX_STORE_HASH and
 * SANDBOX_ACCESS_TOKEN override the default store (sandbox / sandbox-token).
 */
import { listenProblem } from '../listen-problem.js'
import { localUrl } from '../local-url.js'
import { buildSandbox, DEFAULT_STORE } from './app.js'

const port = Number(process.env.SANDBOX_PORT ?? 3001)
const host = process.env.SANDBOX_HOST ?? '127.0.0.1'
const store = {
  hash: process.env.SANDBOX_STORE_HASH ?? DEFAULT_STORE.hash,
  accessToken: process.env.SANDBOX_ACCESS_TOKEN ?? DEFAULT_STORE.accessToken
}

const app = buildSandbox({ stores: [store], logger: { level: process.env.LOG_LEVEL ?? 'info' } })
try {
  await app.listen({ port, host })
} catch (err) {
  const problem = listenProblem(err, 'SANDBOX_PORT', 'the BigCommerce sandbox', 'SANDBOX_HOST')
  if (problem === undefined) throw err
  // An expected failure is one line saying what to do, not a stack trace.
  console.error(problem)
  process.exit(1)
}
const base = localUrl(host, port)
process.stdout.write(`BigCommerce sandbox at ${base}/stores/${store.hash}/v3 (X-Auth-Token: ${store.accessToken}); knobs at ${base}/__sandbox\n`)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.close().then(() => process.exit(0), () => process.exit(1))
  })
}
