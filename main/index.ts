import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, ipcMain } from 'electron'
import { EVENTS } from '../preload/api'
import { resolveUserDataDir } from './paths'
import { createServices, type Services } from './services'
import { appVersion } from './version'
import { createMainWindow } from './window'
import { type AppLocation, isAppUrl, rendererIndexPath } from './window-policy'

// Electron entry: lifecycle, the window, IPC wiring. Everything else lives in services.
const here = dirname(fileURLToPath(import.meta.url))
const dev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL)
const loc: AppLocation = { devUrl: dev ? process.env.ELECTRON_RENDERER_URL! : null, rendererIndex: rendererIndexPath(here) }
const preloadPath = join(here, '../preload/index.cjs')

if (process.env.NEXUS_QA_USER_DATA) app.setPath('userData', process.env.NEXUS_QA_USER_DATA)
if (!app.requestSingleInstanceLock()) app.quit()

let services: Services | null = null
let win: BrowserWindow | null = null

app.on('second-instance', () => {
  if (win?.isMinimized()) win.restore()
  win?.focus()
})

app.on('web-contents-created', (_e, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

app.whenReady().then(() => {
  const userDataDir = process.env.NEXUS_QA_USER_DATA ?? resolveUserDataDir()
  const jobMs = Number(process.env.NEXUS_QA_SIM_JOB_MS)
  services = createServices({ userDataDir, host: 'electron', version: appVersion(), simulator: Number.isFinite(jobMs) && jobMs >= 0 ? { jobMs } : {} })
  const s = services

  ipcMain.handle('nexusQa:invoke', async (event, channel: unknown, args: unknown) => {
    // Electron security checklist, item 17: only our own page may call main.
    if (!isAppUrl(event.senderFrame?.url, loc)) {
      return { ok: false, error: { code: 'forbidden-sender', message: 'This page may not call the console.' } }
    }
    return s.dispatch(channel, args)
  })
  for (const name of EVENTS) {
    s.events.on(name, (payload: unknown) => {
      if (win && !win.isDestroyed()) win.webContents.send('nexusQa:event', name, payload)
    })
  }

  win = createMainWindow(loc, preloadPath, dev)
  win.on('closed', () => (win = null))
})

app.on('window-all-closed', () => app.quit())

let quitting = false
app.on('before-quit', (event) => {
  if (quitting || !services) return
  event.preventDefault()
  quitting = true
  void services.close().finally(() => app.quit())
})
