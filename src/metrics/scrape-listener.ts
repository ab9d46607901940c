/**
 * A second, minimal HTTP listener serving only GET /metrics, for METRICS_PORT: on Fly the scraper
 * reaches it over the private network, while the public port answers 404 for /metrics, so order and
 * error volumes are not readable from the internet. No routing, hooks or load shedding: a scrape is
 * answered however busy the bridge is.
 */
import { createServer, type Server } from 'node:http'
import type { Registry } from 'prom-client'

export async function listenForScrapes (registry: Registry, options: { port: number, host: string }): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n')
      return
    }
    registry.metrics().then(
      text => response.writeHead(200, { 'content-type': registry.contentType }).end(request.method === 'HEAD' ? undefined : text),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics could not be collected\n')
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return server
}
