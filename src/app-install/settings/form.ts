/**
 * The settings form: its field names, and what the merchant entered read into settings or into
 * the errors to show next to each field. Nothing is saved unless every field is valid.
 */
import { ORDER_STATUS_NAMES, type OrderStatusIds } from '../../bigcommerce/order-statuses.js'

export type FastStatus = keyof OrderStatusIds

/** Fast's statuses the merchant maps, in the order the form shows them, with what each means (Fast's order lifecycle). */
export const FAST_STATUSES: ReadonlyArray<{ status: FastStatus, meaning: string }> = [
  { status: 'BOOKED', meaning: 'payment authorised, fraud check pending' },
  { status: 'PENDING_FULFILLMENT', meaning: 'fraud check passed, safe to fulfil' },
  { status: 'CANCELED', meaning: 'payment or fraud check failed' }
]

export const FIELD = {
  session: 'session',
  fastAppId: 'fast_app_id',
  status: (status: FastStatus) => `status_${status}`
} as const

/**
 * Fast App IDs are UUIDs in every example Fast publishes; we accept a little more (letters, digits,
 * dot, dash, underscore, 128 at most) because the ID is only ever compared with Fast's tokens' `aud`.
 * The page's input carries the same pattern, so a browser says so before sending.
 */
export const FAST_APP_ID_PATTERN = '[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}'
const FAST_APP_ID = new RegExp(`^${FAST_APP_ID_PATTERN}$`)
const STATUS_ID = /^\d{1,2}$/

/** What the merchant entered, as text, to show again with the errors. */
export interface EnteredSettings {
  fastAppId: string
  orderStatusIds: Record<FastStatus, string>
}

export type FieldErrors = Partial<Record<'fastAppId' | FastStatus, string>>

export type FormReading =
  | { ok: true, settings: { fastAppId: string, orderStatusIds: OrderStatusIds } }
  | { ok: false, entered: EnteredSettings, errors: FieldErrors }

export function readSettingsForm (fields: URLSearchParams): FormReading {
  const entered: EnteredSettings = {
    // Pasted IDs often come with a space or a line break around them.
    fastAppId: (fields.get(FIELD.fastAppId) ?? '').trim(),
    orderStatusIds: {
      BOOKED: fields.get(FIELD.status('BOOKED')) ?? '',
      PENDING_FULFILLMENT: fields.get(FIELD.status('PENDING_FULFILLMENT')) ?? '',
      CANCELED: fields.get(FIELD.status('CANCELED')) ?? ''
    }
  }
  const errors: FieldErrors = {}
  if (entered.fastAppId === '') errors.fastAppId = 'Enter the Fast App ID of this store (Fast shows it in its seller dashboard).'
  else if (!FAST_APP_ID.test(entered.fastAppId)) errors.fastAppId = 'A Fast App ID has at most 128 letters, digits, dots, dashes or underscores, and starts with a letter or digit.'
  for (const { status } of FAST_STATUSES) {
    const id = entered.orderStatusIds[status]
    if (!STATUS_ID.test(id) || ORDER_STATUS_NAMES[Number(id)] === undefined) errors[status] = `Choose one of BigCommerce's order statuses (0 to 14) for ${status}.`
  }
  if (Object.keys(errors).length > 0) return { ok: false, entered, errors }
  return {
    ok: true,
    settings: {
      fastAppId: entered.fastAppId,
      orderStatusIds: {
        BOOKED: Number(entered.orderStatusIds.BOOKED),
        PENDING_FULFILLMENT: Number(entered.orderStatusIds.PENDING_FULFILLMENT),
        CANCELED: Number(entered.orderStatusIds.CANCELED)
      }
    }
  }
}
