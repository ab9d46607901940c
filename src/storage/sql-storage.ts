/**
 * The one implementation of `Storage`, over a two-method driver that SQLite and PostgreSQL each
 * provide. The SQL is written once, with PostgreSQL's `$n` placeholders (the SQLite driver rewrites
 * them to `?n`), in the subset both dialects accept: `INSERT ... ON CONFLICT ... DO UPDATE ... WHERE
 * ... RETURNING`, row values, partial indexes. Every compare-and-set is one statement, so it is
 * atomic across processes without holding a transaction open between round trips.
 */
import type {
  ClaimResult, ConversionRecord, ConversionStep, InstalledStoreRecord, LineOption, LineRecord, OrderRecord, RecentOrder,
  Storage, StoreState, StoredResponse
} from './storage.js'

export type SqlValue = string | number | null
export type Row = Record<string, unknown>

export interface SqlDriver {
  /**
   * Runs one statement and answers its rows (a statement with RETURNING answers the rows it
   * touched). `durable` asks for the commit to reach the disk before answering (SQLite's
   * `synchronous = FULL`; PostgreSQL always does).
   */
  query(sql: string, params: readonly SqlValue[], options?: { durable?: boolean }): Promise<Row[]>
  /** The column naming a row's physical place: `rowid` (SQLite) or `ctid` (PostgreSQL). */
  rowId: string
  /** Runs one statement once per parameter list, all in one transaction. */
  batch(sql: string, paramLists: ReadonlyArray<readonly SqlValue[]>): Promise<void>
  /** Runs these statements in order, all in one transaction; answers each one's rows. */
  transaction(statements: ReadonlyArray<{ sql: string, params: readonly SqlValue[] }>): Promise<Row[][]>
  /** Whether an error is a UNIQUE constraint refusing a row (the other dialect difference). */
  isUniqueViolation(err: unknown): boolean
  /**
   * Gives the pages of rows just deleted back to the file system (SQLite's incremental vacuum), so
   * the file shrinks after a busy day; absent where the database does it itself (PostgreSQL's
   * autovacuum).
   */
  reclaimSpace?(): Promise<void>
  close(): Promise<void>
}

export interface StorageOptions {
  /** The clock, in epoch milliseconds; tests move it to expire leases without sleeping. */
  now?: () => number
}

/**
 * Takes the lease ($1 store, $2 name, $3 owner, $4 expiry) from `rows` when it is free, expired or
 * already $3's (a renewal), $5 being now; answers a row when taken.
 */
const takeLease = (rows: string) => `
    INSERT INTO leases (store_hash, name, owner, expires_at) ${rows}
    ON CONFLICT (store_hash, name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
    WHERE leases.expires_at <= $5 OR leases.owner = excluded.owner
    RETURNING owner`

const ORDER_BY = (column: string) => `SELECT * FROM fast_orders WHERE store_hash = $1 AND ${column} = $2`

