/** What the segments of one update share: the order's record and the latest checkout seen. */
import type { Checkout, Order, OrderCoupon } from '../../bigcommerce/types.js'
import type { LineRecord, OrderRecord } from '../../storage/storage.js'
export type { SegmentStatus } from '../fast-order.js'

export interface UpdateState {
  record: OrderRecord
  lines: LineRecord[]
  /** The checkout as BigCommerce last answered it during this update. */
  checkout?: Checkout
  /** Whether that answer carried every include a Fast order needs (else one GET rebuilds it). */
  complete: boolean
  /** The converted order as read (and changed) during this update: the answer is built from it. */
  order?: Order
  /** That order's coupons, when read during this update (else the answer reads them if it has any). */
  orderCoupons?: OrderCoupon[]
  /** The cart version BigCommerce last answered, sent with the next change. */
  version?: number
  /** The BigCommerce customer this request's user_info names: a cart made anew is made theirs. */
  customerId?: number
}

