/**
 * Where the running bridge and its sandbox key are, read from the environment `npm start` reads,
 * and the key itself. Apart from the Fast client so that `npm run fast -- token`, which calls
 * nothing, does not load undici (half of its start-up).
 */
import type { FastSigner } from '../fast/signer.js'
import { localUrl } from '../local-url.js'
import { loadSandboxSigner, MissingSandboxKeyError, SANDBOX_FAST_APP_ID } from '../sandbox/fast-key.js'
import { CliFailure } from './failure.js'

export interface SandboxClientSettings {
  bridgeUrl: string
  dataDir: string
  fastAppId: string
}

/** Where the running bridge and its sandbox key are, from the same environment `npm start` reads. */
export function sandboxClientSettings (env: Record<string, string | undefined> = process.env): SandboxClientSettings {
  return {
    bridgeUrl: env.FAST_BRIDGE_URL ?? localUrl(env.HOST ?? '', env.PORT ?? '3000'),
    dataDir: env.DATA_DIR ?? './data',
    fastAppId: env.FAST_APP_ID ?? SANDBOX_FAST_APP_ID
  }
}

/** The key the sandbox bridge trusts, from DATA_DIR; its absence is an expected failure. */
export function sandboxSigner (settings: SandboxClientSettings): FastSigner {
  try {
    return loadSandboxSigner(settings.dataDir)
  } catch (err) {
    if (err instanceof MissingSandboxKeyError) throw new CliFailure(err.message)
    throw err
  }
}
