/**
 * The settings page the control panel opens through /load. The install callbacks hand over a
 * session derived from the verified signed_payload_jwt; this module renders and saves the page.
 */
import fp from 'fastify-plugin'
import type { FastifyReply } from 'fastify'

/** Who opened the app, from the verified signed_payload_jwt of /load. */
export interface SettingsSession {
  storeHash: string
  userId: number
  /** The user's email, for the page only; never logged. */
  userEmail?: string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers /load with the store's settings page. */
    openSettings: (reply: FastifyReply, session: SettingsSession) => Promise<FastifyReply>
  }
}

// TODO(issue 9, helper "settings"): the real page (form, connection check, recent orders, CSRF).
export default fp(async (fastify) => {
  fastify.decorate('openSettings', async (reply: FastifyReply, session: SettingsSession) =>
    await reply.type('text/html; charset=utf-8').send(`<!doctype html><title>Fast Checkout</title><p>Store ${session.storeHash}</p>`))
}, { name: 'settings-page' })
