import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { EVENTS } from '../preload/api'
import type { Services } from './services'
import { contentSecurityPolicy } from './window-policy'

export interface BrowserHostOptions {
  services: Services
  rendererDir: string
  port?: number
  /** Fixed secret (tests); a fresh random one per launch otherwise. */
  secret?: string
}

export interface BrowserHost {
  /** Open this: it carries the per-launch secret in the fragment (never sent to the server in requests). */
  url: string
  origin: string
  port: number
  secret: string
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

export const BRIDGE_PATH = '/bridge'
const MAX_MESSAGE_BYTES = 4 * 1024 * 1024

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Serves the built renderer and the same handlers as the Electron host, over
 * a WebSocket on 127.0.0.1. Safe on a shared machine: loopback only, a
 * per-launch secret, Host checked on every request (no DNS rebinding) and
 * Origin on every WebSocket (no cross-site use), a CSP on every page.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const secret = options.secret ?? randomBytes(24).toString('base64url')
  const root = resolve(options.rendererDir)
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`No built renderer at ${root}: run \`npx electron-vite build\` first (npm run start:browser does).`)
  }
  let port = 0
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  const securityHeaders = (res: ServerResponse) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]))
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Referrer-Policy', 'no-referrer')
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin')
    res.setHeader('X-Frame-Options', 'DENY')
    res.setHeader('Cache-Control', 'no-store')
  }

  const serveStatic = (req: IncomingMessage, res: ServerResponse) => {
    securityHeaders(res)
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request: this host serves 127.0.0.1 only.\n')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('Method not allowed\n')
      return
    }
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad request\n')
      return
    }
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n')
      return
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' })
    if (req.method === 'HEAD') res.end()
    else createReadStream(file).pipe(res)
  }

  const server = createServer(serveStatic)
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const sockets = new Set<WebSocket>()

  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, why: string) => {
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://x')
    } catch {
      return refuse(400, 'Bad Request')
    }
    if (url.pathname !== BRIDGE_PATH) return refuse(404, 'Not Found')
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse(421, 'Misdirected Request')
    if (!allowedOrigins().has(req.headers.origin ?? '')) return refuse(403, 'Forbidden')
    if (!sameSecret(url.searchParams.get('secret') ?? '', secret)) return refuse(403, 'Forbidden')
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws)
    ws.on('close', () => sockets.delete(ws))
    ws.on('message', async (data) => {
      let msg: { id?: unknown; channel?: unknown; args?: unknown }
      try {
        msg = JSON.parse(data.toString())
      } catch {
        ws.send(JSON.stringify({ id: null, envelope: { ok: false, error: { code: 'invalid-payload', message: 'Messages must be JSON.' } } }))
        return
      }
      const envelope = await options.services.dispatch(msg.channel, msg.args)
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: msg.id ?? null, envelope }))
    })
  })

  const unsubscribe = EVENTS.map((event) => {
    const listener = (payload: unknown) => {
      const text = JSON.stringify({ event, payload })
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text)
    }
    options.services.events.on(event, listener)
    return () => options.services.events.off(event, listener)
  })

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen())
  })
  port = (server.address() as { port: number }).port
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/#secret=${secret}`,
    origin,
    port,
    secret,
    async close() {
      for (const off of unsubscribe) off()
      for (const ws of sockets) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
