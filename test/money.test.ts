/**
 * Money: BigCommerce's numbers and v2 decimal strings become Fast's decimal strings exactly, with no
 * binary-float surprise in rounding or summing.
 */
import fc from 'fast-check'
import t from 'tap'
import { currencyDecimals, formatAmount, subtractAmounts, sumAmounts } from '../src/money.js'

t.test('a v3 amount such as 29.99 is Fast\'s "29.99"', async (t) => {
  t.equal(formatAmount(29.99), '29.99')
  t.equal(formatAmount(30), '30.00')
  t.equal(formatAmount(0.5), '0.50')
  t.equal(formatAmount(1234567.89), '1234567.89')
})

t.test('zero and absent amounts are "0.00"', async (t) => {
  t.equal(formatAmount(0), '0.00')
  t.equal(formatAmount(-0), '0.00', 'negative zero has no sign')
  t.equal(formatAmount(null), '0.00')
  t.equal(formatAmount(undefined), '0.00')
  t.equal(formatAmount(''), '0.00')
  t.equal(formatAmount('0.0000'), '0.00')
})

t.test('tiny amounts written in exponent form (1e-7) round to "0.00"', async (t) => {
  t.equal(String(1e-7), '1e-7', 'JavaScript prints this amount in exponent form')
  t.equal(formatAmount(1e-7), '0.00')
  t.equal(formatAmount(-1e-7), '0.00', 'a negative amount that rounds to zero has no sign')
  t.equal(formatAmount(1e21), '1000000000000000000000.00', 'large amounts in exponent form are expanded')
  t.equal(formatAmount('2.5E2'), '250.00')
})

t.test('1.005 rounds half away from zero to "1.01", as its decimal text says (no float surprise)', async (t) => {
  t.equal((1.005).toFixed(2), '1.00', 'binary floats would round it down')
  t.equal(formatAmount(1.005), '1.01')
  t.equal(formatAmount('1.005'), '1.01')
  t.equal(formatAmount(1.004), '1.00')
  t.equal(formatAmount(0.125), '0.13')
  t.equal(formatAmount(2.675), '2.68')
})

t.test('v2 amounts as four-decimal strings ("62.6793") are rounded to cents', async (t) => {
  t.equal(formatAmount('62.6793'), '62.68')
  t.equal(formatAmount('29.9900'), '29.99')
  t.equal(formatAmount(' 10.0000 '), '10.00', 'surrounding spaces are ignored')
  t.equal(formatAmount('+5'), '5.00')
})

t.test('negative amounts keep their sign and round half away from zero', async (t) => {
  t.equal(formatAmount(-5), '-5.00')
  t.equal(formatAmount(-29.99), '-29.99')
  t.equal(formatAmount('-1.005'), '-1.01')
  t.equal(formatAmount('-0.004'), '0.00')
  t.equal(formatAmount('-0.05'), '-0.05')
})

t.test('zero-decimal (JPY) and three-decimal (KWD) currencies format with their own minor units', async (t) => {
  t.equal(currencyDecimals('USD'), 2)
  t.equal(currencyDecimals('JPY'), 0)
  t.equal(currencyDecimals('KWD'), 3)
  t.equal(currencyDecimals('not-a-currency'), 2, 'an unknown code falls back to 2 decimals')
  t.equal(formatAmount(1500, currencyDecimals('JPY')), '1500')
  t.equal(formatAmount(1500.5, currencyDecimals('JPY')), '1501')
  t.equal(formatAmount('12.3456', currencyDecimals('KWD')), '12.346')
  t.equal(formatAmount(0, currencyDecimals('KWD')), '0.000')
  t.equal(formatAmount(-0.0005, currencyDecimals('KWD')), '-0.001')
  t.equal(sumAmounts([100, 250], currencyDecimals('JPY')), '350')
})

t.test('0.1 + 0.2 is exactly "0.30"', async (t) => {
  t.equal(0.1 + 0.2 === 0.3, false, 'binary floats would not say so')
  t.equal(sumAmounts([0.1, 0.2]), '0.30')
  t.equal(sumAmounts([]), '0.00')
  t.equal(sumAmounts([null, undefined, '', 1]), '1.00', 'absent amounts count as zero')
  t.equal(sumAmounts(['62.6793', 0.01]), '62.69', 'mixed v2 strings and v3 numbers')
})

t.test('subtracting amounts is exact', async (t) => {
  t.equal(subtractAmounts(0.3, 0.1), '0.20')
  t.equal(subtractAmounts('10.00', 29.99), '-19.99')
  t.equal(subtractAmounts(1, 1), '0.00')
})

t.test('summing random cent amounts equals the integer-cent sum, formatted', async (t) => {
  const centsToText = (cents: bigint): string => {
    const negative = cents < 0n
    const abs = (negative ? -cents : cents).toString().padStart(3, '0')
    return `${negative ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`
  }
  fc.assert(fc.property(
    fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 50 }),
    fc.boolean(),
    (cents, asStrings) => {
      const amounts = cents.map(c => asStrings ? centsToText(BigInt(c)) : c / 100)
      const expected = centsToText(cents.reduce((sum, c) => sum + BigInt(c), 0n))
      return sumAmounts(amounts) === expected
    }
  ), { numRuns: 500 })
  t.pass('500 random lists summed exactly')
})

t.test('every cent amount as a float formats back to the same cents', async (t) => {
  fc.assert(fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), (cents) => {
    const negative = cents < 0
    const abs = String(Math.abs(cents)).padStart(3, '0')
    const text = `${negative ? '-' : ''}${abs.slice(0, -2)}.${abs.slice(-2)}`
    return formatAmount(cents / 100) === text && formatAmount(text) === text
  }), { numRuns: 1000 })
  t.pass('1000 random cent amounts')
})

t.test('something that is not an amount throws a TypeError', async (t) => {
  for (const garbage of ['abc', '1,5', '1.2.3', '$5', '12e', '.5x', 'NaN', '0x10']) {
    t.throws(() => formatAmount(garbage), TypeError, JSON.stringify(garbage))
  }
  t.throws(() => formatAmount(Number.NaN), TypeError, 'NaN')
  t.throws(() => formatAmount(Number.POSITIVE_INFINITY), TypeError, 'Infinity')
  t.throws(() => sumAmounts([1, 'x']), TypeError, 'a sum with garbage')
  t.throws(() => formatAmount({} as unknown as string), TypeError, 'an object')
})
