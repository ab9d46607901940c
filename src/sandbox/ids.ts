/** Ids shaped like BigCommerce's: UUIDs for carts and lines, 13 hex digits for addresses and consignments. */
import { randomBytes, randomUUID } from 'node:crypto'

export function uuid (): string {
  return randomUUID()
}

export function hex13 (): string {
  return randomBytes(7).toString('hex').slice(0, 13)
}
