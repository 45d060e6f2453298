import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { MEDIA, useSim } from './harness'

const json = { 'content-type': 'application/json' }

describe('injected faults', () => {
  const h = useSim()

  it('adds latency to Nexus calls but not to the control plane', async () => {
    await h.request('PUT', '/__sim/faults', { latency_ms: 150 }, json)
    let t = performance.now()
    expect((await h.request('GET', '/members')).status).toBe(200)
    expect(performance.now() - t).toBeGreaterThanOrEqual(140)
    t = performance.now()
    await h.request('GET', '/__sim/clock')
    expect(performance.now() - t).toBeLessThan(140)
  })

  it('answers 5xx for the next N calls, then recovers', async () => {
    await h.request('PUT', '/__sim/faults', { error_count: 2, error_status: 503 }, json)
    expect((await h.request('GET', '/members')).status).toBe(503)
    const second = await h.request('GET', '/members')
    expect(second.status).toBe(503)
    expect(second.json.error.code).toBe('5030')
    expect((await h.request('GET', '/members')).status).toBe(200)
  })

  it('answers 5xx at a rate', async () => {
    await h.request('PUT', '/__sim/faults', { error_rate: 1 }, json)
    expect((await h.request('GET', '/members')).status).toBe(500)
    await h.request('DELETE', '/__sim/faults')
    expect((await h.request('GET', '/members')).status).toBe(200)
  })

  it('answers 429 with Retry-After', async () => {
    await h.request('PUT', '/__sim/faults', { rate_limit_count: 1, retry_after_s: 7 }, json)
    const r = await h.request('GET', '/members')
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('7')
    expect((await h.request('GET', '/members')).status).toBe(200)
  })

  it('drops the connection', async () => {
    await h.request('PUT', '/__sim/faults', { drop_count: 1 }, json)
    await expect(h.request('GET', '/members')).rejects.toThrow()
    expect((await h.request('GET', '/members')).status).toBe(200)
  })

  it('meets only calls of the chosen method: reads pass, the update fails', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('PUT', '/__sim/faults', { error_count: 1, error_status: 503, latency_ms: 150, method: 'PUT' }, json)
    let t = performance.now()
    expect((await h.request('GET', `/members/${m.guid}`)).status).toBe(200)
    expect(performance.now() - t).toBeLessThan(140)
    t = performance.now()
    const put = await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: 'DENIED' } })
    expect(put.status).toBe(503)
    expect(performance.now() - t).toBeGreaterThanOrEqual(140)
    expect((await h.request('GET', `/members/${m.guid}`)).json.member.connection_status).toBe('CONNECTED')
    expect((await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: 'DENIED' } })).status).toBe(200)
    expect((await h.request('GET', '/__sim/faults')).json).toMatchObject({ error_count: 0, method: 'PUT' })
  })

  it('refuses malformed fault settings', async () => {
    expect((await h.request('PUT', '/__sim/faults', { error_status: 200 }, json)).status).toBe(400)
    expect((await h.request('PUT', '/__sim/faults', { nonsense: 1 }, json)).status).toBe(400)
    expect((await h.request('PUT', '/__sim/faults', { method: 'PATCH' }, json)).status).toBe(400)
  })
})

