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

/** Field names whose string values are shopper data, and the stand-in each kind gets. */
const SHOPPER_FIELDS: Record<string, (n: number) => string> = {
  email: n => `shopper${n}@example.com`,
  first_name: n => `First${n}`,
  last_name: n => `Last${n}`,
  // E.164, as BigCommerce's AddressProperties.phone pattern asks; 555-01xx numbers are fictional.
  phone: n => `+1555010${String(n).padStart(4, '0')}`,
  company: n => `Company ${n}`,
  address1: n => `${n} Example Street`,
  address2: n => `Unit ${n}`,
  street_1: n => `${n} Example Street`,
  street_2: n => `Unit ${n}`,
  address_1: n => `${n} Example Street`,
  address_2: n => `Unit ${n}`,
  city: n => `City ${n}`,
  city_locality: n => `City ${n}`,
  postal_code: n => `0${String(n).padStart(4, '0')}`,
  zip: n => `0${String(n).padStart(4, '0')}`,
  customer_message: n => `Message ${n}`,
  staff_notes: n => `Note ${n}`,
  // 192.0.2.0/24 is TEST-NET-1, reserved for documentation.
  ip_address: n => `192.0.2.${n % 255}`,
  ip_address_v6: n => `2001:db8::${n.toString(16)}`
}

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
  let count = 0

  function note (field: string, value: unknown): void {
    const standIn = SHOPPER_FIELDS[field]
    if (standIn === undefined || typeof value !== 'string' || value === '' || standIns.has(value)) return
    count++
    standIns.set(value, standIn(count))
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
