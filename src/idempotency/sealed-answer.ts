/**
 * A stored answer's body as it sits in the database: deflated (node:zlib, raw deflate), then sealed
 * by the keyring, bound to the record (store and request_id). JSON answers shrink to about 40% (a
 * 1.8 KB checkout answer: 748 bytes deflated), so each record holds well under half the bytes.
 * Compressed before sealing, since ciphertext does not compress; the sizes this leaks are at rest
 * only, never mixed with an attacker's input (no CRIME/BREACH setting).
 *
 * The form names itself: `z1:` in front of a sealed value of the deflated bytes (base64, since the
 * keyring seals text); a value without it is a body sealed plain, as versions before this one stored
 * them, and still opens, so records written before an upgrade keep replaying within Fast's window.
 * No schema migration is needed for that: the column holds opaque text either way.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { Keyring } from '../secrets/keyring.js'

const DEFLATED = 'z1:'

export function sealAnswer (keyring: Keyring, body: string, boundTo: string): string {
  return DEFLATED + keyring.seal(deflateRawSync(body).toString('base64'), boundTo)
}

/** Throws the keyring's SealedValueError when the value does not open under `boundTo`. */
export function openAnswer (keyring: Keyring, stored: string, boundTo: string): string {
  if (!stored.startsWith(DEFLATED)) return keyring.open(stored, boundTo)
  return inflateRawSync(Buffer.from(keyring.open(stored.slice(DEFLATED.length), boundTo), 'base64')).toString('utf8')
}

/** The id of the key that sealed a stored answer (for logs and key rotation). */
export function answerKeyId (keyring: Keyring, stored: string): string {
  return keyring.keyIdOf(stored.startsWith(DEFLATED) ? stored.slice(DEFLATED.length) : stored)
}
