/**
 * What to tell the operator when a server cannot listen: one line naming the setting to change,
 * for `npm start` (the bridge and its sandbox emulator) and `npm run sandbox`.
 */

/**
 * The line for a port that cannot be listened on, naming the setting to change (`portSetting`, and
 * `hostSetting` for an address not on this machine); undefined for any other error.
 */
export function listenProblem (err: unknown, portSetting: 'PORT' | 'SANDBOX_PORT' | 'METRICS_PORT', what: string, hostSetting: 'HOST' | 'SANDBOX_HOST' = 'HOST'): string | undefined {
  const { code, address, port } = err as { code?: unknown, address?: unknown, port?: unknown }
  const where = `${String(address)}:${String(port)}`
  switch (code) {
    case 'EADDRINUSE':
      return `Cannot start ${what}: ${where} is already in use (is the bridge already running?): stop that process, or set ${portSetting} to a free port`
    case 'EACCES':
      return `Cannot start ${what}: listening on ${where} is not allowed (ports below 1024 need privileges): set ${portSetting} to 1024 or above`
    case 'EADDRNOTAVAIL':
      return `Cannot start ${what}: ${String(address)} is not an address of this machine: set ${hostSetting} to one of its addresses, or 0.0.0.0 for all of them`
    default:
      return undefined
  }
}
