/**
 * Shopper data out of recorded fixtures: a real store's recordings are committed, so a person's data
 * in a recorded body is replaced by fixed stand-ins. The same real value always gets the same
 * stand-in within one recording, wherever it appears, so that a request body still equals the one the
 * bridge sends when the recording is replayed (nock deep-compares bodies) with the same stand-ins in
 * Fast's requests.
 *
 * Values are found two ways, then replaced wherever the same string appears whole (except under the
 * fields that never hold a person's data, so an id or an amount equal to some shopper value stays):
 * - by field name, anywhere: emails, names, phones, street lines, IP addresses, messages and notes
 *   (BigCommerce's v2 and v3 names, and Fast's);
 * - fail-closed inside address-like and customer-like objects (an object under one of
 *   PERSONAL_CONTAINERS, such as `billing_address` or `form_fields`, or one with an `email`,
 *   `first_name` or `last_name` of its own): every string there is a person's data unless its field
 *   is a known-safe one (ids, amounts, dates, country and state codes and names, types).
 */

/** Kinds of shopper data: the field names that hold it and the n-th stand-in of the kind. */
interface Kind { fields: string[], standIn: (n: number) => string }

const KINDS: Kind[] = [
  { fields: ['email', 'recipient_email'], standIn: n => `shopper${n}@example.com` },
  { fields: ['first_name'], standIn: n => `First${n}` },
  { fields: ['last_name'], standIn: n => `Last${n}` },
  // E.164, as BigCommerce's AddressProperties.phone pattern asks; 555-01xx numbers are fictional.
  { fields: ['phone'], standIn: n => `+1555010${String(n).padStart(4, '0')}` },
  { fields: ['company'], standIn: n => `Company ${n}` },
  { fields: ['address1', 'street_1', 'address_1', 'address_line_1'], standIn: n => `${n} Example Street` },
  { fields: ['address2', 'street_2', 'address_2', 'address_line_2'], standIn: n => `Unit ${n}` },
  { fields: ['city', 'city_locality'], standIn: n => `City ${n}` },
  { fields: ['postal_code', 'zip'], standIn: n => String(n).padStart(5, '0') },
  { fields: ['customer_message', 'staff_notes', 'notes', 'comments', 'wrapping_message'], standIn: n => `Message ${n}` },
  // 192.0.2.0/24 (TEST-NET-1) and 2001:db8::/32 are reserved for documentation.
  { fields: ['ip_address', 'registration_ip_address'], standIn: n => `192.0.2.${n % 255}` },
  { fields: ['ip_address_v6'], standIn: n => `2001:db8::${n.toString(16)}` }
]
/**
 * Any other string of an address-like or customer-like object (form field values, tax categories...),
 * and these fields anywhere: a customer attribute's value, passwords.
 */
const OTHER: Kind = { fields: ['attribute_value', 'password', 'new_password'], standIn: n => `Redacted ${n}` }
const KIND_OF_FIELD = new Map([...KINDS, OTHER].flatMap(kind => kind.fields.map(field => [field, kind] as const)))

/** Objects under these fields are a person's (addresses, and the values the shopper typed in forms). */
const PERSONAL_CONTAINERS = new Set([
  'billing_address', 'shipping_address', 'shippingAddress', 'shipping_addresses', 'address', 'addresses', 'customer',
  'form_fields', 'custom_fields',
  // A gift certificate names its sender and recipient and carries the sender's message.
  'gift_certificates', 'sender', 'recipient'
])
/** An object with one of these fields of its own describes a person (a customer, an address). */
const PERSONAL_MARKERS = ['email', 'first_name', 'last_name']

/**
 * Fields of a person's object that say nothing about who the person is. Country and state (codes and
 * names) are kept: BigCommerce quotes shipping and tax by them, and they name a region, not a person.
 * The rest are ids, amounts, dates, enums and the store's own settings (its shipping method and zone).
 * `name` is not among them: a gift certificate's sender has one (so a form field's label goes too).
 */
const SAFE_FIELDS = new Set([
  'country', 'country_code', 'country_iso2', 'state', 'state_or_province', 'state_or_province_code',
  'address_type', 'type', 'code', 'currency_code', 'locale', 'status', 'theme', 'url', 'resource',
  'shipping_method', 'shipping_zone_name'
])
const SAFE_FIELD_PATTERNS = [
  /(^|_)(id|ids|uuid)$/, // ids and references
  /(cost|tax|total|amount|price)(_(ex|inc)_tax)?$/, // v2 amounts are decimal strings
  /^date(_|$)|_(date|time|at)$/ // timestamps
]

function isSafeField (field: string | undefined): boolean {
  return field !== undefined && (SAFE_FIELDS.has(field) || SAFE_FIELD_PATTERNS.some(pattern => pattern.test(field)))
}

function isPersonLike (value: object): boolean {
  return PERSONAL_MARKERS.some(marker => Object.hasOwn(value, marker))
}

export interface ShopperRedaction {
  /** Notes the shopper values in `value` (by field name and by place) without changing anything. */
  learn (value: unknown): void
  /** `value` with every known shopper value replaced by its stand-in (a copy; `value` is unchanged). */
  apply<T> (value: T): T
  /** A query string value (`email:in=…`) under its parameter's name: learned and replaced. */
  queryValue (name: string, value: string): string
}

export function createShopperRedaction (): ShopperRedaction {
  const standIns = new Map<string, string>()
  const counts = new Map<Kind, number>()

  function note (kind: Kind, value: string): void {
    if (value === '' || standIns.has(value)) return
    const n = (counts.get(kind) ?? 0) + 1
    counts.set(kind, n)
    standIns.set(value, kind.standIn(n))
  }

  /** Notes `value` found under `field`, in a person's object if `personal`. */
  function noteField (field: string, value: unknown, personal: boolean): void {
    const kind = KIND_OF_FIELD.get(field) ?? (personal && !isSafeField(field) ? OTHER : undefined)
    if (kind === undefined) return
    if (typeof value === 'string') note(kind, value)
    // A form field's value may be a list of the shopper's choices.
    if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') note(kind, item)
  }

  function learnIn (value: unknown, inContainer: boolean): void {
    if (Array.isArray(value)) {
      for (const item of value) learnIn(item, inContainer)
    } else if (value !== null && typeof value === 'object') {
      const personal = inContainer || isPersonLike(value)
      for (const [field, inner] of Object.entries(value)) {
        noteField(field, inner, personal)
        learnIn(inner, PERSONAL_CONTAINERS.has(field))
      }
    }
  }

  function applyUnder<T> (field: string | undefined, value: T): T {
    if (typeof value === 'string') return (isSafeField(field) ? value : standIns.get(value) ?? value) as T
    if (Array.isArray(value)) return value.map(item => applyUnder(field, item)) as T
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([inner, innerValue]) => [inner, applyUnder(inner, innerValue)])) as T
    }
    return value
  }

  return {
    learn: value => learnIn(value, false),
    apply: value => applyUnder(undefined, value),
    queryValue (name, value) {
      const parts = value.split(',')
      const field = name.replace(/:.*$/, '')
      for (const part of parts) noteField(field, part, false)
      return parts.map(part => standIns.get(part) ?? part).join(',')
    }
  }
}
