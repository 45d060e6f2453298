import { describe, expect, it } from 'vitest'
import { useSim } from './harness'

describe('PUT /members/{guid}: the seed rules', () => {
  const h = useSim()

  it('accepts the rooted body and returns the full member', async () => {
    const m = await h.memberNamed('MX Bank (denied)')
    const r = await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: 'CONNECTED' } })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('application/vnd.mx.nexus.v1+json')
    expect(r.json.member).toMatchObject({ guid: m.guid, connection_status: 'CONNECTED', connection_status_id: 6 })
    for (const field of ['aggregated_at', 'institution_code', 'institution_guid', 'is_being_aggregated', 'user_guid', 'use_cases', 'metadata']) {
      expect(r.json.member).toHaveProperty(field)
    }
  })

  it('still accepts the legacy unwrapped body', async () => {
    const m = await h.memberNamed('MX Bank (denied)')
    const r = await h.request('PUT', `/members/${m.guid}`, { connection_status: 'LOCKED', metadata: 'legacy' })
    expect(r.status).toBe(200)
    expect(r.json.member).toMatchObject({ connection_status: 'LOCKED', metadata: 'legacy' })
  })

  it('does not inherit the seed schema slip: {"member": {...}} is enough', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'x' } })
    expect(r.status).toBe(200)
  })

  it('forces every connection status on a test-institution member', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    for (const status of ['DENIED', 'PREVENTED', 'CHALLENGED', 'EXPIRED', 'IMPAIRED', 'CONNECTED']) {
      const r = await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: status } })
      expect(r.status).toBe(200)
      expect(r.json.member.connection_status).toBe(status)
    }
  })

  it('forces a status on the OAuth test institution too', async () => {
    const m = await h.memberNamed('MX Bank OAuth (pending)')
    const r = await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: 'CONNECTED' } })
    expect(r.status).toBe(200)
    expect(r.json.member.connection_status).toBe('CONNECTED')
  })

  it('answers 400 and changes nothing when forcing a status on a non-test member', async () => {
    const m = await h.memberNamed('Chase (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: 'DENIED', metadata: 'changed' } })
    expect(r.status).toBe(400)
    expect(r.json.error.message).toMatch(/test institution/)
    const after = (await h.request('GET', `/members/${m.guid}`)).json.member
    expect(after).toEqual(m)
  })

  it('answers 400 for a value that is not a connection status', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    for (const bad of ['connected', 'NOT_A_STATUS', '']) {
      const r = await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: bad } })
      expect(r.status, bad).toBe(400)
    }
    expect((await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: 6 } })).status).toBe(400)
  })

  it('ignores connection_status when credentials are sent; the job decides', async () => {
    const m = await h.memberNamed('MX Bank (denied)')
    const c = await h.credentialGuids(m.guid)
    const r = await h.request('PUT', `/members/${m.guid}`, {
      member: { connection_status: 'LOCKED', credentials: [{ credential_guid: c.password, value: 'good-password' }] },
    })
    expect(r.status).toBe(200)
    expect(r.json.member.connection_status).toBe('UPDATED')
    expect(r.json.member.is_being_aggregated).toBe(true)
    expect((await h.settle(m.guid)).connection_status).toBe('CONNECTED')
  })

  it('ignores even an invalid connection_status on a non-test member when credentials are sent', async () => {
    const m = await h.memberNamed('Chase (connected)')
    const c = await h.credentialGuids(m.guid)
    const r = await h.request('PUT', `/members/${m.guid}`, {
      member: { connection_status: 'BOGUS', credentials: [{ credential_guid: c.password, value: 'new' }] },
    })
    expect(r.status).toBe(200)
  })

  it('starts an aggregation job when credentials are updated', async () => {
    const m = await h.memberNamed('MX Bank (denied)')
    const c = await h.credentialGuids(m.guid)
    const r = await h.request('PUT', `/members/${m.guid}`, {
      member: { credentials: [{ credential_guid: c.login, value: 'mxuser' }, { credential_guid: c.password, value: 'secret' }] },
    })
    const job = r.json.member.most_recent_job_guid
    expect(job).toMatch(/^JOB-/)
    expect(r.json.member.aggregated_at).not.toBe(m.aggregated_at)
    const j = (await h.request('GET', `/jobs/${job}`)).json.job
    expect(j).toMatchObject({ guid: job, member_guid: m.guid, status_name: 'INITIATED', status: 0 })
    const settled = await h.settle(m.guid)
    expect(settled.connection_status).toBe('CONNECTED')
    expect((await h.request('GET', `/jobs/${job}`)).json.job.status_name).toBe('COMPLETED')
  })

  it('starts no job with skip_aggregation: true, and aggregated_at keeps its old value', async () => {
    const m = await h.memberNamed('MX Bank (denied)')
    const c = await h.credentialGuids(m.guid)
    const r = await h.request('PUT', `/members/${m.guid}`, {
      member: { skip_aggregation: true, credentials: [{ credential_guid: c.password, value: 'secret' }] },
    })
    expect(r.status).toBe(200)
    expect(r.json.member).toMatchObject({
      is_being_aggregated: false,
      most_recent_job_guid: m.most_recent_job_guid,
      aggregated_at: m.aggregated_at,
      connection_status: 'DENIED',
    })
  })

  it('starts no second job while one is running', async () => {
    const m = await h.memberNamed('MX Bank (denied)')
    const c = await h.credentialGuids(m.guid)
    const body = { member: { credentials: [{ credential_guid: c.password, value: 'secret' }] } }
    const first = (await h.request('PUT', `/members/${m.guid}`, body)).json.member
    const second = (await h.request('PUT', `/members/${m.guid}`, body)).json.member
    expect(second.most_recent_job_guid).toBe(first.most_recent_job_guid)
    expect(second.aggregated_at).toBe(first.aggregated_at)
  })

  it('answers 400 for a credential guid of another institution, changing nothing', async () => {
    const m = await h.memberNamed('MX Bank (denied)')
    const chase = await h.memberNamed('Chase (connected)')
    const other = await h.credentialGuids(chase.guid)
    const r = await h.request('PUT', `/members/${m.guid}`, {
      member: { metadata: 'should not stick', credentials: [{ credential_guid: other.password, value: 'x' }] },
    })
    expect(r.status).toBe(400)
    expect((await h.request('GET', `/members/${m.guid}`)).json.member).toEqual(m)
  })

  it('stores background_aggregation_is_disabled, use_cases and metadata', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, {
      member: { background_aggregation_is_disabled: true, use_cases: ['PFM', 'MONEY_MOVEMENT'], metadata: '{"k":1}' },
    })
    expect(r.json.member).toMatchObject({ background_aggregation_is_disabled: true, use_cases: ['PFM', 'MONEY_MOVEMENT'], metadata: '{"k":1}' })
    const again = (await h.request('GET', `/members/${m.guid}`)).json.member
    expect(again.use_cases).toEqual(['PFM', 'MONEY_MOVEMENT'])
  })

  it('rejects use_cases other than PFM and MONEY_MOVEMENT', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, { member: { use_cases: ['PFM', 'LENDING'] } })
    expect(r.status).toBe(400)
  })

  it('ignores unknown fields, as MX does', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'ok', favourite_colour: 'teal' } })
    expect(r.status).toBe(200)
    expect(r.json.member).not.toHaveProperty('favourite_colour')
  })

  it('rejects wrong types with 400', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    for (const member of [
      { skip_aggregation: 'true' },
      { skip_webhook: 1 },
      { background_aggregation_is_disabled: 'no' },
      { metadata: 5 },
      { credentials: 'x' },
      { credentials: [{ credential_guid: 1, value: 'x' }] },
    ]) {
      const r = await h.request('PUT', `/members/${m.guid}`, { member })
      expect(r.status, JSON.stringify(member)).toBe(400)
    }
    expect((await h.request('PUT', `/members/${m.guid}`, { member: 'x' })).status).toBe(400)
    expect((await h.request('PUT', `/members/${m.guid}`, [1, 2])).status).toBe(400)
  })

  it('answers 404 for an unknown member and for another user\'s member', async () => {
    expect((await h.request('PUT', '/members/MBR-nope', { member: {} })).status).toBe(404)
    const mine = await h.memberNamed('MX Bank (connected)')
    await h.signIn('qa-user-2')
    const r = await h.request('PUT', `/members/${mine.guid}`, { member: { metadata: 'x' } })
    expect(r.status).toBe(404)
  })
})

