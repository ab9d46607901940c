// Bodies of the four calls Fast makes to us: POST /fast/v1/{create,read,update,delete}.

import { Type, type Static } from 'typebox'
import { Limits, requestKit as k } from './common.js'
import { CartToOrderConvert, EntityType, OrderStatus, UpdateOrderSegmentType } from './enums.js'
import { requestModel as m } from './order.js'

const opt = Type.Optional

// Unknown fields are allowed on purpose (no additionalProperties: false): Fast adds opt-in data to
// existing calls instead of new endpoints, and its own examples carry fields absent from its specs.

/** Fast always says which entity a call is about. */
const EntityTypeInput = k.enum(EntityType)
const AppId = k.str(Limits.ID)

export const CreateOrderSegmentSchema = Type.Object({
  is_cart: opt(Type.Boolean()),
  order: opt(m.FastOrder)
}, { description: 'The cart to create: `is_cart` must be true, `order.id` is Fast\'s id of it, `order.lines` its lines (`external_product_id`, `external_variant_id`, `quantity`).' })
export type CreateOrderSegment = Static<typeof CreateOrderSegmentSchema>

export const CreateRequestSchema = Type.Object({
  type: EntityTypeInput,
  app_id: opt(AppId),
  request_id: opt(m.Uuid),
  order: opt(CreateOrderSegmentSchema),
  user: opt(Type.Object({ user: opt(m.User) }))
})
export type CreateRequest = Static<typeof CreateRequestSchema>

// The docs call the seller's id `external_order_id`; the later contract and Fast's middleware `external_id`.
export const ReadOrderSegmentSchema = Type.Object({
  is_cart: opt(Type.Boolean()),
  order_id: opt(m.Uuid),
  external_order_id: opt(k.str(Limits.ID)),
  external_id: opt(k.str(Limits.ID))
})
export type ReadOrderSegment = Static<typeof ReadOrderSegmentSchema>

export const ReadRequestSchema = Type.Object({
  type: EntityTypeInput,
  app_id: opt(AppId),
  request_id: opt(m.Uuid),
  order: opt(ReadOrderSegmentSchema),
  shipping_zones: opt(Type.Object({})),
  user: opt(Type.Object({
    email: opt(k.str(Limits.EMAIL)),
    external_user_id: opt(k.str(Limits.ID))
  }))
})
export type ReadRequest = Static<typeof ReadRequestSchema>

/** One line to add, re-quantify or remove; `quantity` is the new total, 0 or absent removes it. */
export const OrderItemUpdateSchema = Type.Object({
  item_id: opt(m.Uuid),
  quantity: opt(k.quantity()),
  external_item_id: opt(k.str(Limits.ID)),
  external_product_id: opt(k.str(Limits.ID)),
  external_variant_id: opt(k.str(Limits.ID)),
  external_options: opt(k.list(m.CustomValue, Limits.CUSTOM_VALUES)),
  customizations: opt(k.list(m.CustomValue, Limits.CUSTOM_VALUES))
})
export type OrderItemUpdate = Static<typeof OrderItemUpdateSchema>

export const CouponUpdateSchema = Type.Object({
  code: opt(k.str(Limits.CODE)),
  remove: opt(Type.Boolean())
})
export type CouponUpdate = Static<typeof CouponUpdateSchema>

// In the recorded trace plan_id/option_id carry our external ids, in the docs Fast's own ids.
export const ShippingOptionUpdateSchema = Type.Object({
  plan_id: opt(m.Uuid),
  option_id: opt(m.Uuid),
  external_option_id: opt(k.str(Limits.ID))
})
export type ShippingOptionUpdate = Static<typeof ShippingOptionUpdateSchema>

export const ShipmentPlanUpdateSchema = Type.Object({
  plan_id: opt(m.Uuid),
  ship_to: opt(m.OrderAddress),
  line_refs: opt(k.list(m.LineReference, Limits.LINE_REFS))
})
export type ShipmentPlanUpdate = Static<typeof ShipmentPlanUpdateSchema>

export const UserUpdateSchema = Type.Object({
  external_customer_id: opt(k.str(Limits.ID)),
  email: opt(k.str(Limits.EMAIL))
})
export type UserUpdate = Static<typeof UserUpdateSchema>

// Seen only in one docs example of the convert call; `expire_on` is an epoch that may come as a string.
export const PaymentSchema = Type.Object({
  token: opt(k.str(Limits.CODE)),
  expire_on: opt(k.int())
})
export type Payment = Static<typeof PaymentSchema>

export const UpdateOrderSegmentSchema = Type.Object({
  order_id: opt(m.Uuid),
  external_id: opt(k.str(Limits.ID)),
  is_cart: opt(Type.Boolean()),
  convert_mode: opt(k.enum(CartToOrderConvert)),
  convert_cart_to_order: opt(Type.Boolean()),
  status: opt(k.enum(OrderStatus)),
  bill_to: opt(m.OrderAddress),
  items: opt(k.list(OrderItemUpdateSchema, Limits.ITEMS)),
  coupon: opt(CouponUpdateSchema),
  shipping_option: opt(ShippingOptionUpdateSchema),
  shipments: opt(k.list(ShipmentPlanUpdateSchema, Limits.SHIPMENT_PLANS)),
  user_info: opt(UserUpdateSchema),
  updated_segments: opt(k.list(k.enum(UpdateOrderSegmentType), Limits.UPDATED_SEGMENTS)),
  device_info: opt(m.DeviceInfo),
  payment: opt(PaymentSchema)
}, {
  description: 'What to change in the order named by `order_id` (or `external_id`): any of `items`, `coupon`, `bill_to`, ' +
    '`shipments`, `shipping_option`, `user_info`, `status`; `updated_segments` lists them. `convert_cart_to_order: true` ' +
    'places the order, with `convert_mode` CART_TO_ORDER_CONVERT_ONLY (the cart as it is) or ' +
    'CART_TO_ORDER_CONVERT_UPDATE_AND_CONVERT (the changes of this body first).'
})
export type UpdateOrderSegment = Static<typeof UpdateOrderSegmentSchema>

export const UpdateRequestSchema = Type.Object({
  type: EntityTypeInput,
  app_id: opt(AppId),
  request_id: opt(m.Uuid),
  order: opt(UpdateOrderSegmentSchema)
})
export type UpdateRequest = Static<typeof UpdateRequestSchema>

export const DeleteOrderSegmentSchema = Type.Object({
  is_cart: opt(Type.Boolean()),
  order_id: opt(m.Uuid),
  external_order_id: opt(k.str(Limits.ID)),
  external_id: opt(k.str(Limits.ID))
})
export type DeleteOrderSegment = Static<typeof DeleteOrderSegmentSchema>

export const DeleteRequestSchema = Type.Object({
  type: EntityTypeInput,
  app_id: opt(AppId),
  request_id: opt(m.Uuid),
  order: opt(DeleteOrderSegmentSchema)
})
export type DeleteRequest = Static<typeof DeleteRequestSchema>
