/** Carts (carts.v3.yml): the cart is created here; its id is also the checkout id. */
import { BigCommerceError } from './client.js'
import type { StoreApi } from './store-api.js'
import type { AddCartItemsRequest, Cart, CartAnswer, CreateCartRequest, DeleteCartItemAnswer, NewLineItem, UpdateCartItemRequest } from './types.js'
import { versioned } from './versioned.js'

export type { NewLineItem } from './types.js'

export const CART_INCLUDE = 'line_items.physical_items.options,line_items.digital_items.options'

export interface NewCartOptions {
  currencyCode?: string
  /** A BigCommerce customer's id: the cart gets that customer's group prices. Absent = a guest (0). */
  customerId?: number
  /** The channel the cart is sold through; absent = BigCommerce's default channel 1. */
  channelId?: number
}

export async function createCart (api: StoreApi, lineItems: NewLineItem[], options: NewCartOptions = {}): Promise<Cart> {
  const body: CreateCartRequest = { line_items: lineItems }
  if (options.customerId !== undefined) body.customer_id = options.customerId
  if (options.channelId !== undefined) body.channel_id = options.channelId
  if (options.currencyCode !== undefined) body.currency = { code: options.currencyCode }
  const { body: answer } = await api.call<CartAnswer>('POST', '/v3/carts', { query: { include: CART_INCLUDE }, body })
  return answer.data
}

/** The cart as it is now, or undefined when BigCommerce has no such cart (404). */
export async function getCart (api: StoreApi, cartId: string): Promise<Cart | undefined> {
  try {
    const { body } = await api.call<CartAnswer>('GET', '/v3/carts/{id}', { params: { id: cartId }, query: { include: CART_INCLUDE } })
    return body.data
  } catch (err) {
    if (err instanceof BigCommerceError && err.status === 404) return undefined
    throw err
  }
}

/** Makes the cart a customer's (carts.v3.yml updateCart); BigCommerce then drops its promotions and shipping calculations. */
export async function setCartCustomer (api: StoreApi, cartId: string, customerId: number, version?: number): Promise<Cart> {
  const { body } = await api.call<CartAnswer>('PUT', '/v3/carts/{id}', { params: { id: cartId }, query: { include: CART_INCLUDE }, body: { customer_id: customerId, ...versioned(version) } })
  return body.data
}

/** Deleting a cart cannot be undone; a cart already gone answers 404, which callers may accept. */
export async function deleteCart (api: StoreApi, cartId: string): Promise<void> {
  await api.call('DELETE', '/v3/carts/{id}', { params: { id: cartId } })
}

export async function addCartItems (api: StoreApi, cartId: string, lineItems: NewLineItem[], version?: number): Promise<Cart> {
  const body: AddCartItemsRequest = { line_items: lineItems, ...versioned(version) }
  const { body: answer } = await api.call<CartAnswer>('POST', '/v3/carts/{id}/items', { params: { id: cartId }, query: { include: CART_INCLUDE }, body })
  return answer.data
}

/** BigCommerce requires product_id with the new quantity; a variant change is a delete and an add. */
export async function updateCartItem (api: StoreApi, cartId: string, itemId: string, item: NewLineItem, version?: number): Promise<Cart> {
  const body: UpdateCartItemRequest = { line_item: item, ...versioned(version) }
  const { body: answer } = await api.call<CartAnswer>('PUT', '/v3/carts/{id}/items/{itemId}', { params: { id: cartId, itemId }, query: { include: CART_INCLUDE }, body })
  return answer.data
}

/**
 * Answers the cart, or undefined when that was its last item and BigCommerce deleted the cart (204).
 * The version goes in the DELETE's body (deleteCartLineItem: CartLineItemDelete), as on a POST.
 */
export async function deleteCartItem (api: StoreApi, cartId: string, itemId: string, version?: number): Promise<Cart | undefined> {
  const { body } = await api.call<DeleteCartItemAnswer>('DELETE', '/v3/carts/{id}/items/{itemId}', {
    params: { id: cartId, itemId },
    query: { include: CART_INCLUDE },
    ...(version === undefined ? {} : { body: versioned(version) })
  })
  return body?.data
}
