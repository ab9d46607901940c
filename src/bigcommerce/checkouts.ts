/** Checkouts (checkouts.v3.yml): billing address, consignments and shipping options of a cart. */
import { BigCommerceError } from './client.js'
import type { StoreApi } from './store-api.js'
import type {
  BillingAddressRequest, Checkout, CheckoutAnswer, ConsignmentAddressRequest, CouponCodeRequest, CreateConsignmentRequest, CreatedOrder,
  UpdateConsignmentRequest, V3Envelope
} from './types.js'
import { versioned } from './versioned.js'

/** Everything a Fast order needs from a checkout, in one GET. */
export const CHECKOUT_INCLUDE = 'cart.line_items.physical_items.options,cart.line_items.digital_items.options,consignments.available_shipping_options'
const SHIPPING_OPTIONS_INCLUDE = 'consignments.available_shipping_options'

/** A billing address as sent (`AddressProperties`); the bridge sends no custom fields. */
export type AddressInput = Omit<BillingAddressRequest, 'version' | 'custom_fields'>

/**
 * A consignment as sent (`CreateConsignmentRequest` item), its address with the fields the document
 * requires (`state_or_province` and `postal_code` among them); the bridge sends no custom fields.
 */
export type ConsignmentAddressInput = Omit<ConsignmentAddressRequest, 'custom_fields'>
export interface ConsignmentInput {
  address: ConsignmentAddressInput
  line_items: NonNullable<CreateConsignmentRequest[number]['line_items']>
}
type CreateConsignmentBody = Array<Omit<CreateConsignmentRequest[number], 'address'> & { address?: ConsignmentAddressInput }>

async function checkoutCall (api: StoreApi, method: 'GET' | 'POST' | 'PUT' | 'DELETE', template: string, params: Record<string, string>, options: { include?: string, body?: unknown } = {}): Promise<Checkout> {
  const { body } = await api.call<CheckoutAnswer>(method, template, {
    params,
    query: options.include === undefined ? undefined : { include: options.include },
    body: options.body
  })
  return body.data
}

export async function getCheckout (api: StoreApi, checkoutId: string): Promise<Checkout> {
  return await checkoutCall(api, 'GET', '/v3/checkouts/{id}', { id: checkoutId }, { include: CHECKOUT_INCLUDE })
}

export async function addBillingAddress (api: StoreApi, checkoutId: string, address: AddressInput, version?: number): Promise<Checkout> {
  return await checkoutCall(api, 'POST', '/v3/checkouts/{id}/billing-address', { id: checkoutId }, { body: { ...address, ...versioned(version) } satisfies BillingAddressRequest })
}

export async function updateBillingAddress (api: StoreApi, checkoutId: string, addressId: string, address: AddressInput, version?: number): Promise<Checkout> {
  return await checkoutCall(api, 'PUT', '/v3/checkouts/{id}/billing-address/{addressId}', { id: checkoutId, addressId }, { body: { ...address, ...versioned(version) } satisfies BillingAddressRequest })
}

export async function addConsignments (api: StoreApi, checkoutId: string, consignments: ConsignmentInput[], version?: number): Promise<Checkout> {
  return await checkoutCall(api, 'POST', '/v3/checkouts/{id}/consignments', { id: checkoutId }, { include: SHIPPING_OPTIONS_INCLUDE, body: consignments.map(c => ({ ...c, ...versioned(version) })) satisfies CreateConsignmentBody })
}

export async function updateConsignment (api: StoreApi, checkoutId: string, consignmentId: string, consignment: Partial<ConsignmentInput>, version?: number): Promise<Checkout> {
  return await checkoutCall(api, 'PUT', '/v3/checkouts/{id}/consignments/{consignmentId}', { id: checkoutId, consignmentId }, { include: SHIPPING_OPTIONS_INCLUDE, body: { ...consignment, ...versioned(version) } satisfies UpdateConsignmentRequest })
}

/** Choosing an option must be its own PUT: BigCommerce refuses it together with an address change. */
export async function selectShippingOption (api: StoreApi, checkoutId: string, consignmentId: string, shippingOptionId: string, version?: number): Promise<Checkout> {
  return await checkoutCall(api, 'PUT', '/v3/checkouts/{id}/consignments/{consignmentId}', { id: checkoutId, consignmentId }, { include: SHIPPING_OPTIONS_INCLUDE, body: { shipping_option_id: shippingOptionId, ...versioned(version) } satisfies UpdateConsignmentRequest })
}

export async function addCoupon (api: StoreApi, checkoutId: string, couponCode: string, version?: number): Promise<Checkout> {
  return await checkoutCall(api, 'POST', '/v3/checkouts/{id}/coupons', { id: checkoutId }, { body: { coupon_code: couponCode, ...versioned(version) } satisfies CouponCodeRequest })
}

/** The version goes in the DELETE's body (deleteCheckoutCoupon: DeleteCouponCodeRequest), as on a POST. */
export async function removeCoupon (api: StoreApi, checkoutId: string, couponCode: string, version?: number): Promise<Checkout> {
  return await checkoutCall(api, 'DELETE', '/v3/checkouts/{id}/coupons/{couponCode}', { id: checkoutId, couponCode }, version === undefined ? {} : { body: versioned(version) })
}

/**
 * How long the order POST may take. Abandoning it leaves an order that may or may not exist, so it
 * waits well past the generic deadline, yet under the default order lease (60 s), so no second
 * conversion of the same order can start while it runs.
 */
export const ORDER_POST_TIMEOUT_MS = 30_000

/**
 * Makes a BigCommerce order of the checkout. NOT idempotent: every call makes another order
 * (documented), so callers must go through operations/update/convert.ts and its recovery points.
 * Bodiless; the client still declares the Content-Type `createOrder` requires. A 2xx whose body has
 * no usable order id is thrown as a BigCommerceError with that 2xx status: the order was probably
 * made, so the caller treats it as an unknown outcome (looks the cart's orders up), never as made.
 */
export async function createOrderFromCheckout (api: StoreApi, checkoutId: string): Promise<number> {
  const { status, body } = await api.call<V3Envelope<CreatedOrder> | undefined>('POST', '/v3/checkouts/{id}/orders', { params: { id: checkoutId }, timeoutMs: ORDER_POST_TIMEOUT_MS })
  const id: unknown = body?.data?.id
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw new BigCommerceError('POST /v3/checkouts/{id}/orders', status, 'the answer carries no order id')
  }
  return id
}
