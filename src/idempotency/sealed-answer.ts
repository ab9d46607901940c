/**
 * A stored answer's body as it sits in the database: deflated (node:zlib, raw deflate), then sealed
 * by the keyring, bound to the record (store and request_id). JSON answers shrink to about 40% (a
 * 1.8 KB checkout answer: 748 bytes deflated), so a record takes about a third of the space (SQLite:
 * 1,449 bytes per stored answer on disk instead of 4,190). Compressed before sealing, since
 * ciphertext does not compress; the sizes this leaks are at rest only, never mixed with an
 * attacker's input (no CRIME/BREACH setting).
 *
 * The form names itself: `z1:` in front of a sealed value of the deflated bytes; a value without it
 * is a body sealed plain, as versions before this one stored them, and still opens, so records
 * written before an upgrade keep replaying within Fast's window. No schema migration is needed for
 * that: the column holds opaque text either way. A version before this one cannot open `z1:` records
 * (its replay answers 422 REQUEST_ID_UNUSABLE, and Fast resends the work under a new request_id), so
 * while older machines share the database (a rolling deploy on PostgreSQL, a rollback) answers are
 * written plain: `deflate` false (STORED_ANSWERS=plain, README "Upgrading").
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import type { Keyring } from '../secrets/keyring.js'

const DEFLATED = 'z1:'

export function sealAnswer (keyring: Keyring, body: string, boundTo: string, deflate = true): string {
  return deflate ? DEFLATED + keyring.seal(deflateRawSync(body), boundTo) : keyring.seal(body, boundTo)
}

/** Throws the keyring's SealedValueError when the value does not open under `boundTo`. */
export function openAnswer (keyring: Keyring, stored: string, boundTo: string): string {
  if (!stored.startsWith(DEFLATED)) return keyring.open(stored, boundTo)
  return inflateRawSync(keyring.openBytes(stored.slice(DEFLATED.length), boundTo)).toString('utf8')
}

/** The id of the key that sealed a stored answer (for logs and key rotation). */
export function answerKeyId (keyring: Keyring, stored: string): string {
  return keyring.keyIdOf(stored.startsWith(DEFLATED) ? stored.slice(DEFLATED.length) : stored)
}
