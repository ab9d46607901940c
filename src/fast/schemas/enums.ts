// Fast's proto enums as name→number tables, plus the schemas and lookup that read names or numbers.

import { Type, type TEnum } from 'typebox'

/** A proto enum: every name with its wire number. */
export type EnumTable = Readonly<Record<string, number>>
export type EnumName<T extends EnumTable> = Extract<keyof T, string>
export type EnumNumber<T extends EnumTable> = T[keyof T]

// Numbers follow declaration order in Fast's grpc-gateway specs (fast-api.md §3.0); the ones the
// recorded BigCommerce trace confirms are marked S000.

export const EntityType = Object.freeze({
  ENTITY_TYPE_UNSPECIFIED: 0,
  ENTITY_TYPE_ORDER: 1,
  ENTITY_TYPE_SHIPPING_OPTION: 2,
  ENTITY_TYPE_USER: 3,
  ENTITY_TYPE_SHIPPING_ZONES: 4,
  ENTITY_TYPE_CATALOG_PRODUCT: 5,
  ENTITY_TYPE_WEBHOOK: 6,
  ENTITY_TYPE_ORDER_SYNC: 7,
  ENTITY_TYPE_CATALOG_CATEGORY: 8
} as const)

export const OrderType = Object.freeze({
  ORDER_TYPE_UNSPECIFIED: 0,
  ORDER_TYPE_CART: 1, // S000
  ORDER_TYPE_ORDER: 2,
  ORDER_TYPE_RETURN: 3,
  ORDER_TYPE_EXCHANGE: 4,
  ORDER_TYPE_CREDIT: 5,
  ORDER_TYPE_REFUND: 6
} as const)

export const OrderStatus = Object.freeze({
  ORDER_STATUS_UNSPECIFIED: 0,
  ORDER_STATUS_CART: 1, // S000
  ORDER_STATUS_PENDING: 2,
  ORDER_STATUS_HOLD: 3,
  ORDER_STATUS_BOOKED: 4,
  ORDER_STATUS_PENDING_FULFILLMENT: 5,
  ORDER_STATUS_FULFILLED: 6,
  ORDER_STATUS_COMPLETE: 7,
  ORDER_STATUS_CANCELED: 8,
  ORDER_STATUS_DELETED: 9
} as const)

export const ItemFulfillmentModel = Object.freeze({
  ITEM_FULFILLMENT_MODEL_UNSPECIFIED: 0,
  ITEM_FULFILLMENT_MODEL_PHYSICAL: 1, // S000
  ITEM_FULFILLMENT_MODEL_DIGITAL: 2,
  ITEM_FULFILLMENT_MODEL_SERVICE: 3
} as const)

export const DiscountOrigin = Object.freeze({
  DISCOUNT_ORIGIN_UNSPECIFIED: 0,
  DISCOUNT_ORIGIN_USER: 1,
  DISCOUNT_ORIGIN_FAST: 2,
  DISCOUNT_ORIGIN_VENDOR: 3 // S000
} as const)

export const DiscountType = Object.freeze({
  DISCOUNT_TYPE_UNSPECIFIED: 0,
  DISCOUNT_TYPE_MISC: 1,
  DISCOUNT_TYPE_REGULAR: 2, // S000
  DISCOUNT_TYPE_SHIPPING: 3,
  DISCOUNT_TYPE_HANDLING: 4,
  DISCOUNT_TYPE_WRAPPING: 5
} as const)

export const ShippingOptionType = Object.freeze({
  SHIPPING_OPTION_TYPE_UNSPECIFIED: 0,
  // Not confirmed by any trace; the position in the spec's list.
  SHIPPING_OPTION_TYPE_IN_STORE_PICKUP: 1,
  // Fast's own BigCommerce bridge and its reference implementation both send 99, not the position 2.
  SHIPPING_OPTION_TYPE_OTHER: 99
} as const)

export const CartToOrderConvert = Object.freeze({
  CART_TO_ORDER_CONVERT_UNSPECIFIED: 0,
  CART_TO_ORDER_CONVERT_ONLY: 1,
  CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT: 2
} as const)

export const UpdateOrderSegmentType = Object.freeze({
  UPDATE_ORDER_SEGMENT_TYPE_UNSPECIFIED: 0,
  UPDATE_ORDER_SEGMENT_TYPE_COUPON: 1,
  UPDATE_ORDER_SEGMENT_TYPE_SHIPPING_ADDRESS: 2, // S000
  UPDATE_ORDER_SEGMENT_TYPE_BILLING_ADDRESS: 3, // S000
  UPDATE_ORDER_SEGMENT_TYPE_LINE_ITEM: 4,
  UPDATE_ORDER_SEGMENT_TYPE_SHIPPING_OPTION: 5, // S000
  UPDATE_ORDER_SEGMENT_TYPE_CONVERT_CART_TO_ORDER: 6,
  UPDATE_ORDER_SEGMENT_TYPE_ORDER_STATUS: 7
} as const)

/**
 * Request side: Fast is a protobuf-JSON client, which may write an enum as its name (what it sends
 * today) or its number (what protobuf parsers also accept), so both are valid.
 */
export function enumInput<T extends EnumTable> (table: T): TEnum<Array<EnumName<T> | EnumNumber<T>>> {
  const values = [...Object.keys(table), ...Object.values(table)] as Array<EnumName<T> | EnumNumber<T>>
  return Type.Enum(values)
}

/** Response side: numbers only, as the store in Fast's recorded trace answered. */
export function enumOutput<T extends EnumTable> (table: T): TEnum<Array<EnumNumber<T>>> {
  // `type` lets fast-json-stringify write the value as a plain integer instead of guessing.
  return Type.Enum(Object.values(table) as Array<EnumNumber<T>>, { type: 'integer' })
}

/**
 * The number of a received enum value, given as name or number. Returns undefined when the value
 * is absent or not a member of the table, so the caller decides between "default" and "reject"
 * (schema validation has already rejected unknown values on the routes).
 */
export function enumNumber<T extends EnumTable> (table: T, value: unknown): EnumNumber<T> | undefined {
  if (typeof value === 'string') {
    return Object.hasOwn(table, value) ? table[value] as EnumNumber<T> : undefined
  }
  if (typeof value === 'number') {
    return Object.values(table).includes(value) ? value as EnumNumber<T> : undefined
  }
  return undefined
}

/** The name of an enum number, for logs and messages; undefined when it is not a member. */
export function enumName<T extends EnumTable> (table: T, value: number): EnumName<T> | undefined {
  return (Object.keys(table) as Array<EnumName<T>>).find(name => table[name] === value)
}
