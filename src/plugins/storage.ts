/** Decorates `storage`: SQLite under DATA_DIR unless the caller (a test, PostgreSQL) gives one. */
import { join } from 'node:path'
import fp from 'fastify-plugin'
import { openSqliteStorage } from '../storage/sqlite.js'
import type { Storage } from '../storage/storage.js'

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage
  }
}

export interface StoragePluginOptions {
  dataDir: string
  storage?: Storage
}

export default fp<StoragePluginOptions>(async (fastify, opts) => {
  const storage = opts.storage ?? openSqliteStorage(join(opts.dataDir, 'fast-bigcommerce.db'))
  fastify.decorate('storage', storage)
  fastify.addHook('onClose', async () => { await storage.close() })
}, { name: 'storage' })
