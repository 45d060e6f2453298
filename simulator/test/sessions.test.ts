import { describe, expect, it } from 'vitest'
import { useSim } from './harness'

describe('SSO, API tokens and sessions', () => {
  const h = useSim({}, false)

  it('issues an API token as SSO XML for a valid key', async () => {
    const r = await h.apiToken()
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('application/vnd.moneydesktop.sso.v3+xml')
    expect(r.text).toMatch(/<api_token>\s*<token>[A-Za-z0-9_-]+<\/token>/)
  })

  it('refuses a wrong API key, a wrong client and an unknown user', async () => {
    expect((await h.apiToken('qa-user-1', 'wrong')).status).toBe(401)
    expect((await h.apiToken('qa-user-1', 'sim-api-key', 'other-client')).status).toBe(401)
    expect((await h.apiToken('nobody')).status).toBe(404)
    const r = await h.request('GET', '/sso/sim-client/users/qa-user-1/api_token.xml')
    expect(r.status).toBe(401)
    expect(r.text).toContain('<code>4010</code>')
  })

  it('exchanges an API token once for a session token', async () => {
    const token = /<token>([^<]+)</.exec((await h.apiToken()).text)![1]!
    const first = await h.request('POST', '/sessions', undefined, { 'md-api-token': token })
    expect(first.status).toBe(200)
    expect(first.json.session.token).toEqual(expect.any(String))
    const second = await h.request('POST', '/sessions', undefined, { 'md-api-token': token })
    expect(second.status).toBe(401)
  })

  it('expires an unused API token after 10 minutes', async () => {
    const token = /<token>([^<]+)</.exec((await h.apiToken()).text)![1]!
    await h.advance(10 * 60 * 1000 + 1000)
    expect((await h.request('POST', '/sessions', undefined, { 'md-api-token': token })).status).toBe(401)
  })

  it('refuses a missing or unknown session token with 401', async () => {
    expect((await h.request('GET', '/members')).status).toBe(401)
    h.token = 'made-up'
    const r = await h.request('GET', '/members')
    expect(r.status).toBe(401)
    expect(r.json.error.code).toBe('4010')
  })

  it('slides the 30-minute expiry with every call and answers 4011 after it', async () => {
    await h.signIn()
    await h.advance(29 * 60 * 1000)
    expect((await h.request('GET', '/members')).status).toBe(200)
    await h.advance(29 * 60 * 1000)
    expect((await h.request('GET', '/members')).status).toBe(200)
    await h.advance(30 * 60 * 1000 + 1000)
    const r = await h.request('GET', '/members')
    expect(r.status).toBe(401)
    expect(r.json.error.code).toBe('4011')
  })

  it('scopes a session to its user', async () => {
    await h.signIn('qa-user-2')
    const members = await h.members()
    expect(members.length).toBeGreaterThan(0)
    const user2 = members[0].user_guid
    expect(members.every((m) => m.user_guid === user2)).toBe(true)
    await h.signIn('qa-user-1')
    expect((await h.members()).some((m) => m.user_guid === user2)).toBe(false)
  })
})

describe('test_session, as on int-data', () => {
  const h = useSim({}, false)

  it('needs no SSO and answers test_member and status names with canned data', async () => {
    h.token = 'test_session'
    const r = await h.request('GET', '/members/test_member')
    expect(r.status).toBe(200)
    expect(r.json.member).toMatchObject({ guid: 'test_member', connection_status: 'CONNECTED' })
    const denied = await h.request('GET', '/members/DENIED')
    expect(denied.json.member).toMatchObject({ guid: 'DENIED', connection_status: 'DENIED', connection_status_id: 2 })
    expect((await h.request('GET', '/members/MBR-unknown')).status).toBe(404)
  })

  it('updates a canned member without persisting anything', async () => {
    h.token = 'test_session'
    const r = await h.request('PUT', '/members/DENIED', { member: { connection_status: 'CONNECTED' } })
    expect(r.json.member.connection_status).toBe('CONNECTED')
    expect((await h.request('GET', '/members/DENIED')).json.member.connection_status).toBe('DENIED')
    expect(await h.webhooks()).toEqual([])
  })

  it('lists the canned members', async () => {
    h.token = 'test_session'
    const r = await h.request('GET', '/members?records_per_page=100')
    expect(r.json.pagination.total_entries).toBe(23)
  })
})