describe('webhook suppression on update', () => {
  const h = useSim()

  it('fires a member webhook for an ordinary update', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'a' } })
    const hooks = await h.webhooks(m.guid)
    expect(hooks).toHaveLength(1)
    expect(hooks[0]).toMatchObject({ kind: 'MEMBER', action: 'UPDATED', outcome: 'recorded' })
  })

  it('suppresses with skip_webhook: true in the body', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'a', skip_webhook: true } })
    const hooks = await h.webhooks(m.guid)
    expect(hooks.map((w) => [w.outcome, w.suppressed_by])).toEqual([['suppressed', ['skip_webhook body flag']]])
  })

  it('suppresses with the MX-Skip-Webhook: true header', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: 'DENIED' } }, { 'MX-Skip-Webhook': 'true' })
    const hooks = await h.webhooks(m.guid)
    expect(hooks.map((w) => w.kind).sort()).toEqual(['CONNECTION_STATUS', 'MEMBER'])
    expect(hooks.every((w) => w.outcome === 'suppressed' && w.suppressed_by[0] === 'MX-Skip-Webhook header')).toBe(true)
  })

  it('does not suppress with skip_webhook: false or MX-Skip-Webhook: false', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'b', skip_webhook: false } }, { 'MX-Skip-Webhook': 'false' })
    expect((await h.webhooks(m.guid))[0].outcome).toBe('recorded')
  })

  it('fires a connection-status webhook when a forced status needs the user', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: 'PREVENTED' } })
    const cs = (await h.webhooks(m.guid)).find((w) => w.kind === 'CONNECTION_STATUS')
    expect(cs.payload).toMatchObject({ action: 'CHANGED', type: 'CONNECTION_STATUS', connection_status: 'PREVENTED', connection_status_id: 1, member_guid: m.guid })
  })
})
