/**
 * The Fast client's failures on the way to the bridge, in process: a bridge that never answers is
 * a one-line CliFailure naming the address, never undici's error.
 */
import { createServer } from 'node:http'
import t from 'tap'
import { createFastSigner } from '../../src/fast/signer.js'
import { CliFailure } from '../../src/cli/failure.js'
import { createFastClient } from '../../src/cli/fast-client.js'

t.test('a bridge that takes the request but never answers is a timeout naming its address', async t => {
  const server = createServer(request => { request.resume() })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => { server.closeAllConnections(); server.close() })
  const { port } = server.address() as { port: number }
  const bridgeUrl = `http://127.0.0.1:${port}`
  const client = createFastClient({ bridgeUrl, signer: createFastSigner(), fastAppId: 'sandbox-app', timeoutMs: 500 })

  const failure = await client.call('read', { type: 'ENTITY_TYPE_ORDER' }).then(() => undefined, (err: unknown) => err)
  t.type(failure, CliFailure)
  t.equal((failure as CliFailure).message, `the bridge at ${bridgeUrl} did not answer within 0.5 s: is it stuck, or is that address another server's?`)
})
