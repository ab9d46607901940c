/**
 * Integer minor units at the edges: seed strings in, v3 JSON numbers and v2 four-decimal strings
 * out. Every sum, discount and tax in the emulator is done on whole cents, never on floats.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/

/** "29.99" -> 2999. Extra decimals are rounded half up. */
export function toCents (text: string | number): number {
  const match = DECIMAL.exec(String(text).trim())
  if (match === null) throw new TypeError(`not a decimal amount: ${JSON.stringify(text)}`)
  const [, sign, whole, fraction = ''] = match
  const padded = (fraction + '000').slice(0, 3)
  const thousandths = Number(whole) * 1000 + Number(padded)
  const cents = Math.floor((thousandths + 5) / 10)
  return sign === '-' ? -cents : cents
}

/** A rate in percent ("8.25") as basis points (825), so rates stay integers too. */
export function toBasisPoints (percent: string | undefined): number {
  if (percent === undefined || percent === '') return 0
  return toCents(percent)
}

/** amount × basisPoints / 10000, rounded half up: a percentage of a cent amount. */
export function percentOf (cents: number, basisPoints: number): number {
  return Math.floor((cents * basisPoints + 5_000) / 10_000)
}

/** 2999 -> 29.99 for v3 bodies (JSON numbers). The division is the only float step, at the edge. */
export function v3Amount (cents: number): number {
  return Number(centsText(cents, 2))
}

/** 2999 -> "29.9900" for v2 bodies. */
export function v2Amount (cents: number): string {
  return centsText(cents, 4)
}

function centsText (cents: number, decimals: number): string {
  const negative = cents < 0
  const digits = String(Math.abs(cents)).padStart(3, '0')
  const text = `${digits.slice(0, -2)}.${digits.slice(-2)}${'0'.repeat(decimals - 2)}`
  return negative ? `-${text}` : text
}

/** Splits `total` over `weights` pro rata in whole cents; the remainder goes to the largest weights first. */
export function allocate (total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  if (sum <= 0 || total <= 0) return weights.map(() => 0)
  const shares = weights.map((weight) => Math.floor(total * weight / sum))
  let left = total - shares.reduce((a, b) => a + b, 0)
  const order = weights.map((weight, index) => ({ weight, index })).sort((a, b) => b.weight - a.weight)
  for (let i = 0; left > 0; i = (i + 1) % order.length, left--) shares[order[i].index] += 1
  return shares
}
