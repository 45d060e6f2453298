import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { BRIDGE_PATH, startBrowserHost, type BrowserHost } from '../browser-host'
import { MainHarness } from './harness'

function get(port: number, path: string, host: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = ''
      res.on('data', (d) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function connect(port: number, secret: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${BRIDGE_PATH}?secret=${encodeURIComponent(secret)}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

describe('browser host', () => {
  const h = new MainHarness()
  let host: BrowserHost
  let renderer: string
  beforeEach(async () => {
    await h.start()
    renderer = mkdtempSync(join(tmpdir(), 'nexus-qa-renderer-'))
    mkdirSync(join(renderer, 'assets'))
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>')
    writeFileSync(join(renderer, 'assets', 'a.js'), 'console.log(1)')
    host = await startBrowserHost({ services: h.services, rendererDir: renderer })
  })
  afterEach(async () => {
    await host.close()
    await h.stop()
    rmSync(renderer, { recursive: true, force: true })
  })

  it('serves the renderer with a CSP, and refuses a foreign Host (DNS rebinding)', async () => {
    const ok = await get(host.port, '/', `127.0.0.1:${host.port}`)
    expect(ok.status).toBe(200)
    expect(String(ok.headers['content-security-policy'])).toContain("script-src 'self'")
    expect((await get(host.port, '/assets/a.js', `localhost:${host.port}`)).status).toBe(200)
    expect((await get(host.port, '/', `evil.example:${host.port}`)).status).toBe(421)
    expect((await get(host.port, '/../../etc/passwd', `127.0.0.1:${host.port}`)).status).toBe(404)
  })

  it('serves the handlers over the WebSocket with the right secret and origin', async () => {
    const ws = await connect(host.port, host.secret, { origin: host.origin, host: `127.0.0.1:${host.port}` })
    const reply = await new Promise<any>((resolve) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d))))
      ws.send(JSON.stringify({ id: 7, channel: 'app:info' }))
    })
    expect(reply).toMatchObject({ id: 7, envelope: { ok: true, result: { host: 'browser' } } })
    ws.close()
  })

  it('refuses a wrong secret, a foreign Origin and a foreign Host', async () => {
    await expect(connect(host.port, 'wrong', { origin: host.origin })).rejects.toThrow('403')
    await expect(connect(host.port, host.secret, { origin: 'https://evil.example' })).rejects.toThrow('403')
    await expect(connect(host.port, host.secret, {})).rejects.toThrow('403')
    await expect(connect(host.port, host.secret, { origin: host.origin, host: `evil.example:${host.port}` })).rejects.toThrow('421')
  })
})
