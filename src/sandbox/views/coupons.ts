/** Coupon type names and numbers (carts `AppliedCoupon`, marketing v2, orders v2 `type`). */
import type { CouponType } from '../types.js'

const NUMBERS: Record<CouponType, number> = {
  per_item_discount: 0,
  percentage_discount: 1,
  per_total_discount: 2,
  shipping_discount: 3,
  free_shipping: 4
}

export function couponTypeNumber (type: CouponType): number {
  return NUMBERS[type]
}
