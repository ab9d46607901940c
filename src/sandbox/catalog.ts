/**
 * Products, variants, prices and stock of one store, built from the seed. Stock is mutable state
 * (orders take it, cancellations give it back); everything else is read-only.
 */
import { toCents } from './money.js'
import type { SeedOption, SeedProduct, SeedVariant } from './types.js'

export interface Variant {
  id: number
  product: Product
  sku: string
  /** Catalog price in cents, before any sale price. */
  priceCents: number
  /** Sale price in cents when the variant or product is on sale. */
  salePriceCents?: number
  optionValues: Array<{ option: SeedOption, value: { id: number, label: string } }>
  imageUrl?: string
  purchasingDisabled: boolean
}

export interface Product {
  seed: SeedProduct
  id: number
  name: string
  digital: boolean
  variants: Variant[]
  /** Products with options have no base variant: a cart line must name one. */
  hasOptions: boolean
}

export class Catalog {
  readonly products = new Map<number, Product>()
  private readonly stock = new Map<string, number>()

  constructor (seeds: SeedProduct[]) {
    for (const seed of seeds) {
      const product: Product = { seed, id: seed.id, name: seed.name, digital: seed.type === 'digital', variants: [], hasOptions: (seed.options ?? []).length > 0 }
      product.variants = seed.variants.map((variant) => toVariant(product, variant))
      this.products.set(seed.id, product)
      if (seed.inventory_tracking === 'product') this.stock.set(`p${seed.id}`, seed.inventory_level ?? 0)
      if (seed.inventory_tracking === 'variant') {
        for (const variant of seed.variants) this.stock.set(`v${variant.id}`, variant.inventory_level ?? 0)
      }
    }
  }

  product (id: number): Product | undefined {
    return this.products.get(id)
  }

  variant (productId: number, variantId: number): Variant | undefined {
    return this.products.get(productId)?.variants.find((variant) => variant.id === variantId)
  }

  /** The unit price a cart charges: the sale price when there is one. */
  unitPrice (variant: Variant): number {
    return variant.salePriceCents ?? variant.priceCents
  }

  /** Units left, or undefined when the product does not track inventory. */
  available (variant: Variant): number | undefined {
    const tracking = variant.product.seed.inventory_tracking
    if (tracking === 'product') return this.stock.get(`p${variant.product.id}`)
    if (tracking === 'variant') return this.stock.get(`v${variant.id}`)
    return undefined
  }

  /** Product-level stock as catalog responses show it: the sum over variants when tracked by variant. */
  productInventory (product: Product): number {
    if (product.seed.inventory_tracking === 'product') return this.stock.get(`p${product.id}`) ?? 0
    if (product.seed.inventory_tracking === 'variant') return product.variants.reduce((sum, variant) => sum + (this.stock.get(`v${variant.id}`) ?? 0), 0)
    return 0
  }

  /** Moves stock by `delta` units (negative takes). */
  adjust (variant: Variant, delta: number): void {
    const tracking = variant.product.seed.inventory_tracking
    const key = tracking === 'product' ? `p${variant.product.id}` : tracking === 'variant' ? `v${variant.id}` : undefined
    if (key === undefined) return
    this.stock.set(key, (this.stock.get(key) ?? 0) + delta)
  }
}

function toVariant (product: Product, seed: SeedVariant): Variant {
  const options = product.seed.options ?? []
  const salePrice = seed.sale_price ?? product.seed.sale_price
  return {
    id: seed.id,
    product,
    sku: seed.sku,
    priceCents: toCents(seed.price ?? product.seed.price),
    salePriceCents: salePrice === undefined ? undefined : toCents(salePrice),
    optionValues: (seed.option_values ?? []).flatMap((ref) => {
      const option = options.find((candidate) => candidate.id === ref.option_id)
      const value = option?.values.find((candidate) => candidate.id === ref.id)
      return option === undefined || value === undefined ? [] : [{ option, value }]
    }),
    imageUrl: seed.image_url ?? product.seed.image_url,
    purchasingDisabled: seed.purchasing_disabled ?? false
  }
}
