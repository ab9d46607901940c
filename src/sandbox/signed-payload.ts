/**
 * The `signed_payload_jwt` BigCommerce sends to an app's /load, /uninstall and /remove_user
 * (bigcommerce.md §5.3): HS256 with the app's client secret, `aud` = client id, `iss` = `bc`,
 * valid 24 hours, `sub` = `stores/{hash}`, the user and owner, the deep link and the channel.
 */
import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import type { SandboxApp } from './context.js'

export const SIGNED_PAYLOAD_LIFETIME_SECONDS = 24 * 60 * 60

export interface SignedPayloadClaims {
  storeHash: string
  user: { id: number, email: string }
  owner?: { id: number, email: string }
  url?: string
  channelId?: number | null
  /** Epoch seconds the token is issued at (default now). */
  issuedAt?: number
}

export async function signPayload (app: Pick<SandboxApp, 'clientId' | 'clientSecret'>, claims: SignedPayloadClaims): Promise<string> {
  const issuedAt = claims.issuedAt ?? Math.floor(Date.now() / 1000)
  return await new SignJWT({
    user: { ...claims.user, locale: 'en-US' },
    owner: claims.owner ?? claims.user,
    url: claims.url ?? '/',
    channel_id: claims.channelId === undefined ? 1 : claims.channelId
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('bc')
    .setAudience(app.clientId)
    .setSubject(`stores/${claims.storeHash}`)
    .setJti(randomUUID())
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .setExpirationTime(issuedAt + SIGNED_PAYLOAD_LIFETIME_SECONDS)
    .sign(new TextEncoder().encode(app.clientSecret))
}
