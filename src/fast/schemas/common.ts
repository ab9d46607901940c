// Size limits, money and int64 atoms, and the request/response "flavours" the Fast model is built in.

import { Type, type TArray, type TEnum, type TInteger, type TSchema, type TString, type TUnion } from 'typebox'
import { enumInput, enumOutput, type EnumName, type EnumNumber, type EnumTable } from './enums.js'

/**
 * Every bound on what Fast may send us, in one place. They are generous for real checkouts and
 * exist so that one request cannot make us allocate or forward unbounded data; the overall body is
 * bounded separately by Fastify's bodyLimit.
 */
export const Limits = Object.freeze({
  // string lengths
  ID: 256, // uuids, external ids, plan/option ids (BigCommerce ids are short; Fast's base64 ids ~30)
  NAME: 256, // person, company, product and option names, carrier, city
  EMAIL: 320, // RFC 5321 maximum
  PHONE: 64,
  ADDRESS_LINE: 512,
  POSTAL_CODE: 32,
  REGION_CODE: 64, // country/state codes; Fast once sent "England" as a state code
  CURRENCY_CODE: 8,
  CODE: 256, // coupon codes, reason codes, tokens
  TEXT: 4096, // descriptions, notes, messages
  URL: 2048,
  CUSTOM_KEY: 256,
  CUSTOM_VALUE: 2048,
  MONEY: 32,
  // array lengths
  LINES: 250,
  ITEMS: 250,
  LINE_REFS: 250,
  SHIPMENT_PLANS: 50,
  SHIPMENTS: 50,
  SHIPPING_OPTIONS: 100,
  DISCOUNTS: 50,
  COUPONS: 50,
  REFUNDS: 50,
  CUSTOM_VALUES: 100,
  UPDATED_SEGMENTS: 16,
  // numbers
  QUANTITY_DIGITS: 6,
  MAX_QUANTITY: 999_999,
  INT_DIGITS: 15 // every 15-digit integer is a safe JS integer
})

/**
 * Money is a decimal string ("29.99", "0.00"; Fast's reference implementation sends "0.0" and its
 * middleware "49"); an optional sign covers refunds and adjustments.
 */
export const MONEY_PATTERN = '^-?[0-9]{1,18}(\\.[0-9]{1,9})?$'

const INT_STRING = new RegExp(`^-?[0-9]{1,${Limits.INT_DIGITS}}$`)

/**
 * The number of an int64 field that arrived as a JSON number or a numeric string (proto JSON
 * writes int64 as strings, Fast's live traffic as numbers). Absent means 0, the proto3 default,
 * which is also what Fast means by an omitted quantity ("remove the item"). Anything that is not a
 * safe integer throws a TypeError: the schemas let only valid values reach this point.
 */
export function toInt (value: number | string | null | undefined): number {
  if (value === undefined || value === null) return 0
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value
  } else if (INT_STRING.test(value.trim())) {
    return Number(value.trim())
  }
  throw new TypeError(`not an integer: ${JSON.stringify(value)}`)
}

/** Which side of the wire a schema describes. */
export type Flavour = 'request' | 'response'

export type EnumFor<F extends Flavour, T extends EnumTable> = F extends 'request'
  ? TEnum<Array<EnumName<T> | EnumNumber<T>>>
  : TEnum<Array<EnumNumber<T>>>

export type IntFor<F extends Flavour> = F extends 'request' ? TUnion<[TInteger, TString]> : TInteger

/**
 * The atoms the Fast model is built from. Requests are lenient in form (enum names or numbers,
 * int64 as number or string) and strict in size; responses are exact (numbers) and unbounded,
 * because their job is to tell fast-json-stringify what to write, not to police our own output.
 */
export interface Kit<F extends Flavour> {
  flavour: F
  enum: <T extends EnumTable>(table: T) => EnumFor<F, T>
  /** Any int64 (dates as epoch, counters). */
  int: () => IntFor<F>
  /** A non-negative item quantity. */
  quantity: () => IntFor<F>
  str: (maxLength: number) => TString
  money: () => TString
  list: <S extends TSchema>(item: S, maxItems: number) => TArray<S>
}

function intInput (minimum: number, maximum: number, digits: number): TUnion<[TInteger, TString]> {
  const sign = minimum < 0 ? '-?' : ''
  return Type.Union([
    Type.Integer({ minimum, maximum }),
    Type.String({ pattern: `^${sign}[0-9]{1,${digits}}$`, maxLength: digits + 1 })
  ])
}

export const requestKit: Kit<'request'> = {
  flavour: 'request',
  enum: table => enumInput(table),
  int: () => intInput(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Limits.INT_DIGITS),
  quantity: () => intInput(0, Limits.MAX_QUANTITY, Limits.QUANTITY_DIGITS),
  str: maxLength => Type.String({ maxLength }),
  money: () => Type.String({ pattern: MONEY_PATTERN, maxLength: Limits.MONEY }),
  list: (item, maxItems) => Type.Array(item, { maxItems })
}

export const responseKit: Kit<'response'> = {
  flavour: 'response',
  enum: table => enumOutput(table),
  int: () => Type.Integer(),
  quantity: () => Type.Integer({ minimum: 0 }),
  str: () => Type.String(),
  money: () => Type.String({ pattern: MONEY_PATTERN }),
  list: item => Type.Array(item)
}
