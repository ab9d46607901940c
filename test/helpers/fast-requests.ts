/** Fast's create request, shaped like seed 000's: a cart with Fast's own order and line ids. */
export interface LineSpec { id: string, product: string, variant?: string, quantity: number }

export function createBody (lines: LineSpec[], orderId: string): unknown {
  return {
    type: 'ENTITY_TYPE_ORDER',
    order: {
      is_cart: true,
      order: {
        id: { value: orderId },
        order_type: 'ORDER_TYPE_CART',
        status: 'ORDER_STATUS_CART',
        bill_to: {},
        lines: lines.map(line => ({
          id: { value: line.id },
          external_product_id: line.product,
          ...(line.variant === undefined ? {} : { external_variant_id: line.variant }),
          quantity: line.quantity,
          subtotal_amount: '0.00',
          tax_amount: '0.00',
          total_amount: '0.00'
        }))
      }
    }
  }
}
