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
}

export interface Storage {
  findOrderByFastId(storeHash: string, fastOrderId: string): Promise<OrderRecord | undefined>
  findOrderByCartId(storeHash: string, cartId: string): Promise<OrderRecord | undefined>
  findOrderByBcOrderId(storeHash: string, bcOrderId: number): Promise<OrderRecord | undefined>
  /** Inserts or replaces the record of one Fast order. */
  saveOrder(record: OrderRecord): Promise<void>
  listLines(storeHash: string, fastOrderId: string): Promise<LineRecord[]>
  /** Inserts or replaces these lines of one order, leaving its other lines alone. */
  saveLines(lines: LineRecord[]): Promise<void>
  close(): Promise<void>
}
