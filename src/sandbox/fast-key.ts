/**
 * The sandbox's stand-in for Fast's signing key. It is kept under DATA_DIR so that the bridge
 * (which serves its JWKS) and `npm run fast` / `npm run demo` (which sign with it) agree across
 * processes and restarts. It signs nothing but sandbox requests.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createFastSigner, type FastSigner } from '../fast/signer.js'

export const SANDBOX_FAST_APP_ID = 'sandbox-app'

export function sandboxKeyFile (dataDir: string): string {
  return join(dataDir, 'sandbox', 'fast-signing-key.pem')
}

export function loadOrCreateSandboxSigner (dataDir: string): FastSigner {
  const file = sandboxKeyFile(dataDir)
  try {
    return createFastSigner({ privateKeyPem: readFileSync(file, 'utf8') })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  const signer = createFastSigner()
  mkdirSync(join(dataDir, 'sandbox'), { recursive: true })
  writeFileSync(file, signer.exportPrivateKeyPem(), { mode: 0o600 })
  return signer
}

/** No sandbox key under DATA_DIR: the bridge has not run in sandbox mode there yet. */
export class MissingSandboxKeyError extends Error {
  constructor (dataDir: string) {
    super(`no sandbox key in ${join(dataDir, 'sandbox')}: start the bridge once in sandbox mode (\`npm start\` with no BigCommerce settings) or set DATA_DIR`)
    this.name = 'MissingSandboxKeyError'
  }
}

/** Reads the key an already running sandbox made; a MissingSandboxKeyError when there is none. */
export function loadSandboxSigner (dataDir: string): FastSigner {
  try {
    return createFastSigner({ privateKeyPem: readFileSync(sandboxKeyFile(dataDir), 'utf8') })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new MissingSandboxKeyError(dataDir)
    throw err
  }
}
