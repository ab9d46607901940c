/**
 * Sealing secrets at rest: AES-256-GCM with a random 12-byte IV per value, the caller's associated
 * data bound in (a store hash, so a ciphertext copied to another store's row does not open), and
 * the sealing key's id in front, so keys can be rotated: the first key seals, every key opens.
 *
 * Sealed form: `<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`.
 */

export interface Keyring {
  /** The id of the key that seals. */
  readonly currentKeyId: string
  seal (plaintext: string, associatedData: string): string
  /** Throws SealedValueError when the key is unknown, the value was altered, or the associated data differ. */
  open (sealed: string, associatedData: string): string
  /** The id of the key a sealed value was sealed with (rotation: re-seal values not under `currentKeyId`). */
  keyIdOf (sealed: string): string
}

export class SealedValueError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'SealedValueError'
  }
}

// TODO(issue 9, helper "secrets"): createKeyring(text) parsing TOKEN_ENCRYPTION_KEY, and
// keyringFromConfig(config) (development: a key file under DATA_DIR, mode 0600, when unset).
