import { describe, expect, it } from 'vitest'
import { useSim } from './harness'

async function updatePassword(h: ReturnType<typeof useSim>, name: string, password: string, username = 'mxuser') {
  const m = await h.memberNamed(name)
  const c = await h.credentialGuids(m.guid)
  const r = await h.request('PUT', `/members/${m.guid}`, {
    member: { credentials: [{ credential_guid: c.login, value: username }, { credential_guid: c.password, value: password }] },
  })
  expect(r.status).toBe(200)
  return m.guid as string
}

describe('MX Bank: the password picks the outcome', () => {
  const h = useSim()
  const table: [string, string][] = [
    ['anything-else', 'CONNECTED'],
    ['challenge', 'CHALLENGED'],
    ['options', 'CHALLENGED'],
    ['image', 'CHALLENGED'],
    ['BAD_REQUEST', 'FAILED'],
    ['UNAUTHORIZED', 'DENIED'],
    ['INVALID', 'DENIED'],
    ['LOCKED', 'LOCKED'],
    ['DISABLED', 'DISABLED'],
    ['SERVER_ERROR', 'FAILED'],
    ['UNAVAILABLE', 'DEGRADED'],
  ]
  for (const [password, status] of table) {
    it(`${password} → ${status}`, async () => {
      const guid = await updatePassword(h, 'MX Bank (denied)', password)
      const settled = await h.settle(guid)
      expect(settled.connection_status).toBe(status)
    })
  }

  it('is case-sensitive: "Challenge" connects', async () => {
    const guid = await updatePassword(h, 'MX Bank (denied)', 'Challenge')
    expect((await h.settle(guid)).connection_status).toBe('CONNECTED')
  })

  it('moves through intermediate states on the simulator clock', async () => {
    const guid = await updatePassword(h, 'MX Bank (denied)', 'password')
    const job = (await h.request('GET', `/members/${guid}`)).json.member.most_recent_job_guid
    expect((await h.request('GET', `/jobs/${job}`)).json.job.status_name).toBe('INITIATED')
    await h.advance(50)
    expect((await h.request('GET', `/jobs/${job}`)).json.job.status_name).toBe('REQUESTED')
    expect((await h.request('GET', `/members/${guid}`)).json.member).toMatchObject({ connection_status: 'UPDATED', is_being_aggregated: true })
    await h.advance(50)
    const j = (await h.request('GET', `/jobs/${job}`)).json.job
    expect(j).toMatchObject({ status_name: 'COMPLETED', status: 6 })
    expect(j.finished_at).toEqual(expect.any(String))
    const hooks = await h.webhooks(guid)
    expect(hooks.find((w) => w.kind === 'AGGREGATION').payload.job).toMatchObject({ guid: job, finished_at: expect.any(Number) })
  })

  it('other institutions: CONNECTED for a username and password, DENIED otherwise', async () => {
    const m = await h.memberNamed('Chase (connected)')
    const c = await h.credentialGuids(m.guid)
    await h.request('PUT', `/members/${m.guid}`, { member: { credentials: [{ credential_guid: c.password, value: 'UNAUTHORIZED' }] } })
    expect((await h.settle(m.guid)).connection_status).toBe('CONNECTED')
    await h.request('PUT', `/members/${m.guid}`, { member: { credentials: [{ credential_guid: c.password, value: '' }] } })
    expect((await h.settle(m.guid)).connection_status).toBe('DENIED')
  })
})

