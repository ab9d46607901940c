/**
 * What the bridge remembers, per store: which BigCommerce cart (and later order) a Fast order is,
 * and which BigCommerce line item each Fast line is. One interface; SQLite and PostgreSQL
 * implement it and pass one contract test.
 */

export interface OrderRecord {
  storeHash: string
  /** Fast's order id (a UUID Fast chose). */
  fastOrderId: string
  /** BigCommerce cart id, which is also the checkout id. */
  cartId: string
  /** BigCommerce order id once the cart was converted. */
  bcOrderId: number | null
  /** BigCommerce's id of the checkout's billing address, so a second bill_to is a PUT. */
  billingAddressId: string | null
  currencyCode: string | null
  /** BigCommerce consignment ids, in the order Fast's shipments created them. */
  consignmentIds: string[]
  /** The cart `version` BigCommerce last answered; sent with the next change, which a 409 refuses if stale. */
  cartVersion: number | null
}

export interface LineRecord {
  storeHash: string
  fastOrderId: string
  /** Fast's line id (a UUID Fast chose). */
  fastLineId: string
  /** BigCommerce line item id; BigCommerce may replace it, so product and variant are kept too. */
  bcItemId: string
  productId: number
  variantId: number | null
  /** BigCommerce's list the item sits in: only physical items can be put in a consignment. */
  physical: boolean
  /** Kept for order-phase reads: v2 order products carry no image. */
  imageUrl: string | null
  /**
   * The item's options (variant options and modifiers) as BigCommerce listed them when it was made;
   * null when unknown. Answers of the consignment endpoints cannot include them.
   */
  options: LineOption[] | null
}

/** One option of a cart line item, as carts.v3.yml `ProductOption` lists it. */
export interface LineOption {
  name?: string
  nameId?: number
  value?: string
  valueId?: number
}

/**
 * Everything the bridge keeps. Every method is atomic on its own across processes sharing the
 * database (one statement, or one transaction); none holds a lock between calls.
 */
export interface Storage extends IdempotencyStore, LeaseStore, ConversionStore, InstalledStoreStore {
  findOrderByFastId(storeHash: string, fastOrderId: string): Promise<OrderRecord | undefined>
  findOrderByCartId(storeHash: string, cartId: string): Promise<OrderRecord | undefined>
  findOrderByBcOrderId(storeHash: string, bcOrderId: number): Promise<OrderRecord | undefined>
  /** Inserts or replaces the record of one Fast order. */
  saveOrder(record: OrderRecord): Promise<void>
  listLines(storeHash: string, fastOrderId: string): Promise<LineRecord[]>
  /** Inserts or replaces these lines of one order, leaving its other lines alone. */
  saveLines(lines: LineRecord[]): Promise<void>
  /** Deletes these lines of one order (a line Fast set to quantity 0); unknown ids are ignored. */
  deleteLines(storeHash: string, fastOrderId: string, fastLineIds: string[]): Promise<void>
  /** Runs a trivial statement: resolves when the database answers, rejects when it cannot (readiness). */
  ping(): Promise<void>
  close(): Promise<void>
}

/** A stored answer, replayed byte for byte when Fast repeats a request_id. */
export interface StoredResponse {
  statusCode: number
  /** The response headers worth replaying (content-type), lower-case names. */
  headers: Record<string, string>
  body: string
}

export type ClaimResult =
  /**
   * Nobody had this key: the caller owns it now and must complete or release it. `lease`: whether
   * the lease asked for with the claim was taken too (false when another holder has it).
   */
  | { state: 'claimed', lease?: boolean }
  /** Another execution holds the key and its lease has not expired. */
  | { state: 'running', owner: string }
  /** The request already ran to a definitive answer. */
  | { state: 'completed', response: StoredResponse }
  /** The key was used with another operation or body. */
  | { state: 'mismatch' }

