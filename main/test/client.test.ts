import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildUpdateRequest } from '../nexus/build'
import { toCurl } from '../nexus/curl'
import { draft, useMain } from './harness'

describe('update draft → the exact request', () => {
  it('builds rooted and legacy bodies with omit / true / false', () => {
    const d = draft('MBR-1', { skipAggregation: 'true', skipWebhook: 'false', backgroundAggregationIsDisabled: 'omit', connectionStatus: 'NOPE', useCases: ['PFM'], metadata: 'm' })
    const rooted = buildUpdateRequest('http://h', 'tok', d)
    expect(JSON.parse(rooted.body!)).toEqual({ member: { connection_status: 'NOPE', skip_aggregation: true, skip_webhook: false, use_cases: ['PFM'], metadata: 'm' } })
    const legacy = buildUpdateRequest('http://h', 'tok', { ...d, bodyFormat: 'legacy' })
    expect(JSON.parse(legacy.body!)).toEqual({ connection_status: 'NOPE', skip_aggregation: true, skip_webhook: false, use_cases: ['PFM'], metadata: 'm' })
    expect(rooted.headers['MX-Skip-Webhook']).toBeUndefined()
    expect(buildUpdateRequest('http://h', 't', { ...d, skipWebhookHeader: 'false' }).headers['MX-Skip-Webhook']).toBe('false')
    expect(buildUpdateRequest('http://h', 't', { ...d, bodyFormat: 'raw', rawBody: '{oops' }).body).toBe('{oops')
    expect(rooted.url).toBe('http://h/members/MBR-1')
    expect(rooted.headers['Content-Type']).toBe('application/vnd.mx.nexus.v1+json')
  })

  it('copy-as-curl uses $MD_SESSION_TOKEN, never the token', () => {
    const req = buildUpdateRequest('http://h', 'super-secret-session-token', draft('MBR-1', { metadata: "it's" }))
    const curl = toCurl(req)
    expect(curl).toContain('"MD-SESSION-TOKEN: $MD_SESSION_TOKEN"')
    expect(curl).not.toContain('super-secret-session-token')
    expect(curl).toContain(`'\\''`)
  })
})