const SQL = {
  ping: 'SELECT 1',
  orderByFastId: ORDER_BY('fast_order_id'),
  orderByCartId: ORDER_BY('cart_id'),
  orderByBcOrderId: ORDER_BY('bc_order_id'),
  upsertOrder: `
    INSERT INTO fast_orders (store_hash, fast_order_id, cart_id, bc_order_id, billing_address_id, currency_code, consignment_ids, cart_version, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (store_hash, fast_order_id) DO UPDATE SET
      cart_id = excluded.cart_id, bc_order_id = excluded.bc_order_id, billing_address_id = excluded.billing_address_id,
      currency_code = excluded.currency_code, consignment_ids = excluded.consignment_ids, cart_version = excluded.cart_version,
      updated_at = excluded.updated_at`,
  // Lines come back in the order they were first saved (Fast's order). SQLite's rowid gave that for
  // free; PostgreSQL has no such thing, so each line stores its position: one past the order's
  // last, taken when first inserted and kept by later upserts.
  linesOf: 'SELECT * FROM fast_lines WHERE store_hash = $1 AND fast_order_id = $2 ORDER BY position, fast_line_id',
  upsertLine: `
    INSERT INTO fast_lines (store_hash, fast_order_id, fast_line_id, bc_item_id, product_id, variant_id, physical, image_url, options_json, position)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
      (SELECT COALESCE(MAX(position), 0) + 1 FROM fast_lines WHERE store_hash = $1 AND fast_order_id = $2))
    ON CONFLICT (store_hash, fast_order_id, fast_line_id) DO UPDATE SET
      bc_item_id = excluded.bc_item_id, product_id = excluded.product_id, variant_id = excluded.variant_id,
      physical = excluded.physical, image_url = excluded.image_url, options_json = excluded.options_json`,
  deleteLine: 'DELETE FROM fast_lines WHERE store_hash = $1 AND fast_order_id = $2 AND fast_line_id = $3',

  // The key is taken when new, released, expired, or already ours (a renewal); never once completed,
  // never with another fingerprint. No row back means someone else's state decides the answer.
  claim: `
    INSERT INTO idempotency_requests (store_hash, request_id, fingerprint, owner, locked_until, created_at)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (store_hash, request_id) DO UPDATE SET owner = excluded.owner, locked_until = excluded.locked_until
    WHERE idempotency_requests.completed_at IS NULL
      AND idempotency_requests.fingerprint = excluded.fingerprint
      AND (idempotency_requests.locked_until <= $6 OR idempotency_requests.owner = excluded.owner)
    RETURNING owner`,
  request: 'SELECT * FROM idempotency_requests WHERE store_hash = $1 AND request_id = $2',
  complete: `
    UPDATE idempotency_requests SET status_code = $4, headers = $5, body = $6, completed_at = $7
    WHERE store_hash = $1 AND request_id = $2 AND owner = $3 AND completed_at IS NULL
    RETURNING request_id`,
  // Expired as of now, so the row ages like any other before the reaper takes it.
  release: `
    UPDATE idempotency_requests SET owner = NULL, locked_until = $4
    WHERE store_hash = $1 AND request_id = $2 AND owner = $3 AND completed_at IS NULL`,
  acquireLease: takeLease('VALUES ($1, $2, $3, $4)'),
  // The lease asked for with a claim ($6 the request_id), taken only if the claim before it in the
  // same transaction made $3 the request's owner.
  leaseWithClaim: takeLease(`
    SELECT CAST($1 AS TEXT), CAST($2 AS TEXT), CAST($3 AS TEXT), CAST($4 AS BIGINT)
    WHERE EXISTS (SELECT 1 FROM idempotency_requests WHERE store_hash = $1 AND request_id = $6 AND owner = $3 AND completed_at IS NULL)`),
  releaseLease: 'DELETE FROM leases WHERE store_hash = $1 AND name = $2 AND owner = $3',

  conversion: 'SELECT * FROM conversions WHERE store_hash = $1 AND fast_order_id = $2',
  startConversion: `
    INSERT INTO conversions (store_hash, fast_order_id, step, bc_order_id, updated_at) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (store_hash, fast_order_id) DO NOTHING
    RETURNING step`,
  // $6 = 1 when the caller gave a bcOrderId (null included), 0 to keep the stored one.
  advanceConversion: `
    UPDATE conversions SET step = $4, bc_order_id = CASE WHEN $6 = 1 THEN CAST($5 AS BIGINT) ELSE bc_order_id END, updated_at = $7
    WHERE store_hash = $1 AND fast_order_id = $2 AND (step = $3 OR ($3 = 'started' AND step = 'created' AND bc_order_id IS NULL))
    RETURNING step`,
  resetConversion: `
    DELETE FROM conversions WHERE store_hash = $1 AND fast_order_id = $2 AND step = $3 AND bc_order_id IS NULL
    RETURNING step`,
  setFastStatus: `
    UPDATE conversions SET fast_status = $3, updated_at = $4 WHERE store_hash = $1 AND fast_order_id = $2
    RETURNING step`,

  // An install, a re-authorisation, or a re-install after an uninstall (which starts the install time anew).
  saveInstall: `
    INSERT INTO installed_stores (store_hash, sealed_access_token, key_id, scopes, state, installed_at, updated_at)
    VALUES ($1, $2, $3, $4, 'active', $5, $5)
    ON CONFLICT (store_hash) DO UPDATE SET
      sealed_access_token = excluded.sealed_access_token, key_id = excluded.key_id, scopes = excluded.scopes, state = 'active',
      installed_at = CASE WHEN installed_stores.state = 'uninstalled' THEN excluded.installed_at ELSE installed_stores.installed_at END,
      updated_at = excluded.updated_at`,
  wasUninstalled: "EXISTS (SELECT 1 FROM installed_stores WHERE store_hash = $1 AND state = 'uninstalled')",
  installedStore: 'SELECT * FROM installed_stores WHERE store_hash = $1',
  storeByFastAppId: 'SELECT * FROM installed_stores WHERE fast_app_id = $1',
  saveStoreSettings: `
    UPDATE installed_stores SET fast_app_id = $2, order_status_ids = $3, updated_at = $4
    WHERE store_hash = $1 AND state <> 'uninstalled'
    RETURNING store_hash`,
  // $4, when not null, is the sealed token the caller saw: a token replaced since (a new /auth) keeps its state.
  setStoreState: `
    UPDATE installed_stores SET state = $2, updated_at = $3
    WHERE store_hash = $1 AND state <> 'uninstalled' AND state <> $2
      AND (CAST($4 AS TEXT) IS NULL OR sealed_access_token = CAST($4 AS TEXT))`,
  resealAccessToken: `
    UPDATE installed_stores SET sealed_access_token = $3, key_id = $4
    WHERE store_hash = $1 AND sealed_access_token = $2
    RETURNING store_hash`,
  forgetInstall: `
    UPDATE installed_stores SET sealed_access_token = NULL, key_id = NULL, scopes = '[]', fast_app_id = NULL,
      order_status_ids = NULL, state = 'uninstalled', updated_at = $2
    WHERE store_hash = $1`,
  recentOrders: `
    SELECT fast_order_id, cart_id, bc_order_id, updated_at FROM fast_orders
    WHERE store_hash = $1 ORDER BY updated_at DESC, fast_order_id LIMIT $2`
} as const