export interface IdempotencyStore {
  /**
   * Claims (store, requestId) for `owner` with a lease of `leaseMs`. An expired lease (its owner
   * crashed) or a released one is taken over; a claim by the owner that already holds the key
   * renews its lease (answers `claimed`), so a long execution can extend it. A fingerprint other
   * than the first one is a `mismatch`, whatever state the key is in. Atomic across processes
   * sharing the database: of concurrent claims by distinct owners, exactly one answers `claimed`.
   * `owner` must therefore be unique per execution (a random UUID), never an instance id.
   * With `lease`, a claim that succeeds also takes that named lease (as LeaseStore.acquireLease,
   * for `owner`) in the same transaction: the execution's two writes before its work, committed once.
   */
  claimRequest(storeHash: string, requestId: string, fingerprint: string, owner: string, leaseMs: number, lease?: { name: string, leaseMs: number }): Promise<ClaimResult>
  /**
   * Stores the definitive answer; only the current owner may. Returns false if it lost the key
   * (another owner took the expired lease over, or the key was released or reaped). An owner whose
   * lease ran out but whom nobody replaced may still complete: its answer is as good as any.
   * `releaseLeases` names leases `owner` holds (taken with the claim) to free in the same
   * transaction, whether or not the answer was stored.
   */
  completeRequest(storeHash: string, requestId: string, owner: string, response: StoredResponse, releaseLeases?: readonly string[]): Promise<boolean>
  /**
   * Gives the key up without an answer (a 429, 5xx or timeout), so a retry executes again. Only the
   * owner may; the fingerprint stays, so a retry with another body is still a mismatch.
   * `releaseLeases` as for completeRequest.
   */
  releaseRequest(storeHash: string, requestId: string, owner: string, releaseLeases?: readonly string[]): Promise<void>
  /**
   * Deletes at most `limit` records: those completed more than `olderThanMs` ago (an age, not a
   * date), then unfinished ones whose lease expired more than `olderThanMs` ago. Answers how many;
   * call again while it answers `limit`. Each call is one short statement, never a table-wide lock.
   */
  reapRequests(olderThanMs: number, limit: number): Promise<number>
}

export interface LeaseStore {
  /**
   * Takes the named lease (e.g. `cart:<id>`) for `owner` for `leaseMs` if it is free or expired;
   * true when taken. Serialises mutations of one cart across processes. Re-acquiring a lease one
   * already holds succeeds and extends it to `leaseMs` from now (a heartbeat for long work), so
   * `owner` must be unique per holder (a random UUID), or the lease is not exclusive.
   */
  acquireLease(storeHash: string, name: string, owner: string, leaseMs: number): Promise<boolean>
  /** Frees the lease if `owner` still holds it; a lease since taken by another is left alone. */
  releaseLease(storeHash: string, name: string, owner: string): Promise<void>
}

/**
 * Recovery points of the cart -> order conversion (Brandur Leach's pattern): `started` is written
 * before POST .../orders, `created` with the order id right after, `stamped` once the order carries
 * Fast's id. A crash in between is resolved by looking BigCommerce up, never by posting again.
 */
export type ConversionStep = 'started' | 'created' | 'stamped'

export interface ConversionRecord {
  storeHash: string
  fastOrderId: string
  /** A record stored as `created` without an order id reads (and advances) as `started`. */
  step: ConversionStep
  bcOrderId: number | null
  /** The Fast status (v1OrderStatus number) Fast last had applied, kept for the record: statuses move by BigCommerce's own `status_id`. */
  fastStatus: number | null
  updatedAt: number
}

