import { describe, expect, it } from 'vitest'
import { startSimulator } from '../index'
import { defaultSeed } from '../seed'
import { useSim } from './harness'

const json = { 'content-type': 'application/json' }

describe('control plane', () => {
  const h = useSim()

  it('resets to the seed', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'dirty' } })
    expect((await h.request('POST', '/__sim/reset', {}, json)).status).toBe(200)
    await h.signIn()
    expect((await h.request('GET', `/members/${m.guid}`)).json.member.metadata).toBeNull()
    expect(await h.webhooks()).toEqual([])
  })

  it('reads the state, sets and advances the clock, sets the job duration', async () => {
    const s = (await h.request('GET', '/__sim/state')).json
    expect(s.client_id).toBe('sim-client')
    expect(s.users.map((u: any) => u.id)).toEqual(['qa-user-1', 'qa-user-2'])
    const set = (await h.request('POST', '/__sim/clock', { set: '2030-01-01T00:00:00Z' }, json)).json
    // The clock keeps running from the time it was set to.
    const drift = Date.parse(set.now) - Date.parse('2030-01-01T00:00:00Z')
    expect(drift).toBeGreaterThanOrEqual(0)
    expect(drift).toBeLessThan(1000)
    await h.request('POST', '/__sim/clock', { reset: true }, json)
    expect((await h.request('PUT', '/__sim/config', { job_ms: 0 }, json)).json.job_ms).toBe(0)
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('GET', `/members/${m.guid}/aggregate`)
    // Job duration 0: done on the next timer turns, without touching the clock.
    let aggregating = true
    for (let i = 0; i < 50 && aggregating; i++) {
      await new Promise((r) => setTimeout(r, 10))
      aggregating = (await h.request('GET', `/members/${m.guid}`)).json.member.is_being_aggregated
    }
    expect(aggregating).toBe(false)
    expect((await h.request('POST', '/__sim/clock', { advance_ms: -1 }, json)).status).toBe(400)
  })

  it('finishes jobs in real time too', async () => {
    const m = await h.memberNamed('MX Bank (connected)')
    await h.request('GET', `/members/${m.guid}/aggregate`)
    await new Promise((r) => setTimeout(r, 250))
    expect((await h.request('GET', `/members/${m.guid}`)).json.member.is_being_aggregated).toBe(false)
  })
})

describe('the default seed', () => {
  it('has stable MX-format guids and the required members per user', () => {
    const a = defaultSeed()
    expect(a.client_id).toBe('sim-client')
    expect(a.api_key).toBe('sim-api-key')
    const statuses = a.members.filter((m) => m.user_id === 'qa-user-1').map((m) => `${m.institution_code}:${m.status}`)
    for (const s of ['mxbank:DENIED', 'mxbank:PREVENTED', 'mxbank:CHALLENGED', 'mxbank:CONNECTED', 'mx_bank_oauth:PENDING', 'chase:CONNECTED']) {
      expect(statuses).toContain(s)
    }
  })

  it('gives the same guids on every start', async () => {
    const one = await startSimulator({ port: 0 })
    const two = await startSimulator({ port: 0 })
    try {
      const guids = (s: typeof one) => [...s.state.members.keys()].sort()
      expect(guids(one)).toEqual(guids(two))
      expect(guids(one).every((g) => /^MBR-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(g))).toBe(true)
    } finally {
      await one.close()
      await two.close()
    }
  })

  it('generates N members per user for scale tests', async () => {
    const sim = await startSimulator({ port: 0, membersPerUser: 5000 })
    try {
      expect(sim.state.members.size).toBe(2 * (5000 + 8))
    } finally {
      await sim.close()
    }
  })

  it('listens on loopback only', async () => {
    await expect(startSimulator({ port: 0, host: '0.0.0.0' })).rejects.toThrow(/loopback/)
  })
})

describe('webhook log queries', () => {
  const h = useSim()

  it('filters by member, since_id and limit, oldest first', async () => {
    const a = await h.memberNamed('MX Bank (connected)')
    const b = await h.memberNamed('MX Bank (locked)')
    for (const m of [a, b, a, a]) await h.request('PUT', `/members/${m.guid}`, { member: { metadata: 'x' } })
    const all = (await h.request('GET', `/__sim/webhooks?member_guid=${a.guid}`)).json.webhooks
    expect(all.map((w: any) => w.id)).toEqual([1, 3, 4])
    expect((await h.request('GET', `/__sim/webhooks?member_guid=${a.guid}&limit=1`)).json.webhooks.map((w: any) => w.id)).toEqual([4])
    expect((await h.request('GET', `/__sim/webhooks?since_id=2`)).json.webhooks.map((w: any) => w.id)).toEqual([3, 4])
  })
})
