/**
 * The settings page and the short pages that stand in for it (session ended, store not installed),
 * rendered on the server: no JavaScript, every control labelled, the outcome of a save announced by
 * a live region, every value escaped by `html`.
 */
import { createHash } from 'node:crypto'
import { ORDER_STATUS_NAMES } from '../../bigcommerce/order-statuses.js'
import { RECENT_ORDERS_SHOWN, type StorePageFacts } from './connection-check.js'
import { FAST_APP_ID_PATTERN, FAST_STATUSES, FIELD, type EnteredSettings, type FastStatus, type FieldErrors } from './form.js'
import { html, Html } from './html.js'

export interface SettingsPageView {
  storeHash: string
  /** Where the form posts (POST /settings under APP_URL's path). */
  formPath: string
  /** The session token for the form's hidden field (never in a URL). */
  sessionToken: string
  entered: EnteredSettings
  errors: FieldErrors
  notice?: { kind: 'saved' } | { kind: 'error', text: string }
  facts: StorePageFacts
  /** What the merchant gives Fast as the seller API URL. */
  fastUrl: string
}

/** Ours and constant, so it goes in as it is (the CSP names its hash). */
const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fff}
main{max-width:44rem;margin:0 auto;padding:1rem 1.5rem 2rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:1.75rem 0 .5rem}
fieldset{border:1px solid #c8c8cc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:600;padding:0 .25rem}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
input,select{font:inherit;padding:.35rem .5rem;border:1px solid #8e8e93;border-radius:4px;width:100%;max-width:28rem;box-sizing:border-box}
input:focus,select:focus,button:focus{outline:3px solid #3b66f5;outline-offset:2px}
.hint{color:#48484a;font-size:.9rem;font-weight:400;margin:.25rem 0 0}
caption{text-align:left;padding-bottom:.25rem}
.field-error{color:#b00020;font-weight:600;margin:.25rem 0 0}
button{font:inherit;font-weight:600;padding:.5rem 1.25rem;border:0;border-radius:4px;background:#1f3fd1;color:#fff;cursor:pointer}
.notice{padding:.5rem .75rem;border-radius:4px;margin:1rem 0}
.notice.saved{background:#e3f6e8;color:#0b5a22}.notice.error{background:#fde7ea;color:#8a0016}
.checks{list-style:none;padding:0}.checks li{margin:.4rem 0}
.ok{color:#0b5a22;font-weight:600}.problem{color:#b00020;font-weight:600}
code{background:#f2f2f7;padding:.1rem .3rem;border-radius:3px;word-break:break-all}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e5e5ea}
`

/** The page's Content-Security-Policy: no scripts at all, our one inline style by its hash, forms only to us. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "base-uri 'none'"
].join('; ')

/** Referers name our origin only, never the page's address (/load's carries the signed payload). */
export const REFERRER_POLICY = 'strict-origin'

function document (title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Html(STYLE)}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`.markup
}

export function settingsPage (view: SettingsPageView): string {
  return document('Fast Checkout settings', html`
<h1>Fast Checkout</h1>
<p>Settings of the BigCommerce store <strong>${view.storeHash}</strong>.</p>
<div role="status" aria-live="polite">${notice(view.notice)}</div>
<form method="post" action="${view.formPath}">
<input type="hidden" name="${FIELD.session}" value="${view.sessionToken}">
<h2>Fast</h2>
<label for="fast-app-id">Fast App ID</label>
<input id="fast-app-id" name="${FIELD.fastAppId}" value="${view.entered.fastAppId}" required maxlength="128" pattern="${FAST_APP_ID_PATTERN}" autocomplete="off" spellcheck="false" aria-describedby="fast-app-id-hint${view.errors.fastAppId === undefined ? '' : ' fast-app-id-error'}"${invalid(view.errors.fastAppId)}>
<p class="hint" id="fast-app-id-hint">The App ID Fast gave this store; Fast's calls for it are served by this store.</p>
${fieldError('fast-app-id-error', view.errors.fastAppId)}
<fieldset>
<legend>Order status in BigCommerce for each Fast status</legend>
${FAST_STATUSES.map(({ status, meaning }) => statusSelect(status, meaning, view.entered.orderStatusIds[status], view.errors[status]))}
</fieldset>
<button type="submit">Save</button>
</form>
<h2>Connection</h2>
<ul class="checks">
${view.facts.checks.map(check => html`<li><span class="${check.ok ? 'ok' : 'problem'}">${check.ok ? 'OK' : 'Problem'}</span> ${check.name}: ${check.detail}</li>
`)}</ul>
<p>The URL to give Fast as this store's seller API: <code>${view.fastUrl}</code></p>
<h2>Recent Fast orders</h2>
${recentOrders(view.facts.recentOrders)}
`)
}

function notice (value: SettingsPageView['notice']): Html | undefined {
  if (value === undefined) return undefined
  return value.kind === 'saved'
    ? html`<p class="notice saved">Saved.</p>`
    : html`<p class="notice error">${value.text}</p>`
}

function invalid (error: string | undefined): Html | undefined {
  return error === undefined ? undefined : html` aria-invalid="true"`
}

function fieldError (id: string, error: string | undefined): Html | undefined {
  return error === undefined ? undefined : html`<p class="field-error" id="${id}">${error}</p>`
}

function statusSelect (status: FastStatus, meaning: string, selected: string, error: string | undefined): Html {
  const id = `status-${status.toLowerCase().replace(/_/g, '-')}`
  return html`<label for="${id}">${status} <span class="hint">(${meaning})</span></label>
<select id="${id}" name="${FIELD.status(status)}"${error === undefined ? undefined : html` aria-describedby="${id}-error"`}${invalid(error)}>
${Object.entries(ORDER_STATUS_NAMES).map(([value, name]) => html`<option value="${value}"${value === selected ? html` selected` : undefined}>${value} ${name}</option>
`)}</select>
${fieldError(`${id}-error`, error)}
`
}

function recentOrders (value: StorePageFacts['recentOrders']): Html {
  if (!value.ok) return html`<p><span class="problem">Problem</span> ${value.problem}</p>`
  if (value.orders.length === 0) return html`<p>No Fast orders yet.</p>`
  return html`<table>
<caption class="hint">Newest first, the last ${RECENT_ORDERS_SHOWN} at most</caption>
<thead><tr><th scope="col">Fast order</th><th scope="col">BigCommerce order</th><th scope="col">Last change (UTC)</th></tr></thead>
<tbody>
${value.orders.map(order => html`<tr><td><code>${order.fastOrderId}</code></td><td>${order.bcOrderId === null ? 'not placed yet (a cart)' : `#${order.bcOrderId}`}</td><td>${new Date(order.updatedAt).toISOString().replace('T', ' ').slice(0, 16)}</td></tr>
`)}</tbody>
</table>`
}

/** A short page in place of the settings: the session ended, the store is not installed, the request came from another site. */
export function messagePage (title: string, text: string): string {
  return document(title, html`
<h1>Fast Checkout</h1>
<div role="alert"><h2>${title}</h2><p>${text}</p></div>
`)
}
