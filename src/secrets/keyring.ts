/**
 * Sealing secrets at rest: AES-256-GCM with a random 12-byte IV per value, the caller's associated
 * data bound in (a store hash, so a ciphertext copied to another store's row does not open), and
 * the sealing key's id in front, so keys can be rotated: the first key seals, every key opens.
 *
 * Sealed form: `<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>`.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Config } from '../config.js'

export interface Keyring {
  /** The id of the key that seals. */
  readonly currentKeyId: string
  /** A string is sealed as its UTF-8 bytes; bytes as they are. */
  seal (plaintext: string | Uint8Array, associatedData: string): string
  /** Throws SealedValueError when the key is unknown, the value was altered, or the associated data differ. */
  open (sealed: string, associatedData: string): string
  /** `open` for a value sealed from bytes. */
  openBytes (sealed: string, associatedData: string): Buffer
  /** The id of the key a sealed value was sealed with (rotation: re-seal values not under `currentKeyId`). */
  keyIdOf (sealed: string): string
}

export class SealedValueError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'SealedValueError'
  }
}

const ALGORITHM = 'aes-256-gcm'
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/
const SEALED = /^([A-Za-z0-9_-]{1,32})\.([A-Za-z0-9_-]+)$/

/**
 * Reads TOKEN_ENCRYPTION_KEY: `id:base64key,id2:base64key` (the first seals, all open) or one bare
 * base64 key, whose id is the first 8 hex digits of its SHA-256 (stable, so values sealed under it
 * still name it after the operator moves to the `id:key` form with that id). Errors name the
 * variable and the entry's position, never the key material.
 */
export function createKeyring (text: string): Keyring {
  const entries = text.split(',').map(entry => entry.trim())
  const keys = new Map<string, Buffer>()
  entries.forEach((entry, index) => {
    const where = entries.length === 1 ? 'TOKEN_ENCRYPTION_KEY' : `TOKEN_ENCRYPTION_KEY (entry ${index + 1})`
    const colon = entry.indexOf(':')
    const bare = colon === -1 && entries.length === 1
    if (colon === -1 && !bare) throw new Error(`${where} must be id:base64key when several keys are given`)
    const id = bare ? undefined : entry.slice(0, colon)
    const encoded = bare ? entry : entry.slice(colon + 1)
    if (id !== undefined && !KEY_ID.test(id)) throw new Error(`${where}: a key id is 1 to 32 of A-Z a-z 0-9 _ -`)
    if (!BASE64.test(encoded)) throw new Error(`${where}: the key is not base64 (make one with: openssl rand -base64 32)`)
    const key = Buffer.from(encoded, 'base64')
    if (key.length !== KEY_BYTES) throw new Error(`${where}: the key is ${key.length} bytes, it must be exactly ${KEY_BYTES} (make one with: openssl rand -base64 32)`)
    const keyId = id ?? createHash('sha256').update(key).digest('hex').slice(0, 8)
    if (keys.has(keyId)) throw new Error(`${where}: the key id ${keyId} appears twice`)
    keys.set(keyId, key)
  })
  const currentKeyId = keys.keys().next().value as string
  const current = keys.get(currentKeyId) as Buffer

  function openBytes (sealed: string, associatedData: string): Buffer {
    const { keyId, bytes } = parseSealed(sealed)
    const key = keys.get(keyId)
    if (key === undefined) throw new SealedValueError(`sealed under key ${keyId}, which TOKEN_ENCRYPTION_KEY no longer holds`)
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealedValueError('sealed value is truncated')
    const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES })
    decipher.setAAD(Buffer.from(associatedData, 'utf8'))
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
    try {
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()])
    } catch {
      throw new SealedValueError(`sealed value under key ${keyId} does not open: altered, or sealed for other associated data`)
    }
  }

  return {
    currentKeyId,
    seal (plaintext, associatedData) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv(ALGORITHM, current, iv, { authTagLength: TAG_BYTES })
      cipher.setAAD(Buffer.from(associatedData, 'utf8'))
      const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext)
      const sealed = Buffer.concat([iv, body, cipher.final(), cipher.getAuthTag()])
      return `${currentKeyId}.${sealed.toString('base64url')}`
    },
    open (sealed, associatedData) {
      return openBytes(sealed, associatedData).toString('utf8')
    },
    openBytes,
    keyIdOf (sealed) {
      return parseSealed(sealed).keyId
    }
  }
}

function parseSealed (sealed: string): { keyId: string, bytes: Buffer } {
  const match = SEALED.exec(sealed)
  if (match === null) throw new SealedValueError('not a sealed value')
  return { keyId: match[1] as string, bytes: Buffer.from(match[2] as string, 'base64url') }
}

/** Where development keeps its generated key, next to the sandbox's signer. */
export function keyFile (dataDir: string): string {
  return join(dataDir, 'keys', 'token-encryption.key')
}

/**
 * The keyring the configuration asks for: TOKEN_ENCRYPTION_KEY when set. Without it, outside
 * production, a key generated once and kept in DATA_DIR/keys (folder 0700, file 0600), so the
 * sandbox and the single-store mode need no setup; a value sealed there is as safe as that folder.
 * Production without a key throws: a key on the same volume as the database protects nothing.
 */
export function keyringFromConfig (config: Pick<Config, 'TOKEN_ENCRYPTION_KEY' | 'NODE_ENV' | 'DATA_DIR'>): Keyring {
  if (config.TOKEN_ENCRYPTION_KEY !== undefined) return createKeyring(config.TOKEN_ENCRYPTION_KEY)
  if (config.NODE_ENV === 'production') {
    throw new Error('TOKEN_ENCRYPTION_KEY is required when NODE_ENV=production (make one with: openssl rand -base64 32)')
  }
  return createKeyring(loadOrCreateKey(keyFile(config.DATA_DIR)))
}

function loadOrCreateKey (file: string): string {
  try {
    return readFileSync(file, 'utf8').trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const key = randomBytes(KEY_BYTES).toString('base64')
  // Written whole under a private name, then linked into place: link() fails if the file exists,
  // so of two processes starting at once one key wins, and nobody ever reads a half-written file.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
  writeFileSync(draft, `${key}\n`, { mode: 0o600, flag: 'wx' })
  try {
    linkSync(draft, file)
    return key
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return readFileSync(file, 'utf8').trim()
  } finally {
    unlinkSync(draft)
  }
}
