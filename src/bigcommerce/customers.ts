/** Customers (customers.v3.yml): the shopper Fast asks about in a user read. */
import type { StoreApi } from './store-api.js'
import type { Customer, V3Envelope } from './types.js'

export async function findCustomer (api: StoreApi, by: { id?: number, email?: string }): Promise<Customer | undefined> {
  const query = by.id !== undefined ? { 'id:in': by.id } : { 'email:in': by.email }
  const { body } = await api.call<V3Envelope<Customer[]>>('GET', '/v3/customers', { query })
  return body.data[0]
}
