/** The Fast shapes operations build, as the response schemas define them (one source for both). */
export {
  DiscountOrigin, DiscountType, ItemFulfillmentModel, OrderStatus, OrderType, ShippingOptionType, UpdateOrderSegmentType
} from '../fast/schemas/index.js'
export type {
  Discount as FastDiscount, FastOrder, OrderAddress as FastAddress, OrderLine as FastLine,
  ShipmentPlan as FastShipmentPlan, ShippingOption as FastShippingOption, ShippingZone as FastShippingZone,
  UpdateSegmentStatus as SegmentStatus
} from '../fast/schemas/index.js'
