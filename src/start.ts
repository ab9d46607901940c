/**
 * Reads the configuration once, checks that it can work (checkStartup decides the mode and refuses
 * half-set stores, half-set apps and production without credentials), builds the app and listens;
 * closes gracefully on signals (shutdown.ts). In development with nothing set it starts in sandbox
 * mode, next to a local BigCommerce emulator; production never does. Every expected failure is one
 * line on stderr saying what to do, and exit code 1.
 */
import { buildApp } from './app.js'
import { checkStartup, readConfig, StartupError, type Config, type StartupPlan } from './config.js'
import { listenProblem } from './listen-problem.js'
import { startSandbox, type RunningSandbox } from './sandbox-mode.js'
import { closeOnSignals } from './shutdown.js'

let config: Config
let plan: StartupPlan
try {
  config = readConfig()
  plan = checkStartup(config)
} catch (err) {
  refuse(err instanceof StartupError ? `Cannot start: ${err.message}` : `Invalid configuration: ${(err as Error).message}`)
}

let sandbox: RunningSandbox | undefined
try {
  sandbox = plan.sandbox ? await startSandbox(config) : undefined
} catch (err) {
  refuse(listenProblem(err, 'SANDBOX_PORT', 'the BigCommerce emulator') ?? err)
}
let app: Awaited<ReturnType<typeof buildApp>>
try {
  // Building readies the app, which starts the metrics listener on METRICS_PORT, when set.
  app = await buildApp({ config: sandbox?.config ?? config })
} catch (err) {
  await sandbox?.emulator.close()
  refuse(listenProblem(err, 'METRICS_PORT', 'the metrics listener') ?? err)
}

closeOnSignals(app.log, async () => {
  await app.close()
  await sandbox?.emulator.close()
})

let address: string
try {
  address = await app.listen({ port: config.PORT, host: config.HOST })
} catch (err) {
  const problem = listenProblem(err, 'PORT', 'the bridge')
  if (problem === undefined) throw err
  await app.close()
  await sandbox?.emulator.close()
  refuse(problem)
}
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

/** One line on stderr and exit code 1: an expected failure needs no stack trace. An unexpected error keeps its stack. */
function refuse (problem: unknown): never {
  if (typeof problem === 'string') {
    console.error(problem)
    process.exit(1)
  }
  throw problem
}
