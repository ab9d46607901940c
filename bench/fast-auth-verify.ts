/**
 * Cost of authenticating one Fast call: the RS256 signature and claims of a token checked against a cached
 * JWKS key (the JWKS is fetched once, before timing). Sequential calls give the latency of one check;
 * batches in flight show whether checks run off the event loop (WebCrypto runs in libuv's thread pool,
 * node:crypto's verify() on the main thread). A benchmark, not a test: it prints numbers, asserts nothing.
 *
 *   node --disable-warning=ExperimentalWarning --import ./scripts/register-ts.mjs bench/fast-auth-verify.ts
 *   BENCH_VERIFY_CALLS=20000 BENCH_VERIFY_IN_FLIGHT=1,16 node --import ./scripts/register-ts.mjs bench/fast-auth-verify.ts
 */
import { createFastAuthenticator, knownAudiences } from '../src/fast/auth.js'
import { startFastJwksServer } from '../test/helpers/fast-auth.js'

const CALLS = Number(process.env.BENCH_VERIFY_CALLS ?? 10_000)
const WARMUP = Number(process.env.BENCH_VERIFY_WARMUP ?? 1_000)
const IN_FLIGHT = (process.env.BENCH_VERIFY_IN_FLIGHT ?? '1,16').split(',').map(Number)
const APP_ID = 'fast-app-bench'

const fast = await startFastJwksServer()
const auth = createFastAuthenticator({ jwksUrl: fast.jwksUrl })
const audience = knownAudiences([APP_ID])
// Distinct tokens, so that nothing could be answered from a cache of earlier results.
const bearers = Array.from({ length: 64 }, (_, i) => fast.bearer(APP_ID, { sub: `shopper-${i}` }))

async function run (calls: number, inFlight: number): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (next < calls) {
      const i = next++
      await auth.authenticate(bearers[i % bearers.length], audience)
    }
  }))
  return performance.now() - started
}

try {
  await run(WARMUP, 1)
  console.log(`Fast token check, ${CALLS} calls, Node ${process.version}`)
  for (const inFlight of IN_FLIGHT) {
    const ms = await run(CALLS, inFlight)
    console.log(`  in flight ${String(inFlight).padStart(2)}: ${(ms * 1000 / CALLS).toFixed(1)} µs per call, ${Math.round(CALLS / (ms / 1000))} calls/s`)
  }
  console.log(`  JWKS fetches: ${fast.fetchCount()}`)
} finally {
  await auth.close()
  await fast.close()
}
