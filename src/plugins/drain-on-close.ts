/**
 * Shutting down without dropping anything: from the moment close starts (a signal, server.ts), every
 * new request is answered 503 by Fastify (`return503OnClosing`) and every request in flight still
 * gets its answer, sent with `Connection: close`. Without that header Node keeps a keep-alive
 * connection that was busy when close began open after its answer, until keepAliveTimeout (10 s),
 * so every stop (and deploy) would wait that long for nothing. Fly's proxy
 * keeps such connections to the machine.
 */
import fp from 'fastify-plugin'

export default fp(async (fastify) => {
  let closing = false
  fastify.addHook('preClose', async () => {
    closing = true
    if (fastify.server.listening) fastify.log.info('closing: new requests are answered 503, requests in flight finish')
  })
  fastify.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close')
  })
}, { name: 'drain-on-close' })