describe('MFA challenges and resume', () => {
  const h = useSim()

  async function challenged(password: string) {
    const guid = await updatePassword(h, 'MX Bank (denied)', password)
    await h.settle(guid)
    const challenges = (await h.request('GET', `/members/${guid}/challenges`)).json.challenges
    return { guid, challenges }
  }

  it('text: `correct` passes and the member connects', async () => {
    const { guid, challenges } = await challenged('challenge')
    expect(challenges[0]).toMatchObject({ type: 'TEXT', label: expect.any(String) })
    const r = await h.request('PUT', `/members/${guid}/resume`, { challenges: [{ guid: challenges[0].guid, value: 'correct' }] })
    expect(r.status).toBe(200)
    expect(r.json.member.connection_status).toBe('RESUMED')
    expect((await h.settle(guid)).connection_status).toBe('CONNECTED')
  })

  it('text: `challenge` raises a follow-up question', async () => {
    const { guid, challenges } = await challenged('challenge')
    await h.request('PUT', `/members/${guid}/resume`, { challenges: [{ guid: challenges[0].guid, value: 'challenge' }] })
    expect((await h.settle(guid)).connection_status).toBe('CHALLENGED')
    const next = (await h.request('GET', `/members/${guid}/challenges`)).json.challenges
    expect(next[0].guid).not.toBe(challenges[0].guid)
    expect(next[0].label).toMatch(/Follow-up/)
  })

  it('a wrong answer gives REJECTED', async () => {
    const { guid, challenges } = await challenged('challenge')
    await h.request('PUT', `/members/${guid}/resume`, { challenges: [{ guid: challenges[0].guid, value: 'Paris' }] })
    expect((await h.settle(guid)).connection_status).toBe('REJECTED')
  })

  it('options: the option valued `correct` passes', async () => {
    const { guid, challenges } = await challenged('options')
    expect(challenges[0].type).toBe('OPTIONS')
    expect(challenges[0].options.map((o: any) => o.value)).toContain('correct')
    await h.request('PUT', `/members/${guid}/resume`, { member: { challenges: [{ guid: challenges[0].guid, value: 'correct' }] } })
    expect((await h.settle(guid)).connection_status).toBe('CONNECTED')
  })

  it('image: carries image data and `correct` passes', async () => {
    const { guid, challenges } = await challenged('image')
    expect(challenges[0].image_data).toMatch(/^data:image\//)
    await h.request('PUT', `/members/${guid}/resume`, { challenges: [{ guid: challenges[0].guid, value: 'correct' }] })
    expect((await h.settle(guid)).connection_status).toBe('CONNECTED')
  })

  it('answers 405 when the member is not CHALLENGED', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const r = await h.request('PUT', `/members/${m.guid}/resume`, { challenges: [{ guid: 'CRD-x', value: 'correct' }] })
    expect(r.status).toBe(405)
  })

  it('answers 400 for an unknown challenge guid', async () => {
    const { guid } = await challenged('challenge')
    const r = await h.request('PUT', `/members/${guid}/resume`, { challenges: [{ guid: 'CRD-nope', value: 'correct' }] })
    expect(r.status).toBe(400)
  })

  it('the seeded CHALLENGED member can be resumed straight away', async () => {
    const m = await h.memberNamed('MX Bank (challenged)')
    const challenges = (await h.request('GET', `/members/${m.guid}/challenges`)).json.challenges
    await h.request('PUT', `/members/${m.guid}/resume`, { challenges: [{ guid: challenges[0].guid, value: 'correct' }] })
    expect((await h.settle(m.guid)).connection_status).toBe('CONNECTED')
  })

  it('a forced CHALLENGED status can be answered through resume', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('PUT', `/members/${m.guid}`, { member: { connection_status: 'CHALLENGED' } })
    const challenges = (await h.request('GET', `/members/${m.guid}/challenges`)).json.challenges
    expect(challenges).toHaveLength(1)
    await h.request('PUT', `/members/${m.guid}/resume`, { challenges: [{ guid: challenges[0].guid, value: 'correct' }] })
    expect((await h.settle(m.guid)).connection_status).toBe('CONNECTED')
  })

  it('deprecated MFA through update: answers resume the job; with skip_aggregation they are not acted on', async () => {
    const first = await challenged('challenge')
    await h.request('PUT', `/members/${first.guid}`, {
      member: { skip_aggregation: true, challenges: [{ guid: first.challenges[0].guid, value: 'correct' }] },
    })
    expect((await h.request('GET', `/members/${first.guid}`)).json.member.connection_status).toBe('CHALLENGED')
    await h.request('PUT', `/members/${first.guid}`, { member: { challenges: [{ guid: first.challenges[0].guid, value: 'correct' }] } })
    expect((await h.settle(first.guid)).connection_status).toBe('CONNECTED')
  })
})