/** Every table holding a store's shoppers' data or its work in progress: an uninstall empties them all. */
const STORE_TABLES = ['fast_lines', 'fast_orders', 'idempotency_requests', 'leases', 'conversions'] as const

/**
 * One bounded batch of the reaper: the subselect picks at most $2 rows through the condition's
 * partial index, and the delete finds each by its physical row id (SQLite's rowid, PostgreSQL's
 * ctid: the one dialect difference), so neither scans more than the batch nor locks the table. The
 * condition is repeated outside so that in PostgreSQL a row changed since the subselect read it (an
 * expired claim taken over meanwhile) is rechecked and kept.
 */
const reap = (rowId: string, condition: string) => `
  DELETE FROM idempotency_requests
  WHERE ${rowId} IN (SELECT ${rowId} FROM idempotency_requests WHERE ${condition} LIMIT $2) AND ${condition}
  RETURNING request_id`

const STEPS: readonly ConversionStep[] = ['started', 'created', 'stamped']

/** Rounds of claim-then-look a claim may take when the key changes state between the two. */
const CLAIM_ATTEMPTS = 5

export function sqlStorage (db: SqlDriver, options: StorageOptions = {}): Storage {
  const now = options.now ?? Date.now
  const reapCompleted = reap(db.rowId, 'completed_at IS NOT NULL AND completed_at < $1')
  const reapExpired = reap(db.rowId, 'completed_at IS NULL AND locked_until < $1')
  const first = async (sql: string, params: readonly SqlValue[]) => (await db.query(sql, params))[0]
  /** `statement`, with the owner's named leases freed in its transaction when there are any. */
  const withLeasesReleased = async (statement: { sql: string, params: readonly SqlValue[] }, storeHash: string, owner: string, leases: readonly string[]): Promise<Row[][]> => {
    if (leases.length === 0) return [await db.query(statement.sql, statement.params)]
    return await db.transaction([statement, ...leases.map(name => ({ sql: SQL.releaseLease, params: [storeHash, name, owner] }))])
  }

  return {
    async saveInstall ({ storeHash, sealedAccessToken, keyId, scopes }) {
      // A re-install starts clean: a Fast call that was under way during the uninstall may have
      // saved its order (or its answer) after the uninstall emptied the tables. Emptied again here,
      // in the install's transaction, only when the store comes back from `uninstalled`.
      await db.transaction([
        ...STORE_TABLES.map(table => ({ sql: `DELETE FROM ${table} WHERE store_hash = $1 AND ${SQL.wasUninstalled}`, params: [storeHash] })),
        { sql: SQL.saveInstall, params: [storeHash, sealedAccessToken, keyId, JSON.stringify(scopes), now()] }
      ])
    },
    async getInstalledStore (storeHash) {
      return toInstalledStore(await first(SQL.installedStore, [storeHash]))
    },
    async findStoreByFastAppId (fastAppId) {
      return toInstalledStore(await first(SQL.storeByFastAppId, [fastAppId]))
    },
    async saveStoreSettings (storeHash, { fastAppId, orderStatusIds }) {
      try {
        const rows = await db.query(SQL.saveStoreSettings, [storeHash, fastAppId, orderStatusIds === null ? null : JSON.stringify(orderStatusIds), now()])
        return rows.length > 0 ? 'saved' : 'not_installed'
      } catch (err) {
        // The unique index decides, so two stores saving one App ID at once cannot both win.
        if (db.isUniqueViolation(err)) return 'app_id_taken'
        throw err
      }
    },
    async setStoreState (storeHash, state, expectedSealedAccessToken) {
      await db.query(SQL.setStoreState, [storeHash, state, now(), expectedSealedAccessToken ?? null])
    },
    async resealAccessToken (storeHash, expectedSealed, sealedAccessToken, keyId) {
      return (await db.query(SQL.resealAccessToken, [storeHash, expectedSealed, sealedAccessToken, keyId])).length > 0
    },
    async forgetStore (storeHash) {
      // One transaction: the store stops being served and its data go together. Every statement is
      // idempotent, so a retried uninstall (BigCommerce calls again) finishes whatever was left.
      await db.transaction([
        { sql: SQL.forgetInstall, params: [storeHash, now()] },
        ...STORE_TABLES.map(table => ({ sql: `DELETE FROM ${table} WHERE store_hash = $1`, params: [storeHash] }))
      ])
    },
    async listRecentOrders (storeHash, limit) {
      return (await db.query(SQL.recentOrders, [storeHash, limit])).map(toRecentOrder)
    },
    async findOrderByFastId (storeHash, fastOrderId) {
      return toOrder(await first(SQL.orderByFastId, [storeHash, fastOrderId]))
    },
    async findOrderByCartId (storeHash, cartId) {
      return toOrder(await first(SQL.orderByCartId, [storeHash, cartId]))
    },
    async findOrderByBcOrderId (storeHash, bcOrderId) {
      return toOrder(await first(SQL.orderByBcOrderId, [storeHash, bcOrderId]))
    },
    async saveOrder (r) {
      await db.query(SQL.upsertOrder, [r.storeHash, r.fastOrderId, r.cartId, r.bcOrderId, r.billingAddressId, r.currencyCode, JSON.stringify(r.consignmentIds), r.cartVersion, now()])
    },
    async listLines (storeHash, fastOrderId) {
      return (await db.query(SQL.linesOf, [storeHash, fastOrderId])).map(toLine)
    },
    async saveLines (lines) {
      if (lines.length === 0) return
      await db.batch(SQL.upsertLine, lines.map(l => [
        l.storeHash, l.fastOrderId, l.fastLineId, l.bcItemId, l.productId, l.variantId, l.physical ? 1 : 0, l.imageUrl,
        l.options === null ? null : JSON.stringify(l.options)
      ]))
    },
    async deleteLines (storeHash, fastOrderId, fastLineIds) {
      if (fastLineIds.length === 0) return
      await db.batch(SQL.deleteLine, fastLineIds.map(id => [storeHash, fastOrderId, id]))
    },

    async claimRequest (storeHash, requestId, fingerprint, owner, leaseMs, lease): Promise<ClaimResult> {
      // A completed answer is final, so a replay reads it with no claim: no write, and on PostgreSQL
      // no transaction and no row lock that concurrent replays of one request_id would queue on
      // (one round trip instead of five). A new request pays this one indexed read more.
      const known = await first(SQL.request, [storeHash, requestId])
      if (known !== undefined && known.completed_at !== null) return settled(known, fingerprint)
      for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        const at = now()
        const claim = { sql: SQL.claim, params: [storeHash, requestId, fingerprint, owner, at + leaseMs, at] }
        if (lease === undefined) {
          if ((await db.query(claim.sql, claim.params)).length > 0) return { state: 'claimed' }
        } else {
          const [taken, leased] = await db.transaction([claim, { sql: SQL.leaseWithClaim, params: [storeHash, lease.name, owner, at + lease.leaseMs, at, requestId] }])
          if ((taken?.length ?? 0) > 0) return { state: 'claimed', lease: (leased?.length ?? 0) > 0 }
        }
        const row = await first(SQL.request, [storeHash, requestId])
        if (row === undefined) continue // reaped between the two statements
        if (row.fingerprint !== fingerprint || row.completed_at !== null) return settled(row, fingerprint)
        if (row.owner !== null && Number(row.locked_until) > at) return { state: 'running', owner: String(row.owner) }
        // Released or expired between the two statements: claim again.
      }
      throw new Error(`idempotency key ${requestId} kept changing state while being claimed`)
    },
    async completeRequest (storeHash, requestId, owner, response, releaseLeases = []) {
      const [completed] = await withLeasesReleased({ sql: SQL.complete, params: [storeHash, requestId, owner, response.statusCode, JSON.stringify(response.headers), response.body, now()] }, storeHash, owner, releaseLeases)
      return (completed?.length ?? 0) > 0
    },
    async releaseRequest (storeHash, requestId, owner, releaseLeases = []) {
      await withLeasesReleased({ sql: SQL.release, params: [storeHash, requestId, owner, now()] }, storeHash, owner, releaseLeases)
    },
    async reapRequests (olderThanMs, limit) {
      const before = now() - olderThanMs
      let removed = (await db.query(reapCompleted, [before, limit])).length
      if (removed < limit) removed += (await db.query(reapExpired, [before, limit - removed])).length
      if (removed > 0) await db.reclaimSpace?.()
      return removed
    },

    async acquireLease (storeHash, name, owner, leaseMs) {
      const at = now()
      return (await db.query(SQL.acquireLease, [storeHash, name, owner, at + leaseMs, at])).length > 0
    },
    async releaseLease (storeHash, name, owner) {
      await db.query(SQL.releaseLease, [storeHash, name, owner])
    },

    async getConversion (storeHash, fastOrderId) {
      return toConversion(await first(SQL.conversion, [storeHash, fastOrderId]))
    },
    async advanceConversion (storeHash, fastOrderId, expected, next) {
      if (expected !== undefined && STEPS.indexOf(next.step) <= STEPS.indexOf(expected)) {
        throw new RangeError(`conversion cannot move from ${expected} to ${next.step}`)
      }
      const bcOrderId = next.bcOrderId ?? null
      // A recovery point lost on power failure reopens the duplicate-order window (G9): durable.
      const rows = expected === undefined
        ? await db.query(SQL.startConversion, [storeHash, fastOrderId, next.step, bcOrderId, now()], { durable: true })
        : await db.query(SQL.advanceConversion, [storeHash, fastOrderId, expected, next.step, bcOrderId, next.bcOrderId === undefined ? 0 : 1, now()], { durable: true })
      return rows.length > 0
    },
    async resetConversion (storeHash, fastOrderId, expected) {
      return (await db.query(SQL.resetConversion, [storeHash, fastOrderId, expected], { durable: true })).length > 0
    },
    async setFastStatus (storeHash, fastOrderId, fastStatus) {
      const rows = await db.query(SQL.setFastStatus, [storeHash, fastOrderId, fastStatus, now()])
      if (rows.length === 0) throw new Error(`no conversion recorded for order ${fastOrderId} of store ${storeHash}`)
    },

    async ping () {
      await db.query(SQL.ping, [])
    },
    async close () {
      await db.close()
    }
  }
}

