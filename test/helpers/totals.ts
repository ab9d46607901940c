/** Whether a Fast order's totals add up, in exact decimal arithmetic. */
import { subtractAmounts, sumAmounts } from '../../src/money.js'

export function totalsAddUp (order: { sub_total?: string, total_discounts?: string, total_tax?: string, total_shipping?: string, total_amount?: string }): boolean {
  const expected = subtractAmounts(sumAmounts([order.sub_total, order.total_tax, order.total_shipping]), order.total_discounts ?? '0')
  return expected === order.total_amount
}
