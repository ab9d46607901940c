/** Decorates `storage`: PostgreSQL at DATABASE_URL, else SQLite under DATA_DIR, unless the caller (a test) gives one. */
import fp from 'fastify-plugin'
import { openStorage } from '../storage/open.js'
import type { Storage } from '../storage/storage.js'

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage
  }
}

export interface StoragePluginOptions {
  dataDir: string
  databaseUrl?: string
  storage?: Storage
}

export default fp<StoragePluginOptions>(async (fastify, opts) => {
  const storage = opts.storage ?? await openStorage({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl })
  fastify.decorate('storage', storage)
  fastify.addHook('onClose', async () => { await storage.close() })
}, { name: 'storage' })
