// The Fast order model (v1FastOrder and its parts), written once and built for requests and for responses.

import { Type, type Static } from 'typebox'
import { Limits, requestKit, responseKit, type Flavour, type Kit } from './common.js'
import { DiscountOrigin, DiscountType, ItemFulfillmentModel, OrderStatus, OrderType, ShippingOptionType } from './enums.js'

const opt = Type.Optional

// proto3 omits default values, so every field of every message may be absent; nothing is required.
function orderModel<F extends Flavour> (k: Kit<F>) {
  // `value` too: an empty id serialises as `{}` in proto JSON.
  const Uuid = Type.Object({ value: opt(k.str(Limits.ID)) }, { description: 'An id in protobuf\'s wrapper: `{"value": "…"}`' })

  const OrderAddress = Type.Object({
    id: opt(Uuid),
    first_name: opt(k.str(Limits.NAME)),
    last_name: opt(k.str(Limits.NAME)),
    middle_name: opt(k.str(Limits.NAME)),
    company: opt(k.str(Limits.NAME)),
    email: opt(k.str(Limits.EMAIL)),
    phone: opt(k.str(Limits.PHONE)),
    address_1: opt(k.str(Limits.ADDRESS_LINE)),
    address_2: opt(k.str(Limits.ADDRESS_LINE)),
    city_locality: opt(k.str(Limits.NAME)),
    state_province: opt(k.str(Limits.NAME)),
    state_province_code: opt(k.str(Limits.REGION_CODE)),
    country: opt(k.str(Limits.NAME)),
    country_code: opt(k.str(Limits.REGION_CODE)),
    postal_code: opt(k.str(Limits.POSTAL_CODE))
  })

  const CustomValue = Type.Object({
    key: opt(k.str(Limits.CUSTOM_KEY)),
    value: opt(k.str(Limits.CUSTOM_VALUE))
  })

  const Discount = Type.Object({
    code: opt(k.str(Limits.CODE)),
    description: opt(k.str(Limits.TEXT)),
    origin: opt(k.enum(DiscountOrigin)),
    type: opt(k.enum(DiscountType)),
    applied: opt(Type.Boolean()),
    total_amount: opt(k.money())
  })

  const OrderLine = Type.Object({
    id: opt(Uuid),
    external_id: opt(k.str(Limits.ID)),
    external_product_id: opt(k.str(Limits.ID)),
    external_variant_id: opt(k.str(Limits.ID)),
    external_options: opt(k.list(CustomValue, Limits.CUSTOM_VALUES)),
    customizations: opt(k.list(CustomValue, Limits.CUSTOM_VALUES)),
    quantity: opt(k.quantity()),
    quantity_fulfilled: opt(k.quantity()),
    unit_price: opt(k.money()),
    discounted_unit_price: opt(k.money()),
    line_discount_amount: opt(k.money()),
    subtotal_amount: opt(k.money()),
    tax_amount: opt(k.money()),
    total_amount: opt(k.money()),
    discounts: opt(k.list(Discount, Limits.DISCOUNTS)),
    name: opt(k.str(Limits.NAME)),
    description: opt(k.str(Limits.TEXT)),
    image_url: opt(k.str(Limits.URL)),
    fulfillment_mode: opt(k.enum(ItemFulfillmentModel))
  })

  const LineReference = Type.Object({
    id: opt(Uuid),
    quantity: opt(k.quantity()),
    external_id: opt(k.str(Limits.ID))
  })

  const ShippingOption = Type.Object({
    id: opt(Uuid),
    external_id: opt(k.str(Limits.ID)),
    name: opt(k.str(Limits.NAME)),
    shipment_type: opt(k.enum(ShippingOptionType)),
    cost: opt(k.money()),
    tax: opt(k.money()),
    total: opt(k.money()),
    carrier: opt(k.str(Limits.NAME)),
    service_level: opt(k.str(Limits.TEXT))
  })

  const Shipment = Type.Object({
    carrier: opt(k.str(Limits.NAME)),
    tracking_number: opt(k.str(Limits.ID)),
    estimated_delivery_date: opt(k.int()),
    lines: opt(k.list(LineReference, Limits.LINE_REFS))
  })

  const ShipmentPlan = Type.Object({
    id: opt(Uuid),
    external_id: opt(k.str(Limits.ID)),
    ship_to: opt(OrderAddress),
    lines: opt(k.list(LineReference, Limits.LINE_REFS)),
    selected_option: opt(ShippingOption),
    available_options: opt(k.list(ShippingOption, Limits.SHIPPING_OPTIONS)),
    shipments: opt(k.list(Shipment, Limits.SHIPMENTS))
  })

  const Refund = Type.Object({
    id: opt(Uuid),
    external_id: opt(k.str(Limits.ID)),
    reason: opt(k.str(Limits.TEXT)),
    use_original_method: opt(Type.Boolean()),
    lines: opt(k.list(LineReference, Limits.LINE_REFS)),
    refund_date: opt(k.int()),
    amount: opt(k.money()),
    tax: opt(k.money()),
    shipping: opt(k.money())
  })

  // The docs' v1FastIntegrationUser (`name`) merged with the blender contract's v1User (split names, phone).
  const User = Type.Object({
    external_user_id: opt(k.str(Limits.ID)),
    email: opt(k.str(Limits.EMAIL)),
    first_name: opt(k.str(Limits.NAME)),
    last_name: opt(k.str(Limits.NAME)),
    phone: opt(k.str(Limits.PHONE)),
    name: opt(k.str(Limits.NAME))
  })

  const ShippingZone = Type.Object({
    country_iso2: opt(k.str(Limits.REGION_CODE)),
    subdivision_iso2: opt(k.str(Limits.REGION_CODE))
  })

  const DeviceInfo = Type.Object({
    ip_address: opt(k.str(Limits.ADDRESS_LINE))
  })

  const FastOrder = Type.Object({
    id: opt(Uuid),
    external_id: opt(k.str(Limits.ID)),
    user_id: opt(k.str(Limits.ID)),
    order_type: opt(k.enum(OrderType)),
    currency_code: opt(k.str(Limits.CURRENCY_CODE)),
    status: opt(k.enum(OrderStatus)),
    bill_to: opt(OrderAddress),
    lines: opt(k.list(OrderLine, Limits.LINES)),
    shipment_plans: opt(k.list(ShipmentPlan, Limits.SHIPMENT_PLANS)),
    coupons: opt(k.list(Discount, Limits.COUPONS)),
    total_amount: opt(k.money()),
    sub_total: opt(k.money()),
    total_discounts: opt(k.money()),
    total_tax: opt(k.money()),
    total_shipping: opt(k.money()),
    refunds: opt(k.list(Refund, Limits.REFUNDS)),
    custom_values: opt(k.list(CustomValue, Limits.CUSTOM_VALUES)),
    user_note: opt(k.str(Limits.TEXT)),
    store_note: opt(k.str(Limits.TEXT)),
    fast_note: opt(k.str(Limits.TEXT)),
    device_info: opt(DeviceInfo),
    short_order_id: opt(k.str(Limits.ID))
  })

  return {
    Uuid,
    OrderAddress,
    CustomValue,
    Discount,
    OrderLine,
    LineReference,
    ShippingOption,
    Shipment,
    ShipmentPlan,
    Refund,
    User,
    ShippingZone,
    DeviceInfo,
    FastOrder
  }
}

