/** products_catalog.v3.yml and product-variants_catalog.v3.yml: products, images and variants, read-only. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { Catalog, Product, Variant } from '../catalog.js'
import { includeOf, storeOf, type RouteOptions } from '../context.js'
import { notFound } from '../errors.js'
import { toCents, v3Amount } from '../money.js'
import { isoTime } from '../views/time.js'

const CREATED = new Date('2021-03-02T12:00:00Z')

function imageView (product: Product): Record<string, unknown> | undefined {
  const url = product.seed.image_url
  if (url === undefined) return undefined
  return {
    id: product.seed.image_id ?? product.id,
    product_id: product.id,
    is_thumbnail: true,
    sort_order: 0,
    description: '',
    image_file: url.replace(/^.*\/images\/\d+\//, '').replace(/\?.*$/, ''),
    url_zoom: url,
    url_standard: url,
    url_thumbnail: url,
    url_tiny: url,
    date_modified: isoTime(CREATED)
  }
}

function variantView (catalog: Catalog, variant: Variant): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: variant.id,
    product_id: variant.product.id,
    sku: variant.sku,
    price: v3Amount(variant.priceCents),
    calculated_price: v3Amount(catalog.unitPrice(variant)),
    weight: variant.product.seed.weight ?? 0,
    calculated_weight: variant.product.seed.weight ?? 0,
    is_free_shipping: false,
    purchasing_disabled: variant.purchasingDisabled,
    purchasing_disabled_message: '',
    image_url: variant.imageUrl ?? '',
    upc: '',
    inventory_level: catalog.available(variant) ?? 0,
    inventory_warning_level: 0,
    bin_picking_number: '',
    option_values: variant.optionValues.map(({ option, value }) => ({ id: value.id, label: value.label, option_id: option.id, option_display_name: option.display_name }))
  }
  if (variant.salePriceCents !== undefined) view.sale_price = v3Amount(variant.salePriceCents)
  return view
}

function productView (catalog: Catalog, product: Product, include: string | undefined): Record<string, unknown> {
  const seed = product.seed
  const includes = new Set((include ?? '').split(',').map((part) => part.trim()))
  const priceCents = toCents(seed.price)
  const saleCents = seed.sale_price === undefined ? 0 : toCents(seed.sale_price)
  const image = imageView(product)
  const view: Record<string, unknown> = {
    id: product.id,
    name: product.name,
    type: seed.type,
    sku: seed.sku,
    description: '',
    weight: seed.weight ?? 0,
    width: 0,
    depth: 0,
    height: 0,
    price: v3Amount(priceCents),
    cost_price: 0,
    retail_price: 0,
    sale_price: v3Amount(saleCents),
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: '',
    calculated_price: v3Amount(saleCents > 0 ? saleCents : priceCents),
    categories: [],
    brand_id: 0,
    inventory_level: catalog.productInventory(product),
    inventory_warning_level: 0,
    inventory_tracking: seed.inventory_tracking,
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: true,
    is_featured: false,
    related_products: [],
    warranty: '',
    bin_picking_number: '',
    layout_file: 'product.html',
    upc: '',
    search_keywords: '',
    availability: seed.availability ?? 'available',
    availability_description: '',
    gift_wrapping_options_type: 'any',
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: 'New',
    is_condition_shown: false,
    order_quantity_minimum: seed.order_quantity_minimum ?? 0,
    order_quantity_maximum: seed.order_quantity_maximum ?? 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    view_count: 0,
    preorder_message: '',
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: { url: seed.path, is_customized: false },
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: 0,
    date_created: isoTime(CREATED),
    date_modified: isoTime(CREATED),
    channels: [1]
  }
  // BigCommerce gives products with options no base variant; the schema types it as integer, so it is left out.
  if (!product.hasOptions) view.base_variant_id = product.variants[0].id
  if (includes.has('variants')) view.variants = product.variants.map((variant) => variantView(catalog, variant))
  if (includes.has('images')) view.images = image === undefined ? [] : [image]
  if (includes.has('primary_image') && image !== undefined) view.primary_image = image
  if (includes.has('options')) {
    view.options = (seed.options ?? []).map((option, index) => ({
      id: option.id,
      product_id: product.id,
      display_name: option.display_name,
      type: 'rectangles',
      sort_order: index,
      option_values: option.values.map((value, position) => ({ id: value.id, label: value.label, sort_order: position, is_default: false }))
    }))
  }
  if (includes.has('modifiers')) {
    view.modifiers = (seed.modifiers ?? []).map((modifier, index) => ({
      id: modifier.id,
      product_id: product.id,
      name: `${modifier.display_name}-${product.id}`,
      display_name: modifier.display_name,
      type: modifier.type,
      required: modifier.required,
      sort_order: index,
      config: { default_value: '' },
      option_values: []
    }))
  }
  return view
}

function pagination (total: number, page: number, limit: number): Record<string, unknown> {
  return { pagination: { total, count: Math.max(0, Math.min(limit, total - (page - 1) * limit)), per_page: limit, current_page: page, total_pages: Math.max(1, Math.ceil(total / limit)), links: { current: `?page=${page}&limit=${limit}` } } }
}

function productOf (catalog: Catalog, request: FastifyRequest<{ Params: { productId: string } }>): Product {
  const product = catalog.product(Number(request.params.productId))
  if (product === undefined) throw notFound('Product')
  return product
}

export const catalogRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.get<{ Params: { hash: string }, Querystring: Record<string, string | undefined> }>('/v3/catalog/products', async (request) => {
    const { catalog } = storeOf(sandbox, request)
    const query = request.query
    const ids = query['id:in']?.split(',').map(Number)
    const page = Math.max(1, Number(query.page ?? 1))
    const limit = Math.min(250, Math.max(1, Number(query.limit ?? 50)))
    const products = [...catalog.products.values()]
      .filter((product) => ids === undefined || ids.includes(product.id))
      .filter((product) => query.id === undefined || product.id === Number(query.id))
      .filter((product) => query.sku === undefined || product.seed.sku === query.sku)
      .filter((product) => query.name === undefined || product.name === query.name)
    return {
      data: products.slice((page - 1) * limit, page * limit).map((product) => productView(catalog, product, includeOf(request))),
      meta: pagination(products.length, page, limit)
    }
  })

  fastify.get<{ Params: { hash: string, productId: string } }>('/v3/catalog/products/:productId', async (request) => {
    const { catalog } = storeOf(sandbox, request)
    return { data: productView(catalog, productOf(catalog, request), includeOf(request)), meta: {} }
  })

  fastify.get<{ Params: { hash: string, productId: string } }>('/v3/catalog/products/:productId/variants', async (request) => {
    const { catalog } = storeOf(sandbox, request)
    const product = productOf(catalog, request)
    return { data: product.variants.map((variant) => variantView(catalog, variant)), meta: pagination(product.variants.length, 1, 50) }
  })

  fastify.get<{ Params: { hash: string, productId: string, variantId: string } }>('/v3/catalog/products/:productId/variants/:variantId', async (request) => {
    const { catalog } = storeOf(sandbox, request)
    const product = productOf(catalog, request)
    const variant = product.variants.find((candidate) => candidate.id === Number(request.params.variantId))
    if (variant === undefined) throw notFound('Variant')
    return { data: variantView(catalog, variant), meta: {} }
  })

  fastify.get<{ Params: { hash: string }, Querystring: Record<string, string | undefined> }>('/v3/catalog/variants', async (request) => {
    const { catalog } = storeOf(sandbox, request)
    const query = request.query
    const ids = query['id:in']?.split(',').map(Number)
    const variants = [...catalog.products.values()].flatMap((product) => product.variants)
      .filter((variant) => query.sku === undefined || variant.sku === query.sku)
      .filter((variant) => ids === undefined || ids.includes(variant.id))
      .filter((variant) => query.product_id === undefined || variant.product.id === Number(query.product_id))
    return { data: variants.map((variant) => variantView(catalog, variant)), meta: pagination(variants.length, 1, Math.max(50, variants.length)) }
  })
}
