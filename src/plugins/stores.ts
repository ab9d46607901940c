/**
 * Decorates `keyring` (TOKEN_ENCRYPTION_KEY, or development's key file) and `stores`: the
 * environment's single store first, then the stores installed from the control panel, kept in the
 * storage with their tokens sealed by the keyring.
 */
import fp from 'fastify-plugin'
import { keyringFromConfig, type Keyring } from '../secrets/keyring.js'
import { createInstalledStores, type InstalledStores } from '../stores/installed-stores.js'
import type { StoreDirectory } from '../stores/store-directory.js'

declare module 'fastify' {
  interface FastifyInstance {
    keyring: Keyring
    stores: InstalledStores
  }
}

export interface StoresPluginOptions {
  /** The single store named by the BIGCOMMERCE_* settings, served without an install. */
  environmentStores: StoreDirectory
  /** A keyring to use instead of the one the configuration names (tests). */
  keyring?: Keyring
}

export default fp<StoresPluginOptions>(async (fastify, opts) => {
  const keyring = opts.keyring ?? keyringFromConfig(fastify.config)
  fastify.decorate('keyring', keyring)
  fastify.decorate('stores', createInstalledStores({ storage: fastify.storage, keyring, environmentStores: opts.environmentStores }))
}, { name: 'stores', dependencies: ['storage'] })