export interface ConversionStore {
  getConversion(storeHash: string, fastOrderId: string): Promise<ConversionRecord | undefined>
  /**
   * Moves the conversion to `step` only if it is now at `expected` (undefined = no record yet);
   * true when this caller made the move. Compare-and-set, atomic across processes. `bcOrderId`
   * left out keeps the stored one. Throws on a move that is not forward (a programming error).
   */
  advanceConversion(storeHash: string, fastOrderId: string, expected: ConversionStep | undefined, next: { step: ConversionStep, bcOrderId?: number | null }): Promise<boolean>
  /**
   * Deletes the conversion record if it is still at `expected` with no order id (compare-and-delete,
   * atomic across processes); true when deleted. For a conversion known to have made no order (the
   * order POST was refused), so the cart is a cart again.
   */
  resetConversion(storeHash: string, fastOrderId: string, expected: 'started'): Promise<boolean>
  /**
   * Records the Fast status now applied to the order. Throws when the order has no conversion
   * record: a status is applied to an order, which exists only once the conversion started.
   */
  setFastStatus(storeHash: string, fastOrderId: string, fastStatus: number): Promise<void>
}

/** A store that installed the app from the BigCommerce control panel. */
export type StoreState =
  /** Served: Fast's calls for its Fast App ID reach it. */
  | 'active'
  /** BigCommerce answered 401 to its token; not served until the merchant re-authorises (a new /auth). */
  | 'token_refused'
  /** Uninstalled: its token and its shoppers' data are gone. */
  | 'uninstalled'

export interface InstalledStoreRecord {
  storeHash: string
  /** The access token sealed by the Keyring (associated data: the store hash); null once uninstalled. */
  sealedAccessToken: string | null
  /** The id of the key that sealed it, so rows under an old key can be found and re-sealed. */
  keyId: string | null
  /** The scopes BigCommerce granted at the last /auth. */
  scopes: string[]
  /** The store's Fast App ID (the `aud` of Fast's tokens for it); null until the merchant enters it. */
  fastAppId: string | null
  /** BigCommerce status ids the merchant chose for Fast's statuses; null = the defaults. */
  orderStatusIds: { BOOKED?: number, PENDING_FULFILLMENT?: number, CANCELED?: number } | null
  state: StoreState
  installedAt: number
  updatedAt: number
}

export interface RecentOrder {
  fastOrderId: string
  cartId: string
  bcOrderId: number | null
  updatedAt: number
}

export interface InstalledStoreStore {
  /**
   * An install or re-authorisation (/auth): stores the sealed token and scopes and makes the store
   * `active`. Settings (Fast App ID, status ids) are kept while installed; an uninstall cleared them.
   * A re-install after an uninstall starts clean: whatever a call racing the uninstall wrote for the
   * store after it (an order, lines, a stored answer) goes, in the same transaction.
   */
  saveInstall (install: { storeHash: string, sealedAccessToken: string, keyId: string, scopes: string[] }): Promise<void>
  getInstalledStore (storeHash: string): Promise<InstalledStoreRecord | undefined>
  /** The store, in any state, whose Fast App ID this is. */
  findStoreByFastAppId (fastAppId: string): Promise<InstalledStoreRecord | undefined>
  /** 'app_id_taken' when another store has this Fast App ID (unique across stores); nothing saved then. */
  saveStoreSettings (storeHash: string, settings: { fastAppId: string | null, orderStatusIds: InstalledStoreRecord['orderStatusIds'] }): Promise<'saved' | 'app_id_taken' | 'not_installed'>
  /**
   * Moves an installed store between `active` and `token_refused`; an uninstalled store stays so.
   * With `expectedSealedAccessToken`, only while the store still holds that sealed token
   * (compare-and-set): a 401 for a token that a re-authorisation has since replaced changes nothing.
   */
  setStoreState (storeHash: string, state: 'active' | 'token_refused', expectedSealedAccessToken?: string): Promise<void>
  /** Key rotation: replaces the sealed token if it is still `expectedSealed` (compare-and-set). */
  resealAccessToken (storeHash: string, expectedSealed: string, sealedAccessToken: string, keyId: string): Promise<boolean>
  /**
   * Uninstall: the row stays as `uninstalled` (with its times) but loses token, scopes and settings,
   * and every order, line, request record, lease and conversion of the store is deleted.
   */
  forgetStore (storeHash: string): Promise<void>
  /** The store's most recently changed Fast orders, newest first. */
  listRecentOrders (storeHash: string, limit: number): Promise<RecentOrder[]>
}