describe('bad input gets Nexus errors and changes nothing', () => {
  const h = useSim()

  it('malformed JSON → 400', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, '{"member": {')
    expect(r.status).toBe(400)
    expect(r.json.error).toMatchObject({ code: '4000', message: expect.stringContaining('not valid JSON') })
    expect((await h.request('GET', `/members/${m.guid}`)).json.member).toEqual(m)
  })

  it('checks the session before it reads the body: no session + bad JSON → 401, not 400', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, '{"member": {', { 'md-session-token': 'not-a-session' })
    expect(r.status).toBe(401)
    expect(r.headers.get('content-type')).toBe('application/vnd.mx.nexus.v1+json; charset=utf-8')
    expect(r.json.error).toMatchObject({ code: '4010', status: 401 })
    expect(r.headers.get('keep-alive')).toBe('timeout=72')
    // A bad Accept is refused before the session is looked at.
    const a = await h.request('GET', `/members/${m.guid}`, undefined, { 'md-session-token': 'not-a-session', accept: 'text/html' })
    expect(a.status).toBe(406)
  })

  it('answers in the Nexus media type on every Nexus path, success or error; JSON on the control plane', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const nexus = 'application/vnd.mx.nexus.v1+json; charset=utf-8'
    const answers = [
      await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'x' } }), // 200
      await h.request('PUT', `/members/${m.guid}`, '{"member": {'), // 400 from the body parser
      await h.request('GET', '/members/MBR-nope'), // 404 thrown by a handler
      await h.request('GET', '/no-such-endpoint'), // 404 from the not-found handler
      await h.request('DELETE', '/members'), // 405
      await h.request('PUT', `/members/${m.guid}`, 'member=1', { 'content-type': 'text/plain' }), // 415
    ]
    expect(answers.map((r) => r.status)).toEqual([200, 400, 404, 404, 405, 415])
    for (const r of answers) expect(r.headers.get('content-type')).toBe(nexus)
    const control = await h.request('GET', '/__sim/state?members=false')
    expect(control.headers.get('content-type')).toBe('application/json; charset=utf-8')
  })

  it('an empty body → 400 (4001)', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, '')
    expect(r.status).toBe(400)
    expect(r.json.error.code).toBe('4001')
  })

  it('a body over 1 MB → 413', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'x'.repeat(1024 * 1024) } })
    expect(r.status).toBe(413)
    expect((await h.request('GET', `/members/${m.guid}`)).json.member.metadata).toBe(m.metadata)
  })

  it('an unknown member → 404', async () => {
    const r = await h.request('GET', '/members/MBR-00000000-0000-0000-0000-000000000000')
    expect(r.status).toBe(404)
    expect(r.json.error.code).toBe('4040')
  })

  it('a wrong method → 405 with Allow', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PATCH', `/members/${m.guid}`, { member: {} })
    expect(r.status).toBe(405)
    expect(r.headers.get('allow')).toContain('PUT')
    expect((await h.request('POST', '/jobs/JOB-x')).status).toBe(405)
  })

  it('an unsupported content type → 415, an unacceptable Accept → 406', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, 'member=1', { 'content-type': 'application/x-www-form-urlencoded' })
    expect(r.status).toBe(415)
    expect((await h.request('GET', '/members', undefined, { accept: 'text/html' })).status).toBe(406)
    expect((await h.request('GET', '/members', undefined, { accept: MEDIA })).status).toBe(200)
  })
})

describe('webhook delivery', () => {
  const h = useSim({}, false)
  let receiver: Server | undefined
  afterEach(() => new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r())))

  it('POSTs JSON to every configured URL and records delivered and failed', async () => {
    const received: any[] = []
    receiver = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        received.push({ type: req.headers['content-type'], body: JSON.parse(body) })
        res.end('ok')
      })
    })
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', () => r()))
    const port = (receiver.address() as { port: number }).port
    await h.request('PUT', '/__sim/webhook-urls', { urls: [`http://127.0.0.1:${port}/hook`, 'http://127.0.0.1:9/closed'] }, json)
    await h.signIn()
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'hook me' } })
    await h.sim.state.webhooks.settle()
    expect(received).toHaveLength(1)
    expect(received[0].type).toBe('application/json')
    expect(received[0].body.member.metadata).toBe('hook me')
    const [record] = await h.webhooks(m.guid)
    expect(record.outcome).toBe('failed')
    expect(record.deliveries.map((d: any) => d.outcome).sort()).toEqual(['delivered', 'failed'])
    expect(record.deliveries.find((d: any) => d.outcome === 'failed').error).toEqual(expect.any(String))
  })
})
