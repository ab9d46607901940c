/**
 * Update segment `coupon`: apply or remove one coupon code. BigCommerce refuses an unknown or
 * expired code without changing the checkout, so the order stays as it was.
 */
import { BigCommerceError } from '../../bigcommerce/client.js'
import { addCoupon, removeCoupon } from '../../bigcommerce/checkouts.js'
import { badRequest, unprocessable } from '../../fast/errors.js'
import type { CouponUpdate } from '../../fast/schemas/index.js'
import type { OperationContext } from '../context.js'
import { UpdateOrderSegmentType } from '../fast-order.js'
import { withCartVersion } from './cart-version.js'
import type { SegmentStatus, UpdateState } from './state.js'

const MAX_CODE = 50 // BigCommerce's limit on coupon_code

/** The coupon code to apply or remove; bad input throws before any call. */
export function checkCoupon (coupon: CouponUpdate): string {
  const code = coupon.code?.trim() ?? ''
  if (code === '') throw badRequest('COUPON_CODE_MISSING', 'coupon.code is required', { field: 'coupon.code' })
  if (code.length > MAX_CODE) throw unprocessable('INVALID_COUPON', `Coupon codes have at most ${MAX_CODE} characters`, { code: code.slice(0, MAX_CODE) })
  return code
}

export async function updateCoupon (ctx: OperationContext, state: UpdateState, coupon: CouponUpdate): Promise<SegmentStatus> {
  const code = checkCoupon(coupon)
  try {
    state.checkout = await withCartVersion(ctx, state, async version => coupon.remove === true
      ? await removeCoupon(ctx.api, state.record.cartId, code, version)
      : await addCoupon(ctx.api, state.record.cartId, code, version))
  } catch (err) {
    if (err instanceof BigCommerceError && [400, 422].includes(err.status)) {
      throw unprocessable('INVALID_COUPON', `The coupon "${code}" cannot be applied: ${err.title}`, { code })
    }
    if (err instanceof BigCommerceError && err.status === 404 && coupon.remove === true) {
      // Removing a coupon that is not applied leaves the order as the shopper wants it.
      state.complete = false
      return { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_COUPON, status: true, message: 'coupon removed' }
    }
    throw err
  }
  // The coupon endpoints take no include: consignments lack their options, so read once more.
  state.complete = false
  return { updated: UpdateOrderSegmentType.UPDATE_ORDER_SEGMENT_TYPE_COUPON, status: true, message: coupon.remove === true ? 'coupon removed' : 'coupon added' }
}