const text = (value: unknown) => value === null || value === undefined ? null : String(value)
const int = (value: unknown) => value === null || value === undefined ? null : Number(value)

function toOrder (row: Row | undefined): OrderRecord | undefined {
  if (row === undefined) return undefined
  return {
    storeHash: String(row.store_hash),
    fastOrderId: String(row.fast_order_id),
    cartId: String(row.cart_id),
    bcOrderId: int(row.bc_order_id),
    billingAddressId: text(row.billing_address_id),
    currencyCode: text(row.currency_code),
    consignmentIds: JSON.parse(String(row.consignment_ids)) as string[],
    cartVersion: row.cart_version === null || row.cart_version === undefined ? null : Number(row.cart_version)
  }
}

function toLine (row: Row): LineRecord {
  return {
    storeHash: String(row.store_hash),
    fastOrderId: String(row.fast_order_id),
    fastLineId: String(row.fast_line_id),
    bcItemId: String(row.bc_item_id),
    productId: Number(row.product_id),
    variantId: int(row.variant_id),
    physical: Number(row.physical) === 1,
    imageUrl: text(row.image_url),
    options: row.options_json === null || row.options_json === undefined ? null : JSON.parse(String(row.options_json)) as LineOption[]
  }
}

/** A request row that decides the answer itself: another body under the same request_id, or its stored answer. */
function settled (row: Row, fingerprint: string): ClaimResult {
  return row.fingerprint !== fingerprint ? { state: 'mismatch' } : { state: 'completed', response: toResponse(row) }
}

