/**
 * Shopper data out of recorded fixtures: a real store's recordings are committed, so every email,
 * name, phone, address line, city, postal code, IP address and customer message in a recorded body
 * is replaced by a fixed stand-in. The same real value always gets the same stand-in within one
 * recording, wherever it appears, so that a request body still equals the one the bridge sends when
 * the recording is replayed (nock deep-compares bodies) with the same stand-ins in Fast's requests.
 *
 * Values are found by their field names (BigCommerce's v2 and v3 names, and Fast's) and then
 * replaced wherever the same string appears whole, under any field.
 */

/** Kinds of shopper data: the field names that hold it and the n-th stand-in of the kind. */
const KINDS: Array<{ fields: string[], standIn: (n: number) => string }> = [
  { fields: ['email'], standIn: n => `shopper${n}@example.com` },
  { fields: ['first_name'], standIn: n => `First${n}` },
  { fields: ['last_name'], standIn: n => `Last${n}` },
  // E.164, as BigCommerce's AddressProperties.phone pattern asks; 555-01xx numbers are fictional.
  { fields: ['phone'], standIn: n => `+1555010${String(n).padStart(4, '0')}` },
  { fields: ['company'], standIn: n => `Company ${n}` },
  { fields: ['address1', 'street_1', 'address_1'], standIn: n => `${n} Example Street` },
  { fields: ['address2', 'street_2', 'address_2'], standIn: n => `Unit ${n}` },
  { fields: ['city', 'city_locality'], standIn: n => `City ${n}` },
  { fields: ['postal_code', 'zip'], standIn: n => String(n).padStart(5, '0') },
  { fields: ['customer_message', 'staff_notes'], standIn: n => `Message ${n}` },
  // 192.0.2.0/24 (TEST-NET-1) and 2001:db8::/32 are reserved for documentation.
  { fields: ['ip_address'], standIn: n => `192.0.2.${n % 255}` },
  { fields: ['ip_address_v6'], standIn: n => `2001:db8::${n.toString(16)}` }
]
const KIND_OF_FIELD = new Map(KINDS.flatMap(kind => kind.fields.map(field => [field, kind] as const)))

export interface ShopperRedaction {
  /** Notes the shopper values in `value` (by field name) without changing anything. */
  learn (value: unknown): void
  /** `value` with every known shopper value replaced by its stand-in (a copy; `value` is unchanged). */
  apply<T> (value: T): T
  /** A query string value (`email:in=…`) under its parameter's name: learned and replaced. */
  queryValue (name: string, value: string): string
}

export function createShopperRedaction (): ShopperRedaction {
  const standIns = new Map<string, string>()
  const counts = new Map<object, number>()

  function note (field: string, value: unknown): void {
    const kind = KIND_OF_FIELD.get(field)
    if (kind === undefined || typeof value !== 'string' || value === '' || standIns.has(value)) return
    const n = (counts.get(kind) ?? 0) + 1
    counts.set(kind, n)
    standIns.set(value, kind.standIn(n))
  }

  function learn (value: unknown): void {
    if (Array.isArray(value)) {
      value.forEach(learn)
    } else if (value !== null && typeof value === 'object') {
      for (const [field, inner] of Object.entries(value)) {
        note(field, inner)
        learn(inner)
      }
    }
  }

  function apply<T> (value: T): T {
    if (typeof value === 'string') return (standIns.get(value) ?? value) as T
    if (Array.isArray(value)) return value.map(apply) as T
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, apply(inner)])) as T
    }
    return value
  }

  return {
    learn,
    apply,
    queryValue (name, value) {
      const parts = value.split(',')
      for (const part of parts) note(name.replace(/:.*$/, ''), part)
      return parts.map(part => standIns.get(part) ?? part).join(',')
    }
  }
}
