// What we answer to Fast's four calls and the error body; these schemas drive fast-json-stringify.

import { Type, type Static } from 'typebox'
import { responseKit as k } from './common.js'
import { EntityType, UpdateOrderSegmentType } from './enums.js'
import { responseModel as m } from './order.js'

const opt = Type.Optional

// `request_id` and `type` are optional everywhere: the store in Fast's recorded trace echoed
// `request_id` only on update and never sent `type`, and Fast accepted that.

const OrderSegment = Type.Object({ order: m.FastOrder })

export const CreateResponseSchema = Type.Object({
  type: opt(k.enum(EntityType)),
  request_id: opt(m.Uuid),
  order: OrderSegment
})
export type CreateResponse = Static<typeof CreateResponseSchema>

export const ReadResponseSchema = Type.Object({
  request_id: opt(m.Uuid),
  type: opt(k.enum(EntityType)),
  order: opt(OrderSegment),
  user: opt(Type.Object({ user: opt(m.User) })),
  // Fast's middleware notes that Fast expects the list even when it is empty, hence required inside.
  shipping_zones: opt(Type.Object({ shipping_zones: Type.Array(m.ShippingZone) }))
})
export type ReadResponse = Static<typeof ReadResponseSchema>

/** The outcome of one updated segment; `status: false` is a soft failure inside a 200. */
export const UpdateSegmentStatusSchema = Type.Object({
  updated: k.enum(UpdateOrderSegmentType),
  status: Type.Boolean(),
  reason_code: opt(Type.String()),
  message: opt(Type.String())
}, { description: 'The outcome of one updated segment: `status: false` is a soft failure (the segment was not applied) inside the 200, with `reason_code` and `message`.' })
export type UpdateSegmentStatus = Static<typeof UpdateSegmentStatusSchema>

export const UpdateResponseSchema = Type.Object({
  request_id: opt(m.Uuid),
  type: opt(k.enum(EntityType)),
  order: Type.Object({
    order: m.FastOrder,
    status: opt(Type.Array(UpdateSegmentStatusSchema))
  })
})
export type UpdateResponse = Static<typeof UpdateResponseSchema>

/** Fast's docs ask for `{}` on success; the spec's shape is allowed too. */
export const DeleteResponseSchema = Type.Object({
  request_id: opt(m.Uuid),
  type: opt(k.enum(EntityType)),
  order: opt(Type.Object({}))
})
export type DeleteResponse = Static<typeof DeleteResponseSchema>

export const ErrorInfoSchema = Type.Object({
  '@type': Type.Literal('type.googleapis.com/google.rpc.ErrorInfo'),
  reason: Type.String(),
  domain: Type.String(),
  metadata: Type.Record(Type.String(), Type.String())
})
export type ErrorInfo = Static<typeof ErrorInfoSchema>

/** Mirrors FastErrorBody in ../errors.ts (the test checks that the two stay assignable both ways). */
export const ErrorBodySchema = Type.Object({
  code: Type.Integer(),
  message: Type.String(),
  details: Type.Array(ErrorInfoSchema)
})
export type ErrorBody = Static<typeof ErrorBodySchema>
