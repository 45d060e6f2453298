import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { RequestSpec } from '../nexus/build'
import { send } from '../nexus/http'

let server: Server | null = null
afterEach(() => new Promise<void>((r) => (server ? (server.closeAllConnections(), server.close(() => r())) : r())))

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c) => (body += c))
    req.on('end', () => handler(req, res, body))
  })
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const spec = (url: string, over: Partial<RequestSpec> = {}): RequestSpec => ({
  method: 'PUT',
  url,
  headers: { Accept: 'application/vnd.mx.nexus.v1+json', 'MD-SESSION-TOKEN': 'tok-secret-123456' },
  body: JSON.stringify({ member: { metadata: 'é€😀' } }),
  operation: 'update member',
  memberGuid: 'MBR-1',
  secrets: ['tok-secret-123456'],
  ...over,
})
const opts = { environment: 'local', environmentName: 'Local simulator' }

describe('the HTTP engine (node:http)', () => {
  it('sends method, headers and a UTF-8 body with its byte length, and reads the answer', async () => {
    let seen: { method?: string; length?: string; token?: string; body?: string } = {}
    const url = await serve((req, res, body) => {
      seen = { method: req.method, length: req.headers['content-length'], token: req.headers['md-session-token'] as string, body }
      res.setHeader('set-cookie', ['a=1', 'b=2'])
      res.writeHead(422, 'Unprocessable Thing', { 'content-type': 'application/json' })
      // Split a multi-byte character across two writes.
      const bytes = Buffer.from(JSON.stringify({ error: { code: '4220', message: 'nope ü' } }))
      const cut = bytes.indexOf(Buffer.from('ü')) + 1
      res.write(bytes.subarray(0, cut))
      setTimeout(() => res.end(bytes.subarray(cut)), 5)
    })
    const x = await send(spec(url), opts)
    expect(seen.method).toBe('PUT')
    expect(seen.body).toBe('{"member":{"metadata":"é€😀"}}')
    expect(Number(seen.length)).toBe(Buffer.byteLength(seen.body!))
    expect(seen.token).toBe('tok-secret-123456')
    expect(x.response).toMatchObject({ status: 422, statusText: 'Unprocessable Thing', json: { error: { code: '4220', message: 'nope ü' } } })
    expect(x.response!.headers['set-cookie']).toBe('a=1, b=2')
    expect(x.nexusError).toEqual({ code: '4220', message: 'nope ü' })
    expect(JSON.stringify(x)).not.toContain('tok-secret-123456')
    expect(x.durationMs).toBeGreaterThan(0)
  })

  it('does not follow redirects: the 3xx is the answer', async () => {
    const url = await serve((_req, res) => res.writeHead(302, { location: 'http://example.invalid/' }).end())
    const x = await send(spec(url), opts)
    expect(x.response?.status).toBe(302)
    expect(x.response?.headers.location).toBe('http://example.invalid/')
  })

  it('keeps a non-JSON answer as text', async () => {
    const url = await serve((_req, res) => res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'))
    const x = await send(spec(url), opts)
    expect(x.response).toMatchObject({ status: 502, bodyText: '<h1>Bad gateway</h1>' })
    expect(x.response!.json).toBeUndefined()
  })

  it('reports a refused connection as a network error', async () => {
    const url = await serve(() => undefined)
    await new Promise<void>((r) => server!.close(() => r()))
    server = null
    const x = await send(spec(url), opts)
    expect(x.response).toBeUndefined()
    expect(x.error).toMatchObject({ kind: 'network' })
    expect(x.error!.message).toMatch(/ECONNREFUSED/)
  })

  it('reports a connection cut mid-answer as a network error', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' })
      res.write('{"member":')
      setTimeout(() => res.socket?.destroy(), 5)
    })
    const x = await send(spec(url), opts)
    expect(x.error?.kind).toBe('network')
  })

  it('times out with a clear message, and the caller can cancel', async () => {
    const url = await serve(() => undefined) // never answers
    const t = await send(spec(url), { ...opts, timeoutMs: 150 })
    expect(t.error).toEqual({ kind: 'timeout', message: 'No answer within 150 ms.' })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const c = await send(spec(url), { ...opts, signal: controller.signal })
    expect(c.error).toEqual({ kind: 'cancelled', message: 'The request was cancelled.' })
  })

  it('refuses a URL it cannot send to, without throwing', async () => {
    const bad = await send(spec('not a url'), opts)
    expect(bad.error?.kind).toBe('network')
    expect(bad.error?.message).toMatch(/not a valid URL/)
    const ftp = await send(spec('ftp://127.0.0.1/x'), opts)
    expect(ftp.error?.message).toMatch(/ftp: URLs are not supported/)
  })
})
