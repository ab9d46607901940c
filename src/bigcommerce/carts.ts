/** Carts (carts.v3.yml): the cart is created here; its id is also the checkout id. */
import type { StoreApi } from './store-api.js'
import type { AddCartItemsRequest, Cart, CartAnswer, CreateCartRequest, DeleteCartItemAnswer, NewLineItem, UpdateCartItemRequest } from './types.js'
import { versioned } from './versioned.js'

export type { NewLineItem } from './types.js'

export const CART_INCLUDE = 'line_items.physical_items.options,line_items.digital_items.options'

export async function createCart (api: StoreApi, lineItems: NewLineItem[], options: { currencyCode?: string } = {}): Promise<Cart> {
  const body: CreateCartRequest = { line_items: lineItems }
  if (options.currencyCode !== undefined) body.currency = { code: options.currencyCode }
  const { body: answer } = await api.call<CartAnswer>('POST', '/v3/carts', { query: { include: CART_INCLUDE }, body })
  return answer.data
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

/** Answers the cart, or undefined when that was its last item and BigCommerce deleted the cart (204). */
export async function deleteCartItem (api: StoreApi, cartId: string, itemId: string): Promise<Cart | undefined> {
  const { body } = await api.call<DeleteCartItemAnswer>('DELETE', '/v3/carts/{id}/items/{itemId}', { params: { id: cartId, itemId }, query: { include: CART_INCLUDE } })
  return body?.data
}
