/**
 * The sandbox as BigCommerce's app platform: the install codes the control panel hands out (each
 * good once, for one app and one store, as the login host's are) and which app is installed on
 * which store. Kept apart from the stores' commerce state: a reset of the catalog and carts
 * (`POST /__sandbox/reset`) leaves installs alone, as it would on BigCommerce.
 */
import { randomBytes } from 'node:crypto'

/** A real code is only good for minutes; the control panel's browser follows it at once. */
export const CODE_TTL_MS = 10 * 60 * 1000

interface IssuedCode {
  clientId: string
  storeHash: string
  expiresAt: number
}

export class SandboxInstalls {
  private readonly codes = new Map<string, IssuedCode>()
  private readonly installed = new Set<string>()
  private readonly now: () => number

  constructor (now: () => number = Date.now) {
    this.now = now
  }

  /** A fresh install code for this app and store, as the control panel puts in /auth's URL. */
  issueCode (clientId: string, storeHash: string): string {
    const code = randomBytes(18).toString('base64url')
    this.codes.set(code, { clientId, storeHash, expiresAt: this.now() + CODE_TTL_MS })
    return code
  }

  /**
   * Uses up a code: true when it was issued for this app and store and is still good. A code is
   * spent by its first use, even a refused one, so a replayed code never works.
   */
  redeem (code: string, clientId: string, storeHash: string): boolean {
    const issued = this.codes.get(code)
    this.codes.delete(code)
    return issued !== undefined && issued.clientId === clientId && issued.storeHash === storeHash && issued.expiresAt > this.now()
  }

  markInstalled (clientId: string, storeHash: string): void {
    this.installed.add(`${clientId}\n${storeHash}`)
  }

  markUninstalled (clientId: string, storeHash: string): void {
    this.installed.delete(`${clientId}\n${storeHash}`)
  }

  isInstalled (clientId: string, storeHash: string): boolean {
    return this.installed.has(`${clientId}\n${storeHash}`)
  }
}
