/** Small parsers for the parts of Fast requests that schemas cannot fully check. */
import { badRequest } from '../fast/errors.js'

export function parseId (id: { value?: string } | undefined, field: string): string {
  const value = id?.value
  if (value === undefined || value === '') throw badRequest('ID_MISSING', `${field}.value is required`, { field })
  return value
}

/** Fast sends int64 as a number or a numeric string; omitted means `fallback`. */
export function parseQuantity (quantity: number | string | undefined, field: string, minimum: number, fallback = 0): number {
  const value = quantity === undefined ? fallback : Number(quantity)
  if (!Number.isSafeInteger(value) || value < minimum || value > 1_000_000) {
    throw badRequest('INVALID_QUANTITY', `${field} must be a whole number from ${minimum} to 1000000`, { field })
  }
  return value
}
