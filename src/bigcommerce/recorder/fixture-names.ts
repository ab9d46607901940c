/**
 * What a recorded BigCommerce exchange is called in fixtures/bigcommerce/<scenario>/NN-<what>.json:
 * lower-case words saying what the call does (fixtures/bigcommerce/README.md, "Layout and naming"),
 * `-refused` when BigCommerce answered 4xx or 5xx.
 */

export interface NamedExchange {
  method: string
  /** The path from `/stores/<hash>/…`, query string included. */
  path: string
  /** The parsed JSON request body, if any. */
  body: unknown
  status: number
}

export function fixtureName (exchange: NamedExchange): string {
  const [pathOnly, query = ''] = exchange.path.replace(/^\/stores\/[^/]+/, '').split('?')
  const path = pathOnly as string
  const params = new URLSearchParams(query)
  const body = exchange.body as Record<string, any> | undefined
  const failed = exchange.status >= 400 ? '-refused' : ''
  const m = exchange.method
  let name: string
  if (m === 'POST' && path === '/v3/carts') name = 'create-cart'
  else if (m === 'POST' && /^\/v3\/carts\/[^/]+\/items$/.test(path)) name = `add-item-${String(body?.line_items?.[0]?.product_id)}`
  else if (m === 'PUT' && /\/items\//.test(path)) name = `set-quantity-${String(body?.line_item?.quantity)}`
  else if (m === 'DELETE' && /\/items\//.test(path)) name = exchange.status === 204 ? 'remove-last-item' : 'remove-item'
  else if (m === 'DELETE' && /^\/v3\/carts\/[^/]+$/.test(path)) name = 'delete-cart'
  else if (m === 'GET' && /^\/v3\/checkouts\/[^/]+$/.test(path)) name = 'read-checkout'
  else if (m === 'POST' && path.endsWith('/billing-address')) name = 'add-billing-address'
  else if (m === 'PUT' && path.includes('/billing-address/')) name = 'update-billing-address'
  else if (m === 'POST' && path.endsWith('/consignments')) name = 'add-consignment'
  else if (m === 'PUT' && path.includes('/consignments/')) name = body?.shipping_option_id !== undefined ? 'select-shipping-option' : 'update-consignment'
  else if (m === 'POST' && path.endsWith('/coupons')) name = `add-coupon-${String(body?.coupon_code).toLowerCase()}`
  else if (m === 'DELETE' && path.includes('/coupons/')) name = `remove-coupon-${path.split('/').pop()?.toLowerCase() ?? ''}`
  else if (m === 'POST' && path.endsWith('/orders')) name = 'create-order'
  else if (m === 'PUT' && /^\/v2\/orders\/\d+$/.test(path)) name = body?.external_order_id !== undefined ? 'stamp-order' : `set-order-status-${String(body?.status_id)}`
  else if (m === 'GET' && /^\/v2\/orders\/\d+$/.test(path)) name = 'read-order'
  else if (m === 'GET' && /^\/v2\/orders\/\d+\/coupons$/.test(path)) name = 'read-order-coupons'
  else if (m === 'GET' && path === '/v2/orders') name = 'list-orders-of-cart'
  else if (m === 'GET' && path === '/v2/countries') name = `country-${params.get('country_iso2')?.toLowerCase() ?? 'all'}`
  else if (m === 'GET' && /\/states$/.test(path)) name = `state-${params.get('state_abbreviation')?.toLowerCase() ?? 'all'}`
  else if (m === 'GET' && path.startsWith('/v3/catalog/products/')) name = `read-product-${path.split('/').pop() ?? ''}`
  else if (m === 'GET' && path === '/v2/shipping/zones') name = 'shipping-zones'
  else name = `${m.toLowerCase()}-${path.split('/').filter(Boolean).slice(-1)[0] ?? 'call'}`
  return `${name}${failed}`
}
