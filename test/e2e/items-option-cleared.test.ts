/**
 * Review F3: changing a consignment's line items can clear the shipping option the shopper chose
 * (checkouts.v3.yml: "changing the address or line items can invalidate the previously available
 * shipping options"). The sandbox keeps the option, so a loopback BigCommerce that clears it stands
 * in: an added item joins the one shipment, and the option is chosen again while it is still offered.
 */
import t from 'tap'
import type { Checkout } from '../../src/bigcommerce/types.js'
import { CART_ID, CHECKOUT, convertibleOn, ok } from '../conversion/support.js'
import { updateBody } from '../use-cases/flows.js'

const { data: before } = CHECKOUT
const ours = (before.consignments ?? [])[0]
const chosen = ours.selected_shipping_option?.id as string
const hoodie = before.cart.line_items.physical_items[0]
const tee = { ...hoodie, id: 'b1f0c7e2-tee0-4d6e-9a51-3c1f0e2d7a11', product_id: 113, variant_id: 81, sku: 'FAST-TEE-M', name: 'Fast Tee', options: [] }

/** The checkout with both items in our consignment, its option as given. */
function joined (selected: typeof ours.selected_shipping_option): { data: Checkout } {
  const cart = { ...before.cart, line_items: { ...before.cart.line_items, physical_items: [hoodie, tee] } }
  return { ...CHECKOUT, data: { ...before, cart, consignments: [{ ...ours, line_item_ids: [hoodie.id, tee.id], selected_shipping_option: selected }] } }
}

t.test('an item added to the one shipment keeps the shopper\'s shipping option when BigCommerce clears it but still offers it', async t => {
  // BigCommerce's state: the option as the last consignment call left it (undefined: not joined yet).
  let selected: typeof ours.selected_shipping_option | undefined
  const { bc, bridge } = await convertibleOn(t, request => {
    const path = request.url.split('?')[0].replace(/^\/stores\/[^/]+/, '')
    const body = request.body === '' ? {} : JSON.parse(request.body) as Record<string, unknown>
    if (request.method === 'POST' && path === `/v3/carts/${CART_ID}/items`) return ok({ data: { ...before.cart, line_items: { ...before.cart.line_items, physical_items: [hoodie, tee] } } })
    if (request.method === 'GET' && path === `/v3/checkouts/${CART_ID}`) return ok(selected === undefined ? CHECKOUT : joined(selected))
    if (request.method === 'PUT' && path === `/v3/checkouts/${CART_ID}/consignments/${ours.id}`) {
      // The line items change clears the option (still offered); choosing it again sets it.
      selected = body.shipping_option_id === undefined ? null as unknown as typeof selected : ours.selected_shipping_option
      return ok(joined(selected))
    }
    return { status: 500, body: { status: 500, title: `unexpected call ${request.method} ${path}` } }
  })

  const added = await bridge.fast('update', updateBody({ items: [{ item_id: { value: 'tee' }, quantity: 1, external_product_id: '113', external_variant_id: '81' }] }))
  t.equal(added.statusCode, 200)
  const puts = bc.requests.filter(r => r.method === 'PUT').map(r => JSON.parse(r.body) as Record<string, unknown>)
  t.equal(puts.length, 2)
  t.match(puts, [{ line_items: [{ item_id: hoodie.id, quantity: 1 }, { item_id: tee.id, quantity: 1 }] }, { shipping_option_id: chosen }], 'the items joined, then the option chosen again')
  t.equal(added.body?.order?.order?.shipment_plans?.[0]?.selected_option?.external_id ?? added.body?.order?.order?.shipment_plans?.[0]?.selected_option?.id?.value, chosen, 'Fast sees the shopper\'s option still chosen')
})