function toResponse (row: Row): StoredResponse {
  return {
    statusCode: Number(row.status_code),
    headers: JSON.parse(String(row.headers)) as Record<string, string>,
    body: String(row.body)
  }
}

function toConversion (row: Row | undefined): ConversionRecord | undefined {
  if (row === undefined) return undefined
  return {
    storeHash: String(row.store_hash),
    fastOrderId: String(row.fast_order_id),
    // `created` without an order id (an order POST answered without one, before that answer was
    // checked) says no more than `started`: the order's existence is unknown.
    step: row.step === 'created' && row.bc_order_id === null ? 'started' : String(row.step) as ConversionStep,
    bcOrderId: int(row.bc_order_id),
    fastStatus: int(row.fast_status),
    updatedAt: Number(row.updated_at)
  }
}

function toInstalledStore (row: Row | undefined): InstalledStoreRecord | undefined {
  if (row === undefined) return undefined
  return {
    storeHash: String(row.store_hash),
    sealedAccessToken: text(row.sealed_access_token),
    keyId: text(row.key_id),
    scopes: JSON.parse(String(row.scopes)) as string[],
    fastAppId: text(row.fast_app_id),
    orderStatusIds: row.order_status_ids === null || row.order_status_ids === undefined
      ? null
      : JSON.parse(String(row.order_status_ids)) as InstalledStoreRecord['orderStatusIds'],
    state: String(row.state) as StoreState,
    installedAt: Number(row.installed_at),
    updatedAt: Number(row.updated_at)
  }
}

function toRecentOrder (row: Row): RecentOrder {
  return {
    fastOrderId: String(row.fast_order_id),
    cartId: String(row.cart_id),
    bcOrderId: int(row.bc_order_id),
    updatedAt: Number(row.updated_at)
  }
}
