/**
 * The address a local client (a browser, the CLI) uses for a server on this machine: a server
 * listening on every interface (0.0.0.0, ::) is reached on loopback, and an IPv6 host is bracketed.
 */
export function localUrl (host: string, port: number | string): string {
  const reachable = host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`
}
