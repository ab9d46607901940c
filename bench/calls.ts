/**
 * Section 3, BigCommerce calls per Fast operation: one full checkout (and a read of a cart),
 * counted step by step from the emulator's counters, next to the documented minimum
 * (spec bigcommerce.md §1.7) and the goal for a whole checkout.
 */
import { withSend, type Context } from './context.js'
import { callsBetween, callsByKey } from './emulator.js'
import { checkout, createCart, readBody, type CheckoutStep } from './journey.js'

export interface CallsRow { operation: 'read' | CheckoutStep | 'checkout', measured: number, minimum: number, calls: Record<string, number> }
export interface CallsResult { rows: CallsRow[], checkoutGoal: number }

/** The fewest calls each can take (spec bigcommerce.md §1.7, happy path). */
export const MINIMUM: Record<CallsRow['operation'], number> = {
  read: 1, create: 1, bill_to: 2, ship_to: 1, option: 1, 'add item': 2, coupon: 2, convert: 2, BOOKED: 1, PENDING_FULFILLMENT: 1, checkout: 13
}
export const CHECKOUT_GOAL = 13

export async function callsSection (ctx: Context): Promise<CallsResult> {
  const bridge = await ctx.bridge('calls per operation')
  const rows: CallsRow[] = []
  const authorization = ctx.authorizations[0]
  try {
    await withSend(bridge.url, 1, async (send) => {
      const row = async (operation: CallsRow['operation'], since: Record<string, number>): Promise<Record<string, number>> => {
        const now = await callsByKey(ctx.emulator.url)
        const calls = callsBetween(since, now)
        rows.push({ operation, measured: Object.values(calls).reduce((sum, n) => sum + n, 0), minimum: MINIMUM[operation], calls })
        return now
      }
      const cart = await createCart(send, authorization)
      let last = await callsByKey(ctx.emulator.url)
      await send('read', authorization, readBody(cart.cartId))
      last = await row('read', last)
      const start = last
      await checkout(send, authorization, async (step) => { last = await row(step, last) })
      await row('checkout', start)
    })
  } finally {
    await bridge.stop()
  }
  return { rows, checkoutGoal: CHECKOUT_GOAL }
}
