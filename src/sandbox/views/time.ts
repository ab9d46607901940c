/** BigCommerce's two date styles: ISO-8601 with an offset (v3) and RFC-2822 (v2). */

export function isoTime (date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00')
}

export function rfc2822 (date: Date): string {
  return date.toUTCString().replace('GMT', '+0000')
}
