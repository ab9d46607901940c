/**
 * An address where nothing listens, for tests of "no server there": loopback port 1. A port taken
 * with listen(0) and closed again can be handed to another process of a busy machine before the
 * test connects; the ports handed out that way are never below 1024 (32768 and above on Linux) and
 * nothing in the suite listens on port 1, so a connection there is refused every time.
 * (fetch() refuses port 1 itself, as a "bad port": these are for the CLI's undici.request.)
 */
import { connect } from 'node:net'

export const CLOSED_PORT = 1

/** The closed port, once a connection to it was refused: a test relying on it fails here, saying why, if that ever changes. */
export async function closedPort (): Promise<number> {
  const code = await new Promise<unknown>(resolve => {
    const socket = connect(CLOSED_PORT, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve('connected') })
    socket.once('error', (err: NodeJS.ErrnoException) => { resolve(err.code) })
  })
  if (code !== 'ECONNREFUSED') throw new Error(`127.0.0.1:${CLOSED_PORT} should refuse connections (${String(code)}): tests of "nothing listens" need it closed`)
  return CLOSED_PORT
}

/** http:// on the closed port. */
export async function closedUrl (): Promise<string> {
  return `http://127.0.0.1:${await closedPort()}`
}
