/**
 * Money as decimal strings. BigCommerce sends v3 amounts as JSON numbers and v2 amounts as
 * strings with four decimals; Fast wants strings such as "29.99". Every conversion goes through
 * the shortest decimal text of the value and integer arithmetic on BigInt minor units, so no
 * binary-float arithmetic ever touches an amount.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i

/** Digits of a decimal value and the power of ten they are scaled by: value = digits × 10^-scale. */
interface Scaled { digits: bigint, scale: number }

function parseDecimal (value: number | string): Scaled {
  const text = typeof value === 'number' ? numberText(value) : value.trim()
  const match = DECIMAL.exec(text)
  if (match === null) throw new TypeError(`not a decimal amount: ${JSON.stringify(value)}`)
  const [, sign, whole, fraction = '', exponent = '0'] = match
  let digits = BigInt(`${whole}${fraction}`)
  let scale = fraction.length - Number(exponent)
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale)
    scale = 0
  }
  return { digits: sign === '-' ? -digits : digits, scale }
}

function numberText (value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`not a finite amount: ${value}`)
  // String() gives the shortest text that reads back as the same double: the amount BigCommerce meant.
  return String(value)
}

/** Rounds half away from zero, as BigCommerce's own currency display does. */
function toMinorUnits ({ digits, scale }: Scaled, decimals: number): bigint {
  if (scale <= decimals) return digits * 10n ** BigInt(decimals - scale)
  const divisor = 10n ** BigInt(scale - decimals)
  const quotient = digits / divisor
  const remainder = digits % divisor
  const abs = remainder < 0n ? -remainder : remainder
  if (abs * 2n >= divisor) return quotient + (digits < 0n ? -1n : 1n)
  return quotient
}

function formatMinorUnits (units: bigint, decimals: number): string {
  const negative = units < 0n
  const text = (negative ? -units : units).toString().padStart(decimals + 1, '0')
  const whole = decimals === 0 ? text : text.slice(0, -decimals)
  const fraction = decimals === 0 ? '' : `.${text.slice(-decimals)}`
  return `${negative ? '-' : ''}${whole}${fraction}`
}

/**
 * Remembered per currency: building an Intl.NumberFormat on every amount was 6% of the bridge's CPU
 * under load (BENCHMARKS.md's profile). ISO 4217 has under 200 codes; the cap keeps odd input from
 * growing it.
 */
const decimalsByCurrency = new Map<string, number>()
const MAX_CURRENCIES = 512

/** The number of minor-unit digits of a currency: 2 for USD, 0 for JPY, 3 for KWD. */
export function currencyDecimals (currencyCode: string): number {
  const known = decimalsByCurrency.get(currencyCode)
  if (known !== undefined) return known
  const decimals = intlDecimals(currencyCode)
  if (decimalsByCurrency.size < MAX_CURRENCIES) decimalsByCurrency.set(currencyCode, decimals)
  return decimals
}

function intlDecimals (currencyCode: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: currencyCode }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/** A BigCommerce amount (number or decimal string) as Fast's decimal string, e.g. 29.99 -> "29.99". */
export function formatAmount (value: number | string | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || value === '') return formatMinorUnits(0n, decimals)
  return formatMinorUnits(toMinorUnits(parseDecimal(value), decimals), decimals)
}

/** Exact sum of amounts, formatted like formatAmount. */
export function sumAmounts (values: ReadonlyArray<number | string | null | undefined>, decimals = 2): string {
  const total = values.reduce<bigint>((sum, value) =>
    value === null || value === undefined || value === '' ? sum : sum + toMinorUnits(parseDecimal(value), decimals), 0n)
  return formatMinorUnits(total, decimals)
}

/** Exact difference a − b, formatted like formatAmount. */
export function subtractAmounts (a: number | string, b: number | string, decimals = 2): string {
  return formatMinorUnits(toMinorUnits(parseDecimal(a), decimals) - toMinorUnits(parseDecimal(b), decimals), decimals)
}

/** The larger of two amounts, formatted like formatAmount. */
export function maxAmount (a: number | string, b: number | string, decimals = 2): string {
  const [x, y] = [toMinorUnits(parseDecimal(a), decimals), toMinorUnits(parseDecimal(b), decimals)]
  return formatMinorUnits(x > y ? x : y, decimals)
}

/** Exact product amount × quantity (a whole number of units), formatted like formatAmount. */
export function multiplyAmount (value: number | string | null | undefined, quantity: number, decimals = 2): string {
  if (!Number.isInteger(quantity)) throw new TypeError(`not a whole quantity: ${quantity}`)
  return formatMinorUnits(toMinorUnits(parseDecimal(value ?? 0), decimals) * BigInt(quantity), decimals)
}

/**
 * amount ÷ quantity when that is a whole number of minor units (29.98 ÷ 2 = 14.99), else undefined
 * (10.00 ÷ 3): a unit price that does not divide exactly would not multiply back to the amount.
 */
export function divideAmountExactly (value: number | string, quantity: number, decimals = 2): string | undefined {
  if (!Number.isInteger(quantity) || quantity <= 0) return undefined
  const units = toMinorUnits(parseDecimal(value), decimals)
  const divisor = BigInt(quantity)
  return units % divisor === 0n ? formatMinorUnits(units / divisor, decimals) : undefined
}
