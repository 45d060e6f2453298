import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { setApi } from '../bridge'
import HistoryPanel from '../components/HistoryPanel.vue'
import { fakeApi } from './fake-api'

const summary = (id: string, operation: string, background?: boolean) => ({
  id, environment: 'local', operation, memberGuid: 'MBR-1', startedAt: new Date().toISOString(), durationMs: 1, method: 'GET', url: 'u', status: 200, error: null, ...(background ? { background } : {}),
})

describe('history panel', () => {
  it('hides background calls until asked, and marks them', async () => {
    setActivePinia(createPinia())
    const fake = fakeApi({
      'history:list': (q: { includeBackground?: boolean }) => {
        const items = [summary('a', 'update member'), ...(q.includeBackground ? [summary('b', 'read member', true)] : [])]
        return { items, total: items.length, problems: [] }
      },
    })
    setApi(fake.api)
    const w = mount(HistoryPanel)
    await new Promise((r) => setTimeout(r, 0))
    expect(w.find('[data-testid=history-a]').exists()).toBe(true)
    expect(w.find('[data-testid=history-b]').exists()).toBe(false)
    expect(fake.calls[0]!.args).toMatchObject({ includeBackground: undefined })

    await w.find('[data-testid=history-background]').setValue(true)
    await new Promise((r) => setTimeout(r, 0))
    await nextTick()
    expect(fake.calls.at(-1)!.args).toMatchObject({ includeBackground: true })
    expect(w.find('[data-testid=history-b]').text()).toContain('background')
    expect(w.find('[data-testid=history-a]').text()).not.toContain('background')
  })
})
