/**
 * The settings page the control panel opens through /load: the install callbacks verify the
 * signed_payload_jwt and call `fastify.openSettings(reply, session)`; this plugin renders the page
 * and takes its form back at POST /settings.
 *
 * The form proves its session with the token /load put in it (see session-token.ts: no cookies in
 * the control panel's iframe), which also makes it CSRF-proof; a request another site's page sends
 * is refused besides, by its Origin or Sec-Fetch-Site. The store always comes from the token, never
 * from the form.
 */
import fp from 'fastify-plugin'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { InstalledStore } from '../../stores/installed-stores.js'
import { gatherStorePageFacts } from './connection-check.js'
import { FIELD, readSettingsForm, type EnteredSettings, type FieldErrors } from './form.js'
import { CONTENT_SECURITY_POLICY, messagePage, REFERRER_POLICY, settingsPage, type SettingsPageView } from './page.js'
import { createSessionTokens, InvalidSessionError, type SettingsSession } from './session-token.js'

export type { SettingsSession } from './session-token.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers /load with the store's settings page. */
    openSettings: (reply: FastifyReply, session: SettingsSession) => Promise<FastifyReply>
  }
}

export interface SettingsPageOptions {
  /** BIGCOMMERCE_CLIENT_SECRET: the session tokens' key is derived from it. */
  clientSecret: string
  /** APP_URL: the only origin the form may be sent from, the base of the form's URL; its origin is Fast's. */
  appUrl: string
  /** The clock, in milliseconds; tests pass their own. */
  now?: () => number
}

/** The form holds a token and three small fields; anything bigger is not our form. */
export const FORM_BODY_LIMIT = 8 * 1024

const SESSION_ENDED = 'Your session has ended. Open Fast Checkout again from the Apps menu of your BigCommerce control panel.'

