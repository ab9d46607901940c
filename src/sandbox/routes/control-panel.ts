/**
 * A stand-in for the BigCommerce control panel's Apps section, so an app's whole install runs
 * locally: `GET /__sandbox/control-panel` shows one store and one app with three buttons.
 *
 * - Install: hands out a single-use code and sends the browser to `${appUrl}/auth?code=…&scope=…
 *   &context=stores/{hash}&account_uuid=…`, as the control panel's iframe does; the app then
 *   redeems the code at POST /oauth2/token.
 * - Open: sends the browser to `${appUrl}/load?signed_payload_jwt=…` (signed-payload.ts).
 * - Uninstall: calls `${appUrl}/uninstall?signed_payload_jwt=…` server to server, as BigCommerce
 *   does, and shows what the app answered.
 *
 * `?store=` and `?app=` choose among several stores and apps (default: the first of each).
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { RouteOptions, Sandbox, SandboxApp } from '../context.js'
import { SandboxError } from '../errors.js'
import type { StoreState } from '../state.js'
import { signPayload } from '../signed-payload.js'
import { accountUuid, DEFAULT_SCOPE } from './oauth.js'

export const CONTROL_PANEL_PATH = '/__sandbox/control-panel'
const UNINSTALL_TIMEOUT_MS = 10_000

interface Choice {
  store?: unknown
  app?: unknown
}

function escapeHtml (text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

function chosen (sandbox: Sandbox, choice: Choice | null | undefined): { store: StoreState, app: SandboxApp & { appUrl: string } } {
  const store = typeof choice?.store === 'string' ? sandbox.stores.get(choice.store) : [...sandbox.stores.values()][0]
  if (store === undefined) throw new SandboxError(404, 'Not Found', { detail: 'No such store.' })
  const app = typeof choice?.app === 'string' ? sandbox.apps.find(candidate => candidate.clientId === choice.app) : sandbox.apps[0]
  if (app === undefined) throw new SandboxError(404, 'Not Found', { detail: 'No such app.' })
  if (app.appUrl === undefined) throw new SandboxError(409, 'Conflict', { detail: `The app ${app.clientId} has no app URL yet, so it cannot be installed.` })
  return { store, app: app as SandboxApp & { appUrl: string } }
}

function appPath (app: { appUrl: string }, callback: string, query: Record<string, string>): string {
  return `${app.appUrl.replace(/\/+$/, '')}/${callback}?${new URLSearchParams(query).toString()}`
}

async function signedFor (store: StoreState, app: SandboxApp): Promise<string> {
  const user = { id: 1, email: store.seed.store.admin_email }
  return await signPayload(app, { storeHash: store.config.hash, user, owner: user })
}

function panel (sandbox: Sandbox, store: StoreState, app: SandboxApp & { appUrl: string }, notice?: string): string {
  const installed = sandbox.installs.isInstalled(app.clientId, store.config.hash)
  const hidden = `<input type="hidden" name="store" value="${escapeHtml(store.config.hash)}"><input type="hidden" name="app" value="${escapeHtml(app.clientId)}">`
  const button = (action: string, label: string): string =>
    `<form method="post" action="${CONTROL_PANEL_PATH}/${action}">${hidden}<button type="submit">${label}</button></form>`
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><title>Sandbox control panel</title>',
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}form{display:inline-block;margin-right:.5rem}</style>',
    '</head><body><main>',
    '<h1>Sandbox control panel</h1>',
    `<p>Store <strong>${escapeHtml(store.config.hash)}</strong>, app <strong>${escapeHtml(app.clientId)}</strong> at <code>${escapeHtml(app.appUrl)}</code>.</p>`,
    `<p id="state">The app is ${installed ? 'installed' : 'not installed'} on this store.</p>`,
    notice === undefined ? '' : `<p id="notice" role="status">${escapeHtml(notice)}</p>`,
    button('install', 'Install'), button('open', 'Open'), button('uninstall', 'Uninstall'),
    '</main></body></html>'
  ].join('\n')
}

async function sendPanel (reply: FastifyReply, html: string): Promise<FastifyReply> {
  return await reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html)
}

export const controlPanelRoutes: FastifyPluginAsync<RouteOptions> = async (fastify, { sandbox }) => {
  fastify.get<{ Querystring: Choice }>(CONTROL_PANEL_PATH, async (request, reply) => {
    const { store, app } = chosen(sandbox, request.query)
    return await sendPanel(reply, panel(sandbox, store, app))
  })

  fastify.post<{ Body: Choice | null }>(`${CONTROL_PANEL_PATH}/install`, async (request, reply) => {
    const { store, app } = chosen(sandbox, request.body)
    const code = sandbox.installs.issueCode(app.clientId, store.config.hash)
    return await reply.redirect(appPath(app, 'auth', {
      code,
      scope: store.config.scope ?? DEFAULT_SCOPE,
      context: `stores/${store.config.hash}`,
      account_uuid: accountUuid(store.config.hash)
    }), 303)
  })

  fastify.post<{ Body: Choice | null }>(`${CONTROL_PANEL_PATH}/open`, async (request, reply) => {
    const { store, app } = chosen(sandbox, request.body)
    return await reply.redirect(appPath(app, 'load', { signed_payload_jwt: await signedFor(store, app) }), 303)
  })

  fastify.post<{ Body: Choice | null }>(`${CONTROL_PANEL_PATH}/uninstall`, async (request, reply) => {
    const { store, app } = chosen(sandbox, request.body)
    let notice: string
    try {
      const answer = await fetch(appPath(app, 'uninstall', { signed_payload_jwt: await signedFor(store, app) }), { signal: AbortSignal.timeout(UNINSTALL_TIMEOUT_MS) })
      await answer.arrayBuffer()
      if (answer.ok) sandbox.installs.markUninstalled(app.clientId, store.config.hash)
      notice = answer.ok ? `Uninstalled: the app answered ${answer.status}.` : `The app answered ${answer.status}; BigCommerce would call /uninstall again later.`
    } catch (err) {
      notice = `The app did not answer /uninstall (${(err as Error).name}); BigCommerce would call again later.`
    }
    return await sendPanel(reply, panel(sandbox, store, app, notice))
  })
}
