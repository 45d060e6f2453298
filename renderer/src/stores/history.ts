import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ExchangeSummary } from '../../../preload/api'
import { api } from '../bridge'
import { saveFile } from '../lib/download'
import { messageOf } from '../lib/errors'

/** The searchable history list. */
export const useHistoryStore = defineStore('history', () => {
  const items = ref<ExchangeSummary[]>([])
  const total = ref(0)
  const problems = ref<string[]>([])
  const text = ref('')
  const status = ref('')
  /** Show the console's own calls too (job polls, matrix bookkeeping). */
  const includeBackground = ref(false)
  const error = ref<string | null>(null)

  async function refresh() {
    try {
      const code = status.value.trim() ? Number(status.value) : undefined
      if (code !== undefined && !Number.isInteger(code)) {
        error.value = 'Status must be a number such as 400.'
        return
      }
      const page = await api()['history:list']({ text: text.value || undefined, status: code, includeBackground: includeBackground.value || undefined, limit: 200 })
      items.value = page.items
      total.value = page.total
      problems.value = page.problems
      error.value = null
    } catch (err) {
      error.value = messageOf(err)
    }
  }

  async function remove(id: string) {
    await api()['history:delete']({ id })
    await refresh()
  }

  async function exportAs(format: 'json' | 'har') {
    const r = await api()['history:export']({ format })
    saveFile(r)
  }

  return { items, total, problems, text, status, includeBackground, error, refresh, remove, exportAs }
})
