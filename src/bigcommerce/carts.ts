/** Carts (carts.v3.yml): the cart is created here; its id is also the checkout id. */
import type { StoreApi } from './store-api.js'
import type { Cart, V3Envelope } from './types.js'
import { versioned } from './versioned.js'

export const CART_INCLUDE = 'line_items.physical_items.options,line_items.digital_items.options'

export interface NewLineItem {
  product_id: number
  quantity: number
  variant_id?: number
  option_selections?: Array<{ option_id: number, option_value: number | string }>
}

export async function createCart (api: StoreApi, lineItems: NewLineItem[], options: { currencyCode?: string } = {}): Promise<Cart> {
  const body: Record<string, unknown> = { line_items: lineItems }
  if (options.currencyCode !== undefined) body.currency = { code: options.currencyCode }
  const { body: answer } = await api.call<V3Envelope<Cart>>('POST', '/v3/carts', { query: { include: CART_INCLUDE }, body })
  return answer.data
}

/** Deleting a cart cannot be undone; a cart already gone answers 404, which callers may accept. */
export async function deleteCart (api: StoreApi, cartId: string): Promise<void> {
  await api.call('DELETE', '/v3/carts/{id}', { params: { id: cartId } })
}

export async function addCartItems (api: StoreApi, cartId: string, lineItems: NewLineItem[], version?: number): Promise<Cart> {
  const { body } = await api.call<V3Envelope<Cart>>('POST', '/v3/carts/{id}/items', { params: { id: cartId }, query: { include: CART_INCLUDE }, body: { line_items: lineItems, ...versioned(version) } })
  return body.data
}

/** BigCommerce requires product_id with the new quantity; a variant change is a delete and an add. */
export async function updateCartItem (api: StoreApi, cartId: string, itemId: string, item: NewLineItem, version?: number): Promise<Cart> {
  const { body } = await api.call<V3Envelope<Cart>>('PUT', '/v3/carts/{id}/items/{itemId}', { params: { id: cartId, itemId }, query: { include: CART_INCLUDE }, body: { line_item: item, ...versioned(version) } })
  return body.data
}

/**
 * Answers the cart, or undefined when that was its last item and BigCommerce deleted the cart (204).
 * The version goes in the DELETE's body (deleteCartLineItem: CartLineItemDelete), as on a POST.
 */
export async function deleteCartItem (api: StoreApi, cartId: string, itemId: string, version?: number): Promise<Cart | undefined> {
  const { body } = await api.call<V3Envelope<Cart> | undefined>('DELETE', '/v3/carts/{id}/items/{itemId}', {
    params: { id: cartId, itemId },
    query: { include: CART_INCLUDE },
    ...(version === undefined ? {} : { body: versioned(version) })
  })
  return body?.data
}
