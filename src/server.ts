/**
 * Reads the configuration once, checks that it can work (checkStartup decides the mode and refuses
 * half-set stores, half-set apps and production without credentials), builds the app and listens;
 * closes gracefully on signals. In development with nothing set it starts in sandbox mode, next to
 * a local BigCommerce emulator; production never does.
 */
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { checkStartup, readConfig, StartupError, type Config, type StartupPlan } from './config.js'
import { startSandbox, type RunningSandbox } from './sandbox-mode.js'

let config: Config
let plan: StartupPlan
try {
  config = readConfig()
  plan = checkStartup(config)
} catch (err) {
  console.error(err instanceof StartupError ? `Cannot start: ${err.message}` : `Invalid configuration: ${(err as Error).message}`)
  process.exit(1)
}

const sandbox: RunningSandbox | undefined = plan.sandbox ? await startSandbox(config) : undefined
const app = await buildApp({ config: sandbox?.config ?? config })

// Below Fly's 5 s kill_timeout, so in-flight requests finish before the machine stops.
closeWithGrace({ delay: 4_000 }, async ({ err }) => {
  if (err !== undefined) app.log.error({ err }, 'closing because of an error')
  await app.close()
  await sandbox?.emulator.close()
})

const address = await app.listen({ port: config.PORT, host: config.HOST })
if (sandbox !== undefined) {
  process.stdout.write([
    '',
    'Sandbox mode: no BigCommerce credentials are set, so the bridge talks to a local BigCommerce emulator.',
    `  bridge:    ${address}/fast/v1/{create,read,update,delete}`,
    `  BigCommerce emulator: ${sandbox.baseUrl}/stores/sandbox/v3 (knobs at ${sandbox.baseUrl}/__sandbox)`,
    `  Fast App ID: ${sandbox.fastAppId}; Fast tokens are signed with the sandbox key in ${config.DATA_DIR}/sandbox/`,
    ...(sandbox.controlPanelUrl === undefined ? [] : [`  install it as a BigCommerce app: open ${sandbox.controlPanelUrl} in a browser`]),
    '',
    'Try it, in a second terminal:',
    '  npm run demo                                   # the whole checkout, step by step',
    '  npm run fast -- create fixtures/fast/seed-000-checkout/01-create-cart.json',
    ''
  ].join('\n') + '\n')
}
