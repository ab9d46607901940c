/** What every route module of the emulator shares: the stores, the call counter and the faults. */
import type { FastifyRequest } from 'fastify'
import type { CallCounter } from './calls.js'
import { conflict, notFound, SandboxError } from './errors.js'
import type { Faults } from './faults.js'
import type { SandboxInstalls } from './installs.js'
import type { StoreState } from './state.js'
import type { Cart } from './types.js'

export interface SandboxApp {
  clientId: string
  clientSecret: string
  /**
   * Where the app is served, as its Developer Portal profile says: the control panel opens
   * `${appUrl}/auth` and `/load`, calls `/uninstall`, and the token exchange accepts no other
   * redirect_uri than `${appUrl}/auth`. Unset: the app cannot be installed yet.
   */
  appUrl?: string
}

export interface Sandbox {
  stores: Map<string, StoreState>
  calls: CallCounter
  faults: Faults
  apps: SandboxApp[]
  /** Install codes handed out and which app is installed on which store. */
  installs: SandboxInstalls
  /** Every store back to the seed, counters zeroed, faults cleared. */
  reset(): void
}

export interface RouteOptions {
  sandbox: Sandbox
}

export function storeOf (sandbox: Sandbox, request: FastifyRequest): StoreState {
  const store = sandbox.stores.get((request.params as { hash: string }).hash)
  if (store === undefined) throw notFound('Store')
  return store
}

export function cartOf (store: StoreState, id: string, what = 'Cart'): Cart {
  const cart = store.carts.get(id)
  if (cart === undefined) throw notFound(what)
  return cart
}

/**
 * A cart about to be edited through the carts API. BigCommerce answers an edit of a cart that no
 * longer exists with a 500, not a 404 (bigcommerce.md §3.3, from its REST management guide); an id
 * that never was a cart stays a 404.
 */
export function editableCartOf (store: StoreState, id: string): Cart {
  if (store.deletedCarts.has(id)) throw new SandboxError(500, 'Internal Server Error')
  return cartOf(store, id)
}

/** Optimistic concurrency: a `version` that is present must be the current one. */
export function checkVersion (cart: Cart, body: unknown): void {
  const version = (body as { version?: unknown } | null | undefined)?.version
  if (version !== undefined && version !== null && version !== cart.version) throw conflict()
}

/** Every change to a cart or its checkout bumps the version, as BigCommerce does. */
export function touch (cart: Cart): void {
  cart.version++
  cart.updatedAt = new Date()
}

/** `http://host/stores/{hash}/v2`, for v2 resource links. */
export function v2Base (request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/stores/${(request.params as { hash: string }).hash}/v2`
}

export function includeOf (request: FastifyRequest): string | undefined {
  const include = (request.query as { include?: unknown }).include
  return typeof include === 'string' ? include : Array.isArray(include) ? include.join(',') : undefined
}
