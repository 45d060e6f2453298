import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { _electron, test as base, expect, type Page } from '@playwright/test'
import { startBrowserHost } from '../main/browser-host'
import { createServices } from '../main/services'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Whether Electron's binary is installed; the electron target runs only where it is. */
export function electronBinary(): string | null {
  const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8'))
  return existsSync(bin) ? bin : null
}

/**
 * One fixture, two targets. `app` is the console's page, ready
 * (`data-app-state="ready"`), on a fresh user-data folder, with the Local
 * simulator as its environment. browser: Debian Chromium + the browser host;
 * electron: `_electron.launch` on the built app.
 */
export const test = base.extend<{ userData: string; app: Page }>({
  userData: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'nexus-qa-e2e-'))
    await use(dir)
    rmSync(dir, { recursive: true, force: true })
  },
  app: async ({ userData, playwright }, use, testInfo) => {
    if (testInfo.project.name === 'electron') {
      const bin = electronBinary()
      test.skip(!bin, 'Electron binary not installed here (no network to fetch it); the browser target covers these specs')
      const electronApp = await _electron.launch({
        executablePath: bin!,
        args: [join(root, 'out/main/index.js')],
        env: { ...process.env, NEXUS_QA_USER_DATA: userData, NEXUS_QA_SIM_JOB_MS: '600' },
      })
      const win = await electronApp.firstWindow()
      await win.waitForSelector('#app[data-app-state="ready"]')
      await use(win)
      await Promise.race([electronApp.close(), new Promise((r) => setTimeout(r, 10_000))])
      return
    }
    const services = createServices({
      userDataDir: userData,
      host: 'browser',
      version: 'e2e',
      simulator: { jobMs: 600 },
      simulatorPollMs: 100,
    })
    const host = await startBrowserHost({ services, rendererDir: join(root, 'out/renderer') })
    const browser = await playwright.chromium.launch(testInfo.project.use.launchOptions)
    const page = await browser.newPage({ viewport: testInfo.project.use.viewport ?? { width: 1280, height: 800 } })
    await page.goto(host.url)
    await page.waitForSelector('#app[data-app-state="ready"]')
    await use(page)
    await browser.close()
    await host.close()
    await services.close()
  },
})

export { expect }

export async function signIn(page: Page): Promise<void> {
  await page.getByTestId('sso-client').fill('sim-client')
  await page.getByTestId('sso-user').fill('qa-user-1')
  await page.getByTestId('sso-key').fill('sim-api-key')
  await page.getByTestId('sign-in').click()
  await expect(page.getByTestId('session-info')).toBeVisible()
  await expect(page.locator('[data-name="MX Bank (connected)"]')).toBeVisible()
}

export async function pick(page: Page, name: string): Promise<void> {
  await page.locator(`[data-name="${name}"]`).click()
  await expect(page.getByTestId('selected-member')).toContainText(name)
}

/** Sends the draft and waits until the inspector holds the new exchange. */
export async function send(page: Page, how: () => Promise<void> = () => page.getByTestId('send').click()): Promise<void> {
  const panel = page.getByTestId('update-panel')
  const before = (await panel.getAttribute('data-last-exchange')) ?? ''
  await how()
  await expect(panel).not.toHaveAttribute('data-last-exchange', before)
}

export async function shot(page: Page, name: string): Promise<void> {
  const info = test.info()
  const path = info.outputPath(`${name}.png`)
  await page.screenshot({ path })
  await info.attach(name, { path, contentType: 'image/png' })
}
