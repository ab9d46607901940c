/** In sandbox mode the bridge is the emulator's sandbox app, unless the operator names an app of their own. */
import t from 'tap'
import { readConfig } from '../../src/config.js'
import { DEFAULT_APP } from '../../src/sandbox/app.js'
import { startSandbox } from '../../src/sandbox-mode.js'

t.test('sandbox mode makes the bridge the sandbox app, installed through the emulator\'s control panel', async (t) => {
  const config = readConfig({ PORT: '3999', HOST: '0.0.0.0', SANDBOX_PORT: '0', DATA_DIR: t.testdir() })
  const sandbox = await startSandbox(config, {})
  t.teardown(async () => { await sandbox.emulator.close() })
  t.match(sandbox.config, {
    BIGCOMMERCE_CLIENT_ID: DEFAULT_APP.clientId,
    BIGCOMMERCE_CLIENT_SECRET: DEFAULT_APP.clientSecret,
    APP_URL: 'http://127.0.0.1:3999',
    BIGCOMMERCE_LOGIN_URL: sandbox.baseUrl
  })
  t.match(sandbox.config, { BIGCOMMERCE_STORE_HASH: 'sandbox', BIGCOMMERCE_ACCESS_TOKEN: 'sandbox-token', FAST_APP_ID: 'sandbox-app' }, 'the emulator\'s store is the environment\'s store, served next to installed ones')
  t.equal(sandbox.emulator.sandbox.apps[0]?.appUrl, 'http://127.0.0.1:3999', 'the emulator knows where the app is served')
  t.equal(sandbox.controlPanelUrl, `${sandbox.baseUrl}/__sandbox/control-panel`)
})

t.test('with a client id of their own, sandbox mode leaves the install settings as the operator set them', async (t) => {
  const config = readConfig({ PORT: '3999', SANDBOX_PORT: '0', DATA_DIR: t.testdir(), BIGCOMMERCE_CLIENT_ID: 'mine', BIGCOMMERCE_CLIENT_SECRET: 'my-secret', APP_URL: 'https://mine.example' })
  const sandbox = await startSandbox(config, {})
  t.teardown(async () => { await sandbox.emulator.close() })
  t.match(sandbox.config, { BIGCOMMERCE_CLIENT_ID: 'mine', APP_URL: 'https://mine.example', BIGCOMMERCE_LOGIN_URL: 'https://login.bigcommerce.com' })
  t.equal(sandbox.controlPanelUrl, undefined)
})