describe('aggregate, create, delete and throttle', () => {
  const h = useSim()

  it('aggregate starts a job on a test member and none while one runs', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const a = (await h.request('GET', `/members/${m.guid}/aggregate`)).json.member
    expect(a.is_being_aggregated).toBe(true)
    const b = (await h.request('GET', `/members/${m.guid}/aggregate`)).json.member
    expect(b.most_recent_job_guid).toBe(a.most_recent_job_guid)
    expect((await h.settle(m.guid)).connection_status).toBe('CONNECTED')
  })

  it('keeps the ~3-hour throttle at a non-test institution', async () => {
    const m = await h.memberNamed('Chase (connected)')
    const first = (await h.request('GET', `/members/${m.guid}/aggregate`)).json.member
    expect(first.is_being_aggregated).toBe(true)
    await h.settle(m.guid)
    const again = (await h.request('GET', `/members/${m.guid}/aggregate`)).json.member
    expect(again.is_being_aggregated).toBe(false)
    expect(again.most_recent_job_guid).toBe(first.most_recent_job_guid)
    await h.advance(3 * 60 * 60 * 1000 + 1000)
    await h.signIn()
    const later = (await h.request('GET', `/members/${m.guid}/aggregate`)).json.member
    expect(later.most_recent_job_guid).not.toBe(first.most_recent_job_guid)
  })

  it('creates a member that aggregates, refuses a duplicate with 422, and an unknown institution with 422', async () => {
    const inst = (await h.request('POST', '/institutions/search', { institution: { name: 'MX Bank' } })).json.institutions.find(
      (i: any) => i.code === 'mxbank',
    )
    const creds = (await h.request('GET', `/institutions/${inst.guid}/credentials`)).json.credentials
    const body = {
      member: {
        institution_guid: inst.guid,
        credentials: creds.map((c: any) => ({ credential_guid: c.guid, value: c.field_name === 'LOGIN' ? 'new-user' : 'pw' })),
      },
    }
    const r = await h.request('POST', '/members', body)
    expect(r.status).toBe(200)
    expect(r.json.member).toMatchObject({ connection_status: 'CREATED', is_being_aggregated: true, institution_code: 'mxbank' })
    expect((await h.settle(r.json.member.guid)).connection_status).toBe('CONNECTED')
    const dup = await h.request('POST', '/members', body)
    expect(dup.status).toBe(422)
    expect(dup.json.error.code).toBe('4220')
    const unknown = await h.request('POST', '/members', { member: { institution_guid: 'INS-nope', credentials: [] } })
    expect(unknown.status).toBe(422)
    const missing = await h.request('POST', '/members', { member: {} })
    expect(missing.json.error.code).toBe('4001')
  })

  it('deletes a member with 200 {} and a webhook the header can suppress', async () => {
    const m = await h.memberNamed('MX Bank (locked)')
    const r = await h.request('DELETE', `/members/${m.guid}`, undefined, { 'MX-Skip-Webhook': 'true' })
    expect(r.status).toBe(200)
    expect(r.json).toEqual({})
    expect((await h.request('GET', `/members/${m.guid}`)).status).toBe(404)
    expect((await h.webhooks(m.guid))[0]).toMatchObject({ action: 'DELETED', outcome: 'suppressed' })
  })

  it('paginates members', async () => {
    const all = await h.members()
    const r = await h.request('GET', '/members?page=2&records_per_page=10')
    expect(r.json.pagination).toEqual({ current_page: 2, per_page: 10, total_entries: all.length, total_pages: Math.ceil(all.length / 10) })
    const clamped = await h.request('GET', '/members?records_per_page=2')
    expect(clamped.json.pagination.per_page).toBe(10)
  })

  it('reads institutions by guid and their credentials', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    const i = (await h.request('GET', `/institutions/${m.institution_guid}`)).json.institution
    expect(i).toMatchObject({ code: 'mxbank', name: 'MX Bank', guid: m.institution_guid })
    expect((await h.request('GET', '/institutions/INS-nope')).status).toBe(404)
  })
})
