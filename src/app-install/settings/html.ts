/**
 * HTML built by one tagged template, `html`, that escapes every interpolated value unless it is
 * itself built by `html`: a stored value (a Fast App ID, a store name BigCommerce answered) can only
 * ever show as text. Nothing else in the settings page concatenates markup.
 */

/** Markup made by `html` (trusted: every value in it was escaped). */
export class Html {
  readonly markup: string
  // No parameter property: Node's type stripping (the server runs src/ that way in tests) refuses them.
  constructor (markup: string) {
    this.markup = markup
  }
  toString (): string {
    return this.markup
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, char => ENTITIES[char] as string)
}

/**
 * `html\`<p>${value}</p>\``: strings and numbers are escaped, Html is kept, arrays are joined
 * (each item by the same rules), and null, undefined and false are left out (for optional parts).
 */
export function html (strings: TemplateStringsArray, ...values: unknown[]): Html {
  let markup = strings[0] as string
  values.forEach((value, i) => {
    markup += render(value) + (strings[i + 1] as string)
  })
  return new Html(markup)
}

function render (value: unknown): string {
  if (value instanceof Html) return value.markup
  if (Array.isArray(value)) return value.map(render).join('')
  if (value === null || value === undefined || value === false) return ''
  return escapeHtml(String(value))
}
