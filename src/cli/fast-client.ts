/**
 * Calls the bridge the way Fast does: POST /fast/v1/<operation> with a freshly signed RS256
 * token whose audience is the store's Fast App ID. Used by `npm run fast` and `npm run demo`.
 */
import { request } from 'undici'
import type { FastSigner } from '../fast/signer.js'

export type FastOperation = 'create' | 'read' | 'update' | 'delete'

export interface FastAnswer {
  statusCode: number
  replayed: boolean
  body: any
}

export interface FastClient {
  call(operation: FastOperation, body: unknown): Promise<FastAnswer>
}

export function createFastClient (options: { bridgeUrl: string, signer: FastSigner, fastAppId: string }): FastClient {
  return {
    async call (operation, body) {
      const response = await request(`${options.bridgeUrl}/fast/v1/${operation}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.signer.sign({ aud: options.fastAppId })}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        headersTimeout: 30_000,
        bodyTimeout: 30_000
      })
      const text = await response.body.text()
      return { statusCode: response.statusCode, replayed: response.headers['idempotent-replayed'] === 'true', body: text === '' ? undefined : JSON.parse(text) }
    }
  }
}

/** Where the running bridge and its sandbox key are, from the same environment `npm start` reads. */
export function sandboxClientSettings (env: Record<string, string | undefined> = process.env): { bridgeUrl: string, dataDir: string, fastAppId: string } {
  return {
    bridgeUrl: env.FAST_BRIDGE_URL ?? `http://${env.HOST !== undefined && env.HOST !== '0.0.0.0' ? env.HOST : '127.0.0.1'}:${env.PORT ?? '3000'}`,
    dataDir: env.DATA_DIR ?? './data',
    fastAppId: env.FAST_APP_ID ?? 'sandbox-app'
  }
}
