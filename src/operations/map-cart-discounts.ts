/**
 * A cart line's discounts (finding 1 of issue 8). What BigCommerce says about a line item:
 *  - `coupon_amount`: "the total value of all coupons applied to this item" (carts.v3.yml,
 *    checkouts.v3.yml);
 *  - `discounts[]`: each discount on the item once, the coupons' share under the id "coupon"
 *    (carts.v3.yml's Applied Discount text: `{id: 2, ...}, {id: "coupon", ...}`), the store's
 *    promotions under their rule id, manual discounts as "manual-discount";
 *  - `discount_amount`: carts.v3.yml says it includes coupons, checkouts.v3.yml says "all
 *    discounts", and checkouts.v3.yml's "Coupon Applied" example has it 0 beside a coupon_amount of
 *    6.4: it cannot be trusted to hold the coupons or to leave them out.
 * So the line's discount is the store's listed discounts plus coupon_amount, each counted once:
 * `discount_amount` is only read when the item lists nothing, and then as covering the coupons
 * (the larger of the two), which can only under-count a promotion, never count a coupon twice.
 * Entries whose id is an applied coupon's id are read as coupon money too, as stores (and our
 * emulator) that list coupons by id do.
 */
import { formatAmount, maxAmount, sumAmounts } from '../money.js'
import type { AppliedCoupon, LineItem } from '../bigcommerce/types.js'
import type { FastDiscount, FastOrder } from './fast-order.js'
import { DiscountOrigin, DiscountType } from './fast-order.js'
import { couponDiscountType, isShippingCoupon } from './map-shared.js'

const COUPON_DISCOUNT_ID = 'coupon'

type AppliedDiscount = NonNullable<LineItem['discounts']>[number]

export interface LineDiscount {
  /** Store discounts plus coupons, each once: Fast's `line_discount_amount`. */
  amount: string
  /** The same money itemised: the store's (VENDOR) and one entry for the coupons (USER). */
  discounts: FastDiscount[]
}

export function lineDiscount (item: LineItem, coupons: AppliedCoupon[] | undefined, decimals: number): LineDiscount {
  const applied = coupons ?? []
  const listed = item.discounts ?? []
  const isCouponShare = (discount: AppliedDiscount): boolean =>
    String(discount.id) === COUPON_DISCOUNT_ID || applied.some(coupon => coupon.id !== undefined && String(coupon.id) === String(discount.id))
  const storeListed = listed.filter(discount => !isCouponShare(discount))
  const couponMoney = item.coupon_amount === undefined
    ? sumAmounts(listed.filter(isCouponShare).map(discount => discount.discounted_amount), decimals)
    : formatAmount(item.coupon_amount, decimals)
  const zero = formatAmount(0, decimals)

  if (listed.length === 0) {
    const amount = maxAmount(formatAmount(item.discount_amount, decimals), couponMoney, decimals)
    const storeMoney = sumAmounts([amount, `-${couponMoney}`], decimals)
    return {
      amount,
      discounts: [
        ...(storeMoney === zero ? [] : [vendorDiscount('', storeMoney)]),
        ...(couponMoney === zero ? [] : [couponShare(applied, couponMoney)])
      ]
    }
  }
  const store = storeListed.map(discount => vendorDiscount(String(discount.id ?? ''), formatAmount(discount.discounted_amount, decimals)))
  return {
    amount: sumAmounts([...store.map(discount => discount.total_amount), couponMoney], decimals),
    discounts: [...store, ...(couponMoney === zero ? [] : [couponShare(applied, couponMoney)])]
  }
}

function vendorDiscount (code: string, amount: string): FastDiscount {
  return { code, origin: DiscountOrigin.DISCOUNT_ORIGIN_VENDOR, type: DiscountType.DISCOUNT_TYPE_REGULAR, applied: true, total_amount: amount }
}

/** BigCommerce gives a line one coupon total, not one per coupon: one entry naming them all. */
function couponShare (coupons: AppliedCoupon[], amount: string): FastDiscount {
  const onItems = coupons.filter(coupon => !isShippingCoupon(coupon.coupon_type))
  const names = onItems.map(coupon => coupon.display_name).filter((name): name is string => name !== undefined && name !== '')
  return {
    code: onItems.map(coupon => coupon.code).join(','),
    ...(names.length === 0 ? {} : { description: names.join(', ') }),
    origin: DiscountOrigin.DISCOUNT_ORIGIN_USER,
    type: DiscountType.DISCOUNT_TYPE_REGULAR,
    applied: true,
    total_amount: amount
  }
}

/** The order's coupons, each with the money it took off the whole cart or checkout. */
export function mapAppliedCoupons (coupons: AppliedCoupon[] | undefined, decimals: number): Pick<FastOrder, 'coupons'> {
  if (coupons === undefined || coupons.length === 0) return {}
  return {
    coupons: coupons.map(coupon => ({
      code: coupon.code,
      ...(coupon.display_name === undefined ? {} : { description: coupon.display_name }),
      origin: DiscountOrigin.DISCOUNT_ORIGIN_USER,
      type: couponDiscountType(coupon.coupon_type),
      applied: true,
      total_amount: formatAmount(coupon.discounted_amount, decimals)
    }))
  }
}
