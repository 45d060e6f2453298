import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { setApi } from '../bridge'
import UpdatePanel from '../components/UpdatePanel.vue'
import { useAppStore } from '../stores/app'
import { useDraftStore } from '../stores/draft'
import { useExchangesStore } from '../stores/exchanges'
import { useMembersStore } from '../stores/members'
import { fakeApi } from './fake-api'

const member = { guid: 'MBR-1', name: 'Chase (connected)', connection_status: 'CONNECTED', institution_code: 'chase' }
const exchange = (id: string, status: number, json: unknown) => ({
  id,
  environment: 'local',
  environmentName: 'Local simulator',
  operation: 'update member',
  memberGuid: 'MBR-1',
  startedAt: new Date().toISOString(),
  durationMs: 1,
  request: { method: 'PUT', url: 'http://x/members/MBR-1', headers: {}, body: '{}' },
  response: { status, statusText: '', headers: {}, bodyText: JSON.stringify(json), json },
})

describe('update form and stores', () => {
  let fake: ReturnType<typeof fakeApi>
  beforeEach(() => {
    setActivePinia(createPinia())
    fake = fakeApi({
      'members:preview': () => ({ request: { method: 'PUT', url: 'u', headers: {}, body: '{"member":{}}' }, curl: 'curl', problems: [] }),
      'members:credentials': () => ({ credentials: [{ guid: 'CRD-L', label: 'Username', field_name: 'LOGIN', type: 'LOGIN' }, { guid: 'CRD-P', label: 'Password', field_name: 'PASSWORD', type: 'PASSWORD' }] }),
      'members:update': () => ({ exchange: exchange('x1', 400, { error: { code: '4000' } }), before: member, followId: null }),
    })
    setApi(fake.api)
  })

  it('the tri-state toggles and status select shape the draft sent to main', async () => {
    const members = useMembersStore()
    members.members = [member]
    await members.select('MBR-1')
    const wrapper = mount(UpdatePanel)
    await wrapper.get('[data-testid=skip-aggregation-true]').setValue(true)
    await wrapper.get('[data-testid=skip-webhook-header-false]').setValue(true)
    await wrapper.get('[data-testid=status-select]').setValue('DENIED')
    const d = useDraftStore()
    expect(d.draft).toMatchObject({ memberGuid: 'MBR-1', skipAggregation: 'true', skipWebhookHeader: 'false', connectionStatus: 'DENIED' })
    expect(wrapper.text()).toContain('not a test institution')
    await wrapper.get('[data-testid=update-panel]').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    const sent = fake.calls.find((c) => c.channel === 'members:update')!.args as any
    expect(sent.draft.connectionStatus).toBe('DENIED')
    expect(useExchangesStore().current?.response?.status).toBe(400)
  })

  it('credentials are filled from the member credential list, passwords masked', async () => {
    const members = useMembersStore()
    members.members = [member]
    await members.select('MBR-1')
    const wrapper = mount(UpdatePanel)
    await wrapper.get('[data-testid=with-credentials]').setValue(true)
    expect(useDraftStore().draft.credentials).toEqual([
      { credential_guid: 'CRD-L', value: '' },
      { credential_guid: 'CRD-P', value: '' },
    ])
    expect(wrapper.get('[data-testid=cred-PASSWORD]').attributes('type')).toBe('password')
    expect(wrapper.get('[data-testid=cred-LOGIN]').attributes('type')).toBe('text')
  })

  it('production asks for confirmation before sending', async () => {
    const app = useAppStore()
    app.environments = [{ id: 'prod', kind: 'prod', name: 'Production', baseUrl: '', ssoUrl: '', confirmWrites: true, hasSimulator: false }]
    app.activeId = 'prod'
    const d = useDraftStore()
    d.draft.memberGuid = 'MBR-1'
    await d.send()
    expect(d.needsConfirmation).toBe(true)
    expect(fake.calls.some((c) => c.channel === 'members:update')).toBe(false)
    await d.send(true)
    expect((fake.calls.find((c) => c.channel === 'members:update')!.args as any).confirmProduction).toBe(true)
  })

  it('reopening a legacy request from history restores the form', () => {
    const d = useDraftStore()
    d.loadFromRequest('MBR-9', '{"connection_status":"IMPAIRED","skip_webhook":false}', { 'MX-Skip-Webhook': 'true' })
    expect(d.draft).toMatchObject({ memberGuid: 'MBR-9', bodyFormat: 'legacy', connectionStatus: 'IMPAIRED', skipWebhook: 'false', skipWebhookHeader: 'true' })
    d.loadFromRequest('MBR-9', '{"member":{"credentials":[{"credential_guid":"C","value":"[redacted]"}]}}', {})
    expect(d.draft.bodyFormat).toBe('raw')
  })

  it('exchanges: pins keep the last two, and compare the last two', () => {
    const ex = useExchangesStore()
    ex.show(exchange('a', 200, {}) as any)
    ex.show(exchange('b', 200, {}) as any)
    ex.show(exchange('c', 200, {}) as any)
    ex.pinLastTwo()
    expect(ex.pinned.map((p) => p.id)).toEqual(['b', 'c'])
    ex.pin(exchange('d', 200, {}) as any)
    expect(ex.pinned.map((p) => p.id)).toEqual(['c', 'd'])
  })

  it('members: test institutions only by default, searchable', () => {
    const m = useMembersStore()
    m.members = [member, { guid: 'MBR-2', name: 'MX Bank (denied)', connection_status: 'DENIED', institution_code: 'mxbank' }]
    expect(m.filtered.map((x) => x.guid)).toEqual(['MBR-2'])
    m.testOnly = false
    m.search = 'chase'
    expect(m.filtered.map((x) => x.guid)).toEqual(['MBR-1'])
  })
})
