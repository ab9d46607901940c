/**
 * The schema, as numbered steps shared by SQLite and PostgreSQL. Each step is plain SQL that both
 * accept; a step once released is never edited, only followed by another.
 */
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
  }
]
