/**
 * Phone numbers as BigCommerce accepts them. checkouts.v3.yml gives addresses' `phone` the pattern
 * `^\+?[1-9]\d{1,14}(x\d{1-5})?$`: E.164 digits, an optional `+`, no leading 0. (Its extension part
 * `\d{1-5}` is no quantifier but literal text, so no real extension can match: extensions are dropped.)
 * Shoppers type national numbers ("07700 900123"): with the address's country they become E.164
 * ("+447700900123").
 */

/** Country calling code and the national trunk prefix dialled before national numbers. */
interface Dialling { code: string, trunk: string }

const NANP: Dialling = { code: '1', trunk: '1' }
const ZERO = (code: string): Dialling => ({ code, trunk: '0' })
const NONE = (code: string): Dialling => ({ code, trunk: '' })

// Countries Fast and BigCommerce stores sell to most; a country missing here keeps numbers that
// already match the pattern and loses the others (see normalisePhone).
const DIALLING: Record<string, Dialling> = {
  US: NANP, CA: NANP, PR: NANP,
  GB: ZERO('44'), IE: ZERO('353'), FR: ZERO('33'), DE: ZERO('49'), NL: ZERO('31'), BE: ZERO('32'),
  AT: ZERO('43'), CH: ZERO('41'), SE: ZERO('46'), FI: ZERO('358'), AU: ZERO('61'), NZ: ZERO('64'),
  JP: ZERO('81'), KR: ZERO('82'), CN: ZERO('86'), IN: ZERO('91'), ZA: ZERO('27'), BR: ZERO('55'),
  MX: NONE('52'), IL: ZERO('972'), AE: ZERO('971'), TR: ZERO('90'), GR: NONE('30'),
  // Italy keeps its leading 0 after the country code; these have no trunk prefix at all.
  IT: NONE('39'), ES: NONE('34'), PT: NONE('351'), DK: NONE('45'), NO: NONE('47'), PL: NONE('48'),
  SG: NONE('65'), HK: NONE('852')
}

const BIGCOMMERCE_PHONE = /^\+?[1-9]\d{1,14}$/

/**
 * The phone as BigCommerce's pattern accepts it, or undefined when it cannot be made to fit: a
 * refused phone would make BigCommerce refuse the whole address, and no BigCommerce address
 * requires a phone (AddressProperties, CreateConsignmentRequest), so losing it is the lesser harm.
 */
export function normalisePhone (phone: string | undefined, countryCode: string | undefined): string | undefined {
  if (phone === undefined) return undefined
  const withoutExtension = phone.replace(/\s*(?:ext\.?|x|#).*$/i, '')
  // "+44 (0)7700 900123": the "(0)" is the trunk prefix dialled only at home, never after the country code.
  const withoutTrunkHint = withoutExtension.replace(/^(\s*(?:\+|00)\s*\d{1,3})\s*\(0\)/, '$1')
  const compact = withoutTrunkHint.replace(/[\s().\-/]/g, '')
  if (/^(\+|00)/.test(compact)) {
    const international = '+' + compact.replace(/^(\+|00)/, '')
    return BIGCOMMERCE_PHONE.test(international) ? international : undefined
  }
  if (!/^\d+$/.test(compact)) return undefined
  const dialling = countryCode === undefined ? undefined : DIALLING[countryCode.toUpperCase()]
  if (dialling === undefined) return BIGCOMMERCE_PHONE.test(compact) ? compact : undefined
  if (isInternational(compact, dialling)) return `+${compact}`
  const e164 = `+${dialling.code}${withoutTrunk(compact, dialling)}`
  return BIGCOMMERCE_PHONE.test(e164) ? e164 : undefined
}

/** The national number without the prefix dialled before it at home ("07700…" -> "7700…", "1 555…" -> "555…"). */
function withoutTrunk (national: string, dialling: Dialling): string {
  if (dialling === NANP) return national.length === 11 && national.startsWith('1') ? national.slice(1) : national
  return dialling.trunk !== '' && national.startsWith(dialling.trunk) ? national.slice(dialling.trunk.length) : national
}

/**
 * Digits already written with the country code but without "+" ("447700900123" for a GB address).
 * Told apart from a national number by length: after the code must come at least 9 digits (the
 * national numbers of most countries listed, mobile ones of all; a national number that happens to
 * start like the code, as Italy's mobile "393 1234567", is shorter). Countries with 8-digit numbers
 * (Denmark, Norway, Singapore) keep reading such digits as national. NANP is left to withoutTrunk,
 * which knows its 11 digits.
 */
function isInternational (digits: string, dialling: Dialling): boolean {
  return dialling !== NANP && digits.startsWith(dialling.code) && digits.length - dialling.code.length >= INTERNATIONAL_NATIONAL_DIGITS
}

const INTERNATIONAL_NATIONAL_DIGITS = 9