/** As Fast sends it: enum names or numbers, int64 as number or string, every size bounded. */
export const requestModel = orderModel(requestKit)
/** As we answer: enum numbers, integers, every field we may write (the serializer drops the rest). */
export const responseModel = orderModel(responseKit)

// Response flavour: what operations build and routes serialize.
export const UuidSchema = responseModel.Uuid
export type Uuid = Static<typeof UuidSchema>
export const OrderAddressSchema = responseModel.OrderAddress
export type OrderAddress = Static<typeof OrderAddressSchema>
export const CustomValueSchema = responseModel.CustomValue
export type CustomValue = Static<typeof CustomValueSchema>
export const DiscountSchema = responseModel.Discount
export type Discount = Static<typeof DiscountSchema>
export const OrderLineSchema = responseModel.OrderLine
export type OrderLine = Static<typeof OrderLineSchema>
export const LineReferenceSchema = responseModel.LineReference
export type LineReference = Static<typeof LineReferenceSchema>
export const ShippingOptionSchema = responseModel.ShippingOption
export type ShippingOption = Static<typeof ShippingOptionSchema>
export const ShipmentSchema = responseModel.Shipment
export type Shipment = Static<typeof ShipmentSchema>
export const ShipmentPlanSchema = responseModel.ShipmentPlan
export type ShipmentPlan = Static<typeof ShipmentPlanSchema>
export const RefundSchema = responseModel.Refund
export type Refund = Static<typeof RefundSchema>
export const UserSchema = responseModel.User
export type User = Static<typeof UserSchema>
export const ShippingZoneSchema = responseModel.ShippingZone
export type ShippingZone = Static<typeof ShippingZoneSchema>
export const DeviceInfoSchema = responseModel.DeviceInfo
export type DeviceInfo = Static<typeof DeviceInfoSchema>
export const FastOrderSchema = responseModel.FastOrder
export type FastOrder = Static<typeof FastOrderSchema>

// Request flavour: what Fast sends inside create/read/update/delete.
export const UuidInputSchema = requestModel.Uuid
export type UuidInput = Static<typeof UuidInputSchema>
export const OrderAddressInputSchema = requestModel.OrderAddress
export type OrderAddressInput = Static<typeof OrderAddressInputSchema>
export const CustomValueInputSchema = requestModel.CustomValue
export type CustomValueInput = Static<typeof CustomValueInputSchema>
export const DiscountInputSchema = requestModel.Discount
export type DiscountInput = Static<typeof DiscountInputSchema>
export const OrderLineInputSchema = requestModel.OrderLine
export type OrderLineInput = Static<typeof OrderLineInputSchema>
export const LineReferenceInputSchema = requestModel.LineReference
export type LineReferenceInput = Static<typeof LineReferenceInputSchema>
export const ShippingOptionInputSchema = requestModel.ShippingOption
export type ShippingOptionInput = Static<typeof ShippingOptionInputSchema>
export const ShipmentInputSchema = requestModel.Shipment
export type ShipmentInput = Static<typeof ShipmentInputSchema>
export const ShipmentPlanInputSchema = requestModel.ShipmentPlan
export type ShipmentPlanInput = Static<typeof ShipmentPlanInputSchema>
export const RefundInputSchema = requestModel.Refund
export type RefundInput = Static<typeof RefundInputSchema>
export const UserInputSchema = requestModel.User
export type UserInput = Static<typeof UserInputSchema>
export const ShippingZoneInputSchema = requestModel.ShippingZone
export type ShippingZoneInput = Static<typeof ShippingZoneInputSchema>
export const DeviceInfoInputSchema = requestModel.DeviceInfo
export type DeviceInfoInput = Static<typeof DeviceInfoInputSchema>
export const FastOrderInputSchema = requestModel.FastOrder
export type FastOrderInput = Static<typeof FastOrderInputSchema>