describe('against the simulator', () => {
  const h = useMain()

  it('signs in through SSO and keeps only a masked preview outside main', async () => {
    const r = await h.call('session:signIn', { envId: 'local', mode: 'sso', clientId: 'sim-client', userId: 'qa-user-1', apiKey: 'sim-api-key' })
    expect(r.session).toMatchObject({ envId: 'local', mode: 'sso', canRenew: true })
    expect(r.session.tokenPreview).toMatch(/^.{4}….{3}$/)
    expect(r.exchanges.map((x) => x.operation)).toEqual(['SSO API token', 'create session'])
    expect(JSON.stringify(r)).not.toContain('sim-api-key')
  })

  it('signs in with an API token, a pasted session token and test_session', async () => {
    const xml = await (await fetch(`${h.sim.url}/sso/sim-client/users/qa-user-1/api_token.xml`, { headers: { 'md-api-key': 'sim-api-key' } })).text()
    const apiToken = /<token>([^<]+)</.exec(xml)![1]!
    const a = await h.call('session:signIn', { envId: 'local', mode: 'apiToken', apiToken })
    expect(a.session.canRenew).toBe(false)
    expect((await h.call('members:list', {})).members.length).toBeGreaterThan(0)

    await h.call('session:signIn', { envId: 'local', mode: 'testSession' })
    const canned = await h.call('members:get', { guid: 'DENIED' })
    expect(canned.member?.connection_status).toBe('DENIED')

    const bad = await h.raw('session:signIn', { envId: 'local', mode: 'sessionToken', sessionToken: 'not-a-token' })
    expect(bad.ok).toBe(true)
    const list = await h.call('members:list', {})
    expect(list.exchange.response?.status).toBe(401)
  })

  it('refuses calls without a session, with a clear error', async () => {
    const e = await h.raw('members:list', {})
    expect(e).toMatchObject({ ok: false, error: { code: 'no-session' } })
  })

  it('sends every update-draft option to the wire as intended', async () => {
    await h.signIn()
    const m = await h.member('MX Bank (connected)')
    const r = await h.call('members:update', {
      draft: draft(m.guid, { connectionStatus: 'DENIED', skipWebhook: 'true', skipWebhookHeader: 'true', backgroundAggregationIsDisabled: 'true', useCases: ['MONEY_MOVEMENT'], metadata: 'qa' }),
    })
    expect(r.exchange.response?.status).toBe(200)
    expect(r.before?.connection_status).toBe('CONNECTED')
    expect((r.exchange.response?.json as any).member).toMatchObject({ connection_status: 'DENIED', background_aggregation_is_disabled: true, use_cases: ['MONEY_MOVEMENT'], metadata: 'qa' })
    const hooks: any = await (await fetch(`${h.sim.url}/__sim/webhooks?member_guid=${m.guid}`)).json()
    expect(hooks.webhooks[0].suppressed_by).toEqual(['MX-Skip-Webhook header', 'skip_webhook body flag'])
    const legacy = await h.call('members:update', { draft: draft(m.guid, { bodyFormat: 'legacy', connectionStatus: 'BOGUS' }) })
    expect(legacy.exchange.request.body).toBe('{"connection_status":"BOGUS"}')
    expect(legacy.exchange.response?.status).toBe(400)
    expect(legacy.exchange.nexusError?.message).toMatch(/not a member connection status/)
  })

  it('follows the job after a credentials update until the member settles', async () => {
    await h.signIn()
    const m = await h.member('MX Bank (denied)')
    const creds = (await h.call('members:credentials', { guid: m.guid })).credentials
    const progress: any[] = []
    h.services.events.on('follow:progress', (p) => progress.push(p))
    const r = await h.call('members:update', {
      draft: draft(m.guid, { credentials: creds.map((c) => ({ credential_guid: c.guid, value: c.field_name === 'LOGIN' ? 'mxuser' : 'good-password' })) }),
    })
    expect(r.followId).toEqual(expect.any(String))
    await new Promise<void>((resolve) => {
      const check = () => (progress.some((p) => p.state === 'settled') ? resolve() : setTimeout(check, 20))
      check()
    })
    const last = progress[progress.length - 1]
    expect(last.member.connection_status).toBe('CONNECTED')
    expect(last.timeline.map((t: any) => t.status)).toEqual(['UPDATED', 'CONNECTED'])
    expect(last.job.status_name).toBe('COMPLETED')

    // Every Exchange is kept: the read before the update and the follow-up polls
    // too, tagged background and left out of the default list.
    const shown = await h.call('history:list', { memberGuid: m.guid })
    expect(shown.items.map((i) => i.operation)).toEqual(['update member', 'list member credentials'])
    const all = await h.call('history:list', { memberGuid: m.guid, includeBackground: true })
    const background = all.items.filter((i) => i.background)
    expect(background.map((i) => i.operation)).toContain('read member (before update)')
    expect(background.filter((i) => i.operation === 'read member').length).toBeGreaterThan(0)
    expect(all.total).toBe(shown.total + background.length)
    const poll = await h.call('history:get', { id: background[0]!.id })
    expect(poll?.background).toBe(true)
  })

  it('renews once through SSO on 4011 and retries', async () => {
    await h.signIn()
    await fetch(`${h.sim.url}/__sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: 31 * 60 * 1000 }) })
    const r = await h.call('members:list', {})
    expect(r.exchange.renewed).toBe(true)
    expect(r.exchange.response?.status).toBe(200)
    const hist = await h.call('history:list', { status: 401 })
    expect(hist.items).toHaveLength(1)
  })

  it('reports expiry with the raw response when it cannot renew', async () => {
    const xml = await (await fetch(`${h.sim.url}/sso/sim-client/users/qa-user-1/api_token.xml`, { headers: { 'md-api-key': 'sim-api-key' } })).text()
    await h.call('session:signIn', { envId: 'local', mode: 'apiToken', apiToken: /<token>([^<]+)</.exec(xml)![1]! })
    await fetch(`${h.sim.url}/__sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance_ms: 31 * 60 * 1000 }) })
    const r = await h.call('members:list', {})
    expect(r.exchange.error?.kind).toBe('session-expired')
    expect(r.exchange.response?.bodyText).toContain('4011')
  })

  it('production writes need an explicit confirmation', async () => {
    await h.call('env:select', { id: 'prod' })
    const e = await h.raw('members:update', { draft: draft('MBR-x') })
    expect(e).toMatchObject({ ok: false, error: { code: 'confirmation-required' } })
  })

  it('redacts the session token, API key and credential values everywhere', async () => {
    await h.signIn()
    const m = await h.member('MX Bank (denied)')
    const creds = (await h.call('members:credentials', { guid: m.guid })).credentials
    await h.call('members:update', { draft: draft(m.guid, { skipAggregation: 'true', credentials: creds.map((c) => ({ credential_guid: c.guid, value: 'hunter2-password' })) }) })
    const token = [...h.sim.state['sessions' as keyof typeof h.sim.state] as any][0][0] as string
    const exports = [(await h.call('history:export', { format: 'json' })).content, (await h.call('history:export', { format: 'har' })).content]
    const files = readdirSync(join(h.dir, 'history')).map((f) => readFileSync(join(h.dir, 'history', f), 'utf8'))
    const settings = readFileSync(join(h.dir, 'settings.json'), 'utf8')
    for (const text of [...exports, ...files, settings]) {
      expect(text).not.toContain(token)
      expect(text).not.toContain('sim-api-key')
      expect(text).not.toContain('hunter2-password')
    }
    const har = JSON.parse(exports[1]!)
    expect(har.log.version).toBe('1.2')
    expect(har.log.entries.length).toBeGreaterThan(2)
  })

  it('custom environments: https anywhere, http only on loopback', async () => {
    expect((await h.raw('env:saveCustom', { name: 'x', baseUrl: 'http://example.com' })).ok).toBe(false)
    expect((await h.raw('env:saveCustom', { name: 'x', baseUrl: 'https://example.com/' })).ok).toBe(true)
    expect((await h.raw('env:saveCustom', { name: 'y', baseUrl: 'http://127.0.0.1:4010' })).ok).toBe(true)
  })
})
