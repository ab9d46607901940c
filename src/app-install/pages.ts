/**
 * The small HTML pages the install callbacks answer with when they cannot open the app: shown in
 * the control panel's iframe, so they say what happened and what the merchant can do. Nothing on
 * them comes from the request unescaped, and they load nothing, so the callback's URL (which holds
 * a code or a signed payload) is never sent on as a Referer.
 */
import type { FastifyReply } from 'fastify'

export function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Headers for every page the callbacks serve: not cached, no referrer, nothing loaded from elsewhere. */
export function pageHeaders (reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *")
    .type('text/html; charset=utf-8')
}

export function messagePage (title: string, paragraphs: string[], list: string[] = []): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} · Fast Checkout</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}h1{font-size:1.4rem}</style>',
    '</head><body><main>',
    `<h1>${escapeHtml(title)}</h1>`,
    ...paragraphs.map(text => `<p>${escapeHtml(text)}</p>`),
    ...(list.length === 0 ? [] : ['<ul>', ...list.map(item => `<li>${escapeHtml(item)}</li>`), '</ul>']),
    '</main></body></html>'
  ].join('\n')
}