export default fp<SettingsPageOptions>(async (fastify, opts) => {
  const tokens = createSessionTokens(opts)
  const appOrigin = new URL(opts.appUrl).origin
  const appBase = opts.appUrl.replace(/\/+$/, '')
  // Fast's routes are /fast/v1/* at the server's root, whatever APP_URL's path (only the install
  // callbacks and this form live under it): an app at https://host/bridge serves Fast at https://host/fast/v1.
  const fastUrl = `${appOrigin}/fast/v1`
  // Next to the install callbacks: an app served at https://host/bridge posts to /bridge/settings.
  const formPath = `${new URL(appBase).pathname.replace(/\/+$/, '')}/settings`

  async function sendPage (reply: FastifyReply, status: number, page: string): Promise<FastifyReply> {
    return await reply.code(status)
      .header('content-type', 'text/html; charset=utf-8')
      // The page carries a session token: not for any cache. Its address may carry the signed
      // payload: a Referer names our origin only. (Not no-referrer: browsers then send the form
      // with `Origin: null`, which the cross-site check must refuse.)
      .header('cache-control', 'no-store')
      .header('referrer-policy', REFERRER_POLICY)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .send(page)
  }

  async function sendSettings (reply: FastifyReply, status: number, store: InstalledStore, session: SettingsSession, form: {
    entered: EnteredSettings
    errors?: FieldErrors
    notice?: SettingsPageView['notice']
  }): Promise<FastifyReply> {
    const deps = { stores: fastify.stores, client: fastify.bigcommerce.client, checkFastKeys: fastify.checkFastKeys, log: reply.log }
    const [facts, sessionToken] = await Promise.all([gatherStorePageFacts(deps, store), tokens.issue(session)])
    return await sendPage(reply, status, settingsPage({ storeHash: store.storeHash, formPath, sessionToken, entered: form.entered, errors: form.errors ?? {}, notice: form.notice, facts, fastUrl }))
  }

  async function sendNotInstalled (reply: FastifyReply): Promise<FastifyReply> {
    return await sendPage(reply, 404, messagePage('Not installed', 'Fast Checkout is not installed on this store. Install it from the Apps menu of your BigCommerce control panel.'))
  }

  async function installedStore (storeHash: string): Promise<InstalledStore | undefined> {
    const store = await fastify.stores.get(storeHash)
    return store === undefined || store.state === 'uninstalled' ? undefined : store
  }

  fastify.decorate('openSettings', async (reply: FastifyReply, session: SettingsSession) => {
    const store = await installedStore(session.storeHash)
    if (store === undefined) return await sendNotInstalled(reply)
    return await sendSettings(reply, 200, store, session, { entered: enteredOf(store) })
  })

  await fastify.register(async (scope) => {
    // Only this route reads forms; the Fast routes keep refusing anything but JSON.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
      done(null, new URLSearchParams(body as string))
    })

    // The form's own answers are pages, wherever this plugin is registered: a body too large (413)
    // or of another type (415) is said plainly; anything else is our failure, logged without the body.
    scope.setErrorHandler(async (err: FastifyError, request, reply) => {
      const status = err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500
      if (status === 500) request.log.error({ err: { name: err.name, code: err.code, message: err.message } }, 'settings form failed')
      return await sendPage(reply, status, failurePage(status))
    })

    scope.post(formPath, { bodyLimit: FORM_BODY_LIMIT }, async (request, reply) => {
      if (isCrossSite(request, appOrigin)) {
        request.log.warn({ origin: request.headers.origin, secFetchSite: request.headers['sec-fetch-site'] }, 'settings form from another site refused')
        return await sendPage(reply, 403, messagePage('Refused', 'This form can only be sent from the Fast Checkout settings page. Open it from the Apps menu of your BigCommerce control panel.'))
      }
      if (!(request.body instanceof URLSearchParams)) {
        return await sendPage(reply, 415, notAForm())
      }
      const fields = request.body
      let session: SettingsSession
      try {
        session = await tokens.verify(fields.get(FIELD.session) ?? '')
      } catch (err) {
        if (!(err instanceof InvalidSessionError)) throw err
        request.log.info('settings form with a refused session token')
        return await sendPage(reply, 401, messagePage('Session ended', SESSION_ENDED))
      }

      const store = await installedStore(session.storeHash)
      if (store === undefined) return await sendNotInstalled(reply)
      const reading = readSettingsForm(fields)
      if (!reading.ok) {
        return await sendSettings(reply, 400, store, session, { entered: reading.entered, errors: reading.errors, notice: { kind: 'error', text: 'Nothing was saved: correct the fields marked below.' } })
      }
      const outcome = await fastify.stores.saveSettings(session.storeHash, reading.settings)
      if (outcome === 'not_installed') return await sendNotInstalled(reply)
      if (outcome === 'app_id_taken') {
        return await sendSettings(reply, 409, store, session, {
          entered: enteredOf(reading.settings),
          errors: { fastAppId: 'Another store uses this Fast App ID already. Check the ID in Fast\'s seller dashboard; each store has its own.' },
          notice: { kind: 'error', text: 'Nothing was saved: this Fast App ID belongs to another store.' }
        })
      }
      request.log.info({ store: session.storeHash }, 'settings saved')
      const saved = await installedStore(session.storeHash) ?? store
      return await sendSettings(reply, 200, saved, session, { entered: enteredOf(saved), notice: { kind: 'saved' } })
    })
  })
}, { name: 'settings-page', decorators: { fastify: ['stores', 'bigcommerce', 'checkFastKeys'] } })

/** The page for a form that could not be taken: too large, of another type, unreadable, or our failure. */
function failurePage (status: number): string {
  if (status === 413) return messagePage('Not saved', 'The form is larger than the settings page sends; nothing was saved. Open the app again from the Apps menu.')
  if (status === 415) return notAForm()
  if (status >= 500) return messagePage('Something went wrong', 'The settings could not be saved just now; nothing you did caused it. Please try again in a moment.')
  return messagePage('Not saved', 'The form could not be read; nothing was saved. Open the app again from the Apps menu.')
}

function notAForm (): string {
  return messagePage('Not a form', 'Send the settings as the page\'s form does (application/x-www-form-urlencoded).')
}

function enteredOf (store: Pick<InstalledStore, 'fastAppId' | 'orderStatusIds'>): EnteredSettings {
  const ids = store.orderStatusIds
  return {
    fastAppId: store.fastAppId ?? '',
    orderStatusIds: { BOOKED: String(ids.BOOKED), PENDING_FULFILLMENT: String(ids.PENDING_FULFILLMENT), CANCELED: String(ids.CANCELED) }
  }
}

/**
 * A browser says where a form comes from: Origin (sent with every POST by current browsers) and
 * Sec-Fetch-Site. Either one naming another origin refuses the request; a client that sends
 * neither (curl) still needs the session token.
 */
function isCrossSite (request: FastifyRequest, appOrigin: string): boolean {
  const origin = request.headers.origin
  if (origin !== undefined && origin !== appOrigin) return true
  const site = request.headers['sec-fetch-site']
  return site !== undefined && site !== 'same-origin' && site !== 'none'
}
