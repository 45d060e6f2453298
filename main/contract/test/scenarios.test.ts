import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { draft, useMain } from '../../test/harness'
import { parseScenario, ScenarioFormatError } from '../scenario-format'

describe('scenario format', () => {
  it('names the offending path in an invalid file', () => {
    expect(() => parseScenario('name: x\nsteps:\n  - wait: { until: later }\n')).toThrow(ScenarioFormatError)
    expect(() => parseScenario('name: x\nsteps:\n  - wait: { until: later }\n')).toThrow(/steps\.0/)
    expect(() => parseScenario('name: [unclosed')).toThrow(/not valid YAML/)
    expect(() => parseScenario('name: x\nsteps: []\n')).toThrow(/steps/)
  })
})

describe('scenarios in the app', () => {
  const h = useMain()

  it('runs a scenario with step-by-step progress', async () => {
    await h.signIn()
    const steps: string[] = []
    h.services.events.on('scenario:progress', (p) => steps.push(p.step.status))
    const r = await h.call('scenario:run', {
      runId: 'r1',
      text: 'name: t\nmember: MX Bank (connected)\nsteps:\n  - update: { connection_status: LOCKED }\n    expect_status: 200\n  - assert: { path: member.connection_status, equals: DENIED }\n  - read: {}\n',
    })
    expect(r.passed).toBe(false)
    expect(r.steps.map((s) => s.status)).toEqual(['pass', 'fail', 'skipped'])
    expect(r.steps[1]!.message).toContain('"LOCKED"')
    expect(steps).toEqual(['pass', 'fail', 'skipped'])
    expect((await h.raw('scenario:run', { runId: 'r2', text: 'name: 1\nsteps: nope' })).ok).toBe(false)
  })

  it('saves exchanges from history as a scenario that runs again and passes', async () => {
    await h.signIn()
    const m = await h.member('MX Bank (denied)')
    const creds = (await h.call('members:credentials', { guid: m.guid })).credentials
    await h.call('members:update', { draft: draft(m.guid, { skipAggregation: 'true', credentials: creds.map((c) => ({ credential_guid: c.guid, value: 'secret-pw' })) }) })
    await h.call('members:update', { draft: draft(m.guid, { bodyFormat: 'legacy', connectionStatus: 'IMPAIRED', skipWebhookHeader: 'true' }) })
    await h.call('members:get', { guid: m.guid })
    const ids = (await h.call('history:list', { memberGuid: m.guid })).items.map((i) => i.id)
    const file = await h.call('scenario:fromHistory', { ids, name: 'From history' })
    expect(file.filename).toBe('from-history.yaml')
    expect(file.content).not.toContain('secret-pw')
    const doc = parseYaml(file.content)
    expect(doc.steps[0].update.credentials).toEqual({ LOGIN: '${NEXUS_QA_CREDENTIAL_LOGIN}', PASSWORD: '${NEXUS_QA_CREDENTIAL_PASSWORD}' })
    expect(doc.steps[1]).toMatchObject({ update: { body_format: 'legacy', connection_status: 'IMPAIRED', mx_skip_webhook_header: true }, expect_status: 200 })
    expect(doc.steps.at(-1)).toEqual({ assert: { path: 'member.connection_status', equals: 'IMPAIRED' } })
    process.env.NEXUS_QA_CREDENTIAL_LOGIN = 'mxuser'
    process.env.NEXUS_QA_CREDENTIAL_PASSWORD = 'password'
    try {
      const again = await h.call('scenario:run', { runId: 'r3', text: file.content })
      expect(again.steps.filter((s) => s.status !== 'pass')).toEqual([])
    } finally {
      delete process.env.NEXUS_QA_CREDENTIAL_LOGIN
      delete process.env.NEXUS_QA_CREDENTIAL_PASSWORD
    }
  })
})
