/**
 * The settings page in a real browser: Debian's Chromium, headless, driven by playwright-core,
 * against the bridge listening on loopback next to the BigCommerce emulator, whose control panel
 * stand-in installs and opens the app as BigCommerce's does. A merchant installs the app, enters
 * the Fast App ID, saves, opens the app again (a signed /load, as the control panel does on every
 * visit) and finds it kept; Fast's calls under that App ID then reach the store, and its order is
 * listed. The page is kept as a screenshot at test-output/settings-page.png.
 *
 * APP_URL is http://bridge.test: the bridge listens on an ephemeral port, unknown when its
 * configuration is read, so Chromium maps that name to the port (--host-resolver-rules), and the
 * origin the browser sends is exactly APP_URL's, as in production.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { readConfig } from '../../src/config.js'
import { buildSandbox, DEFAULT_APP } from '../../src/sandbox/app.js'
import { openSqliteStorage } from '../../src/storage/sqlite.js'
import { CONVERT, convertibleCart, expectOk } from '../helpers/checkout-journey.js'
import type { TestBridge } from '../helpers/build-app.js'
import { startFastJwksServer } from '../helpers/fast-auth.js'
import { NO_DELAY_SHEDDING } from '../helpers/test-env.js'

const CHROMIUM = '/usr/bin/chromium'
const APP_URL = 'http://bridge.test'
const FAST_APP_ID = '31d7ff3a-0128-440e-a5a2-c1e10d4c2d83'
const SCREENSHOT = new URL('../../test-output/settings-page.png', import.meta.url)
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

t.test('a merchant installs the app, enters the Fast App ID, saves, opens the app again and finds it kept', async t => {
  if (!existsSync(CHROMIUM)) {
    t.fail(`Chromium is missing at ${CHROMIUM}: this test drives Debian's chromium package. .ci/run installs it (apt-get install chromium) when CI=true; elsewhere run: sudo apt-get install chromium`)
    return
  }

  const emulator = buildSandbox({ logger: false, apps: [{ ...DEFAULT_APP, appUrl: APP_URL }] })
  const emulatorUrl = await emulator.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => { await emulator.close() })
  const jwks = await startFastJwksServer()
  t.teardown(jwks.close)
  const config = readConfig({
    BIGCOMMERCE_API_URL: emulatorUrl,
    BIGCOMMERCE_LOGIN_URL: emulatorUrl,
    BIGCOMMERCE_CLIENT_ID: DEFAULT_APP.clientId,
    BIGCOMMERCE_CLIENT_SECRET: DEFAULT_APP.clientSecret,
    APP_URL,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    FAST_JWKS_URL: jwks.jwksUrl,
    LOG_LEVEL: 'silent',
    ...NO_DELAY_SHEDDING
  })
  const app = await buildApp({ config, storage: openSqliteStorage(':memory:'), logger: false })
  t.teardown(async () => { await app.close() })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as AddressInfo).port

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--host-resolver-rules=MAP bridge.test 127.0.0.1:${port}`]
  })
  t.teardown(async () => { await browser.close() })
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } })
  const controlPanel = `${emulatorUrl}/__sandbox/control-panel`

  // Install: the control panel sends the browser to /auth, which opens the settings page.
  await page.goto(controlPanel)
  await Promise.all([page.waitForURL(`${APP_URL}/auth?**`), page.getByRole('button', { name: 'Install', exact: true }).click()])
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Fast Checkout')
  t.match(await page.locator('main').textContent(), 'Settings of the BigCommerce store sandbox.')
  t.equal(await page.getByLabel('Fast App ID').inputValue(), '', 'no App ID yet')
  t.equal(await page.getByLabel(/^BOOKED/).inputValue(), '12', 'the default mapping is preselected')

  // Fill in and save, with the keyboard and the labels a screen reader announces.
  await page.getByLabel('Fast App ID').fill(FAST_APP_ID)
  await page.getByLabel(/^BOOKED/).selectOption('7')
  await Promise.all([page.waitForURL(`${APP_URL}/settings`), page.getByLabel('Fast App ID').press('Enter')])
  t.equal(await page.getByRole('status').textContent(), 'Saved.')

  // Fast's calls under the saved App ID reach the store: a checkout made into a BigCommerce order.
  const bridge = {
    async fast (operation: 'create' | 'read' | 'update' | 'delete', body: unknown) {
      const answer = await app.inject({ method: 'POST', url: `/fast/v1/${operation}`, headers: { authorization: jwks.bearer(FAST_APP_ID), 'content-type': 'application/json' }, payload: JSON.stringify(body) })
      return { statusCode: answer.statusCode, headers: answer.headers, body: answer.json() }
    }
  } as unknown as TestBridge
  const journey = await convertibleCart(bridge)
  const order = await expectOk(bridge, 'update', journey.update(CONVERT))
  const orderNumber = order.order.order.external_id as string

  // Open again, as the control panel does on every visit: a new signed /load.
  await page.goto(controlPanel)
  await Promise.all([page.waitForURL(`${APP_URL}/load?**`), page.getByRole('button', { name: 'Open', exact: true }).click()])
  t.equal(await page.getByLabel('Fast App ID').inputValue(), FAST_APP_ID, 'the App ID is kept')
  t.equal(await page.getByLabel(/^BOOKED/).inputValue(), '7', 'the mapping is kept')
  const checks = await page.locator('ul.checks').textContent() ?? ''
  t.match(checks, /OK\s+BigCommerce API: Reachable/)
  t.match(checks, /OK\s+API scopes/)
  t.match(checks, /OK\s+Fast's signing keys: Fetched/)
  t.match(await page.locator('table').textContent(), `#${orderNumber}`, 'the Fast order is listed with its BigCommerce order number')

  mkdirSync(new URL('.', SCREENSHOT), { recursive: true })
  rmSync(SCREENSHOT, { force: true })
  await page.screenshot({ path: SCREENSHOT.pathname, fullPage: true })
  t.ok(existsSync(SCREENSHOT), `screenshot kept at ${SCREENSHOT.pathname}`)
  t.same(readFileSync(SCREENSHOT).subarray(0, 8), PNG_SIGNATURE, 'the screenshot is a PNG')
})
