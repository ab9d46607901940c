/**
 * The schema, as numbered steps shared by SQLite and PostgreSQL. Each step is plain SQL that both
 * accept (TEXT, BIGINT, INTEGER; no serial ids, no dialect types); a step once released is never
 * edited, only followed by another. Each backend applies the missing steps at open, inside its own
 * lock (SQLite: one BEGIN IMMEDIATE transaction; PostgreSQL: an advisory lock), recording each in
 * `schema_migrations`.
 */

/** Both databases accept it; created before any step, so a fresh database can be asked what it has. */
export const MIGRATIONS_TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)'

export const MIGRATIONS: ReadonlyArray<{ version: number, sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE fast_orders (
        store_hash TEXT NOT NULL,
        fast_order_id TEXT NOT NULL,
        cart_id TEXT NOT NULL,
        bc_order_id BIGINT,
        billing_address_id TEXT,
        currency_code TEXT,
        consignment_ids TEXT NOT NULL DEFAULT '[]',
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (store_hash, fast_order_id)
      );
      CREATE UNIQUE INDEX fast_orders_cart ON fast_orders (store_hash, cart_id);
      CREATE INDEX fast_orders_bc_order ON fast_orders (store_hash, bc_order_id);
      CREATE TABLE fast_lines (
        store_hash TEXT NOT NULL,
        fast_order_id TEXT NOT NULL,
        fast_line_id TEXT NOT NULL,
        bc_item_id TEXT NOT NULL,
        product_id BIGINT NOT NULL,
        variant_id BIGINT,
        physical INTEGER NOT NULL,
        image_url TEXT,
        PRIMARY KEY (store_hash, fast_order_id, fast_line_id)
      );
    `
  },
  {
    // Idempotency records (G1-G7), leases (per-cart serialisation) and conversion recovery points (G9).
    // Times are epoch milliseconds. A released claim keeps its row (owner NULL, lease expired) so its
    // fingerprint still catches a reuse with another body. Partial indexes serve the reaper's two
    // passes without indexing the rows each pass skips. fast_lines gains the position that gives
    // lines back in the order they were saved (step 1 relied on SQLite's rowid, which PostgreSQL
    // lacks); lines saved before this step tie at 0 and fall back to line-id order.
    version: 2,
    sql: `
      ALTER TABLE fast_lines ADD COLUMN position BIGINT NOT NULL DEFAULT 0;
      CREATE TABLE idempotency_requests (
        store_hash TEXT NOT NULL,
        request_id TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        owner TEXT,
        locked_until BIGINT NOT NULL,
        status_code INTEGER,
        headers TEXT,
        body TEXT,
        created_at BIGINT NOT NULL,
        completed_at BIGINT,
        PRIMARY KEY (store_hash, request_id)
      );
      CREATE INDEX idempotency_requests_completed ON idempotency_requests (completed_at) WHERE completed_at IS NOT NULL;
      CREATE INDEX idempotency_requests_expired ON idempotency_requests (locked_until) WHERE completed_at IS NULL;
      CREATE TABLE leases (
        store_hash TEXT NOT NULL,
        name TEXT NOT NULL,
        owner TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (store_hash, name)
      );
      CREATE TABLE conversions (
        store_hash TEXT NOT NULL,
        fast_order_id TEXT NOT NULL,
        step TEXT NOT NULL,
        bc_order_id BIGINT,
        fast_status INTEGER,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (store_hash, fast_order_id)
      );
    `
  },
  {
    version: 3,
    // The cart version BigCommerce last answered, sent with the next change (optimistic concurrency).
    sql: 'ALTER TABLE fast_orders ADD COLUMN cart_version BIGINT;'
  },
  {
    version: 4,
    // A line's options as BigCommerce listed them when the item was made: the consignment endpoints
    // cannot include them (checkouts.v3.yml), and an item's options never change while it exists.
    sql: 'ALTER TABLE fast_lines ADD COLUMN options_json TEXT;'
  },
  {
    version: 5,
    // Stores installed from the control panel (issue 9). The access token is sealed by the Keyring
    // (key_id names the key, for rotation); scopes and order_status_ids are JSON text. A Fast App ID
    // selects one store: UNIQUE, and NULL (not entered yet, or uninstalled) may repeat in both
    // databases (PostgreSQL's NULLS DISTINCT default, SQLite's rule). fast_orders gains the index
    // the settings page's "recent orders" reads newest first.
    sql: `
      CREATE TABLE installed_stores (
        store_hash TEXT PRIMARY KEY,
        sealed_access_token TEXT,
        key_id TEXT,
        scopes TEXT NOT NULL DEFAULT '[]',
        fast_app_id TEXT,
        order_status_ids TEXT,
        state TEXT NOT NULL,
        installed_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE UNIQUE INDEX installed_stores_fast_app_id ON installed_stores (fast_app_id);
      CREATE INDEX fast_orders_recent ON fast_orders (store_hash, updated_at);
    `
  }
]
