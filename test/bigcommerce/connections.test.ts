/**
 * BIGCOMMERCE_CONNECTIONS bounds the sockets the client opens to BigCommerce, all stores together; 0 lifts the
 * bound. A loopback server holds every request until the test releases them, so what is in flight is known
 * without waiting on a clock.
 */
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { createBigCommerceClient } from '../../src/bigcommerce/client.js'

async function holdingServer (t: Test) {
  const held: ServerResponse[] = []
  let connections = 0
  const server = createServer((req, res) => { req.resume(); held.push(res); server.emit('held') })
  server.on('connection', () => { connections++ })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => { server.closeAllConnections(); server.close() })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    async untilHeld (count: number) { while (held.length < count) await once(server, 'held') },
    release () { for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'application/json' }).end('{}') }
  }
}

const stores = ['store1', 'store2', 'store3', 'store4'].map(hash => ({ hash, accessToken: `token-${hash}` }))

t.test('calls of all stores together share at most BIGCOMMERCE_CONNECTIONS sockets', async (t) => {
  const bc = await holdingServer(t)
  const client = createBigCommerceClient({ apiUrl: bc.url, userAgent: 'test', connections: 2 })
  t.teardown(() => client.close())
  const calls = stores.map(store => client.call(store, 'GET', '/v3/catalog/products'))
  await bc.untilHeld(2)
  bc.release() // the first two answer; the other two go out on the same sockets
  await bc.untilHeld(2)
  bc.release()
  t.same((await Promise.all(calls)).map(answer => answer.status), [200, 200, 200, 200])
  t.equal(bc.connections(), 2, 'two sockets served the four calls')
})

t.test('with BIGCOMMERCE_CONNECTIONS=0 every call in flight gets a socket', async (t) => {
  const bc = await holdingServer(t)
  const client = createBigCommerceClient({ apiUrl: bc.url, userAgent: 'test', connections: 0 })
  t.teardown(() => client.close())
  const calls = stores.map(store => client.call(store, 'GET', '/v3/catalog/products'))
  await bc.untilHeld(4) // all four at once: no cap held any back
  bc.release()
  await Promise.all(calls)
  t.equal(bc.connections(), 4)
})
