/** Reads the configuration once, builds the app and listens; closes gracefully on signals. */
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { readConfig } from './config.js'

let config
try {
  config = readConfig()
} catch (err) {
  console.error(`Invalid configuration: ${(err as Error).message}`)
  process.exit(1)
}

const app = await buildApp({ config })

// Below Fly's 5 s kill_timeout, so in-flight requests finish before the machine stops.
closeWithGrace({ delay: 4_000 }, async ({ err }) => {
  if (err !== undefined) app.log.error({ err }, 'closing because of an error')
  await app.close()
})

await app.listen({ port: config.PORT, host: config.HOST })
