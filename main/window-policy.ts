import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * The security rules of the Electron window, free of Electron imports so
 * they can be tested anywhere.
 */

export interface AppLocation {
  /** Dev server URL (ELECTRON_RENDERER_URL) or null for the built files. */
  devUrl: string | null
  rendererIndex: string
}

export function appUrl(loc: AppLocation): string {
  return loc.devUrl ?? pathToFileURL(loc.rendererIndex).href
}

/** Is this URL the app's own page? Parsed, never compared as a prefix string. */
export function isAppUrl(candidate: string | undefined | null, loc: AppLocation): boolean {
  if (!candidate) return false
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return false
  }
  if (loc.devUrl) return url.origin === new URL(loc.devUrl).origin
  const own = new URL(appUrl(loc))
  return url.protocol === 'file:' && url.host === '' && decodeURIComponent(url.pathname) === decodeURIComponent(own.pathname)
}

export function windowOptions(preloadPath: string, dev: boolean) {
  return {
    width: 1440,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    show: false,
    title: 'Nexus QA Console',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: dev,
    },
  } as const
}

/** The console's Content-Security-Policy; `connect` lists what the page may open connections to. */
export function contentSecurityPolicy(connect: string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    ["connect-src 'self'", ...connect].join(' '),
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
}

export const ELECTRON_CSP = contentSecurityPolicy()

export function rendererIndexPath(mainDir: string): string {
  return join(mainDir, '../renderer/index.html')
}
