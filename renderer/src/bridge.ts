import { type BridgeApi, createApi, type Envelope, type NexusQaApi, unwrapApi } from '../../preload/api'

/**
 * The renderer's one way to main. In Electron the preload has put
 * `window.nexusQa` in place; in the browser host the same API is built over
 * the loopback WebSocket, authenticated by the per-launch secret from the URL
 * fragment. Components never touch either directly: they use stores, which
 * use `api`.
 */

const SECRET_KEY = 'nexusQa.secret'

function browserSecret(): string {
  const match = /(?:^#|&)secret=([^&]+)/.exec(location.hash)
  if (match) {
    sessionStorage.setItem(SECRET_KEY, decodeURIComponent(match[1]!))
    history.replaceState(null, '', location.pathname + location.search)
  }
  const secret = sessionStorage.getItem(SECRET_KEY)
  if (!secret) throw new Error('This page was opened without its secret: open the URL that `npm run start:browser` printed.')
  return secret
}

function webSocketBridge(): BridgeApi {
  const secret = browserSecret()
  const url = `ws://${location.host}/bridge?secret=${encodeURIComponent(secret)}`
  const pending = new Map<number, (e: Envelope) => void>()
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  let nextId = 1
  let socket: WebSocket
  let ready: Promise<void>

  const open = () => {
    socket = new WebSocket(url)
    ready = new Promise((resolve, reject) => {
      socket.onopen = () => resolve()
      socket.onerror = () => reject(new Error('The console host is not reachable. Is `npm run start:browser` still running?'))
    })
    socket.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { id?: number; envelope?: Envelope; event?: string; payload?: unknown }
      if (msg.event) listeners.get(msg.event)?.forEach((l) => l(msg.payload))
      else if (typeof msg.id === 'number') {
        pending.get(msg.id)?.(msg.envelope!)
        pending.delete(msg.id)
      }
    }
    socket.onclose = () => {
      for (const [, resolve] of pending) resolve({ ok: false, error: { code: 'failed', message: 'The connection to the console host closed.' } })
      pending.clear()
    }
  }
  open()

  return createApi(
    async (channel, args) => {
      if (socket.readyState === WebSocket.CLOSED) open()
      try {
        await ready
      } catch (err) {
        return { ok: false, error: { code: 'failed', message: (err as Error).message } }
      }
      const id = nextId++
      return new Promise<Envelope>((resolve) => {
        pending.set(id, resolve)
        socket.send(JSON.stringify({ id, channel, args }))
      })
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    },
  )
}

let instance: NexusQaApi | null = null

export function api(): NexusQaApi {
  instance ??= unwrapApi(window.nexusQa ?? webSocketBridge())
  return instance
}

/** Tests install a fake API here. */
export function setApi(fake: NexusQaApi | null): void {
  instance = fake
}
