/**
 * The embedded store: SQLite through node:sqlite (no native addon), in WAL mode so reads never
 * wait for a write. node:sqlite is synchronous; every statement here is a short indexed lookup.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type SQLInputValue } from 'node:sqlite'
import { MIGRATIONS } from './migrations.js'
import type { LineRecord, OrderRecord, Storage } from './storage.js'

type Row = Record<string, SQLInputValue>

export function openSqliteStorage (file: string): Storage {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new DatabaseSync(file)
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;')
  migrate(db)

  const orderBy = (column: string) => db.prepare(`SELECT * FROM fast_orders WHERE store_hash = ? AND ${column} = ?`)
  const byFastId = orderBy('fast_order_id')
  const byCartId = orderBy('cart_id')
  const byBcOrderId = orderBy('bc_order_id')
  const upsertOrder = db.prepare(`
    INSERT INTO fast_orders (store_hash, fast_order_id, cart_id, bc_order_id, billing_address_id, currency_code, consignment_ids, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (store_hash, fast_order_id) DO UPDATE SET
      cart_id = excluded.cart_id, bc_order_id = excluded.bc_order_id, billing_address_id = excluded.billing_address_id,
      currency_code = excluded.currency_code, consignment_ids = excluded.consignment_ids, updated_at = excluded.updated_at`)
  const linesOf = db.prepare('SELECT * FROM fast_lines WHERE store_hash = ? AND fast_order_id = ? ORDER BY rowid')
  const upsertLine = db.prepare(`
    INSERT INTO fast_lines (store_hash, fast_order_id, fast_line_id, bc_item_id, product_id, variant_id, physical, image_url)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (store_hash, fast_order_id, fast_line_id) DO UPDATE SET
      bc_item_id = excluded.bc_item_id, product_id = excluded.product_id, variant_id = excluded.variant_id,
      physical = excluded.physical, image_url = excluded.image_url`)

  return {
    async findOrderByFastId (storeHash, fastOrderId) {
      return toOrder(byFastId.get(storeHash, fastOrderId) as Row | undefined)
    },
    async findOrderByCartId (storeHash, cartId) {
      return toOrder(byCartId.get(storeHash, cartId) as Row | undefined)
    },
    async findOrderByBcOrderId (storeHash, bcOrderId) {
      return toOrder(byBcOrderId.get(storeHash, bcOrderId) as Row | undefined)
    },
    async saveOrder (r) {
      upsertOrder.run(r.storeHash, r.fastOrderId, r.cartId, r.bcOrderId, r.billingAddressId, r.currencyCode, JSON.stringify(r.consignmentIds), Date.now())
    },
    async listLines (storeHash, fastOrderId) {
      return (linesOf.all(storeHash, fastOrderId) as Row[]).map(toLine)
    },
    async saveLines (lines) {
      db.exec('BEGIN')
      try {
        for (const l of lines) upsertLine.run(l.storeHash, l.fastOrderId, l.fastLineId, l.bcItemId, l.productId, l.variantId, l.physical ? 1 : 0, l.imageUrl)
        db.exec('COMMIT')
      } catch (err) {
        db.exec('ROLLBACK')
        throw err
      }
    },
    async close () {
      db.close()
    }
  }
}

function migrate (db: DatabaseSync): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)')
  const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map(row => Number(row.version)))
  for (const step of MIGRATIONS) {
    if (done.has(step.version)) continue
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(step.sql)
      db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(step.version)
      db.exec('COMMIT')
    } catch (err) {
      db.exec('ROLLBACK')
      throw err
    }
  }
}

function toOrder (row: Row | undefined): OrderRecord | undefined {
  if (row === undefined) return undefined
  return {
    storeHash: String(row.store_hash),
    fastOrderId: String(row.fast_order_id),
    cartId: String(row.cart_id),
    bcOrderId: row.bc_order_id === null ? null : Number(row.bc_order_id),
    billingAddressId: row.billing_address_id === null ? null : String(row.billing_address_id),
    currencyCode: row.currency_code === null ? null : String(row.currency_code),
    consignmentIds: JSON.parse(String(row.consignment_ids)) as string[]
  }
}

function toLine (row: Row): LineRecord {
  return {
    storeHash: String(row.store_hash),
    fastOrderId: String(row.fast_order_id),
    fastLineId: String(row.fast_line_id),
    bcItemId: String(row.bc_item_id),
    productId: Number(row.product_id),
    variantId: row.variant_id === null ? null : Number(row.variant_id),
    physical: Number(row.physical) === 1,
    imageUrl: row.image_url === null ? null : String(row.image_url)
  }
}
