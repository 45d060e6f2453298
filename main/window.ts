import { BrowserWindow, session } from 'electron'
import { type AppLocation, appUrl, ELECTRON_CSP, isAppUrl, windowOptions } from './window-policy'

/** One hardened window: sandboxed, isolated, no navigation away, no pop-ups, no permissions. */
export function createMainWindow(loc: AppLocation, preloadPath: string, dev: boolean): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath, dev))
  const contents = win.webContents

  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url, loc)) event.preventDefault()
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())

  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [ELECTRON_CSP] } })
  })

  win.once('ready-to-show', () => win.show())
  void win.loadURL(appUrl(loc))
  return win
}
