/**
 * The README's local walk-through, over real HTTP: the bridge in sandbox mode is the sandbox app,
 * and the emulator's control panel installs it, Fast's calls reach the installed store once its
 * Fast App ID is entered, and Uninstall (the emulator calling the bridge) stops serving it.
 */
import { createServer } from 'node:net'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { readConfig } from '../../src/config.js'
import { loadSandboxSigner, SANDBOX_FAST_APP_ID } from '../../src/sandbox/fast-key.js'
import { startSandbox } from '../../src/sandbox-mode.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { createBody } from '../helpers/fast-requests.js'
import { NO_DELAY_SHEDDING } from '../helpers/test-env.js'

/** A port nothing listens on now: APP_URL must name the bridge's port before the bridge is built. */
async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

t.test('npm start in sandbox mode: install from the control panel, serve the Fast App ID, uninstall', async (t) => {
  const dataDir = t.testdir()
  const port = await freePort()
  const config = readConfig({ PORT: String(port), SANDBOX_PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...NO_DELAY_SHEDDING })
  const sandbox = await startSandbox(config, {})
  t.teardown(async () => { await sandbox.emulator.close() })
  const bridge = await buildApp({ config: sandbox.config, storage: openSqliteStorage(`${dataDir}/bridge.db`), logger: false })
  t.teardown(async () => { await bridge.close() })
  await bridge.listen({ port, host: '127.0.0.1' })

  const signer = loadSandboxSigner(dataDir)
  const fastCreate = async (fastAppId: string): Promise<number> => {
    const response = await fetch(`http://127.0.0.1:${port}/fast/v1/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${signer.sign({ aud: fastAppId })}`, 'content-type': 'application/json' },
      body: JSON.stringify(createBody([{ id: crypto.randomUUID(), product: '112', quantity: 1 }], crypto.randomUUID()))
    })
    await response.arrayBuffer()
    return response.status
  }
  const press = async (button: string): Promise<Response> => await fetch(`${sandbox.controlPanelUrl}/${button}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'store=sandbox'
  })

  const installed = await press('install')
  t.equal(installed.status, 200, 'Install lands on the bridge\'s settings page')
  t.match(installed.url, new RegExp(`^http://127\\.0\\.0\\.1:${port}/auth\\?`))
  t.equal(await bridge.stores.saveSettings('sandbox', { fastAppId: 'my-fast-app', orderStatusIds: null }), 'saved')
  t.equal(await fastCreate('my-fast-app'), 200, 'Fast\'s calls for the entered App ID are served')

  const opened = await press('open')
  t.equal(opened.status, 200, 'Open shows the settings page through /load')

  const uninstalled = await press('uninstall')
  t.match(await uninstalled.text(), /Uninstalled: the app answered 200/)
  t.equal(await fastCreate('my-fast-app'), 401, 'after Uninstall the App ID answers 401')
  t.equal(await fastCreate(SANDBOX_FAST_APP_ID), 200, 'the environment\'s sandbox store is served all along')
})
