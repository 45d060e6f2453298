import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { CredentialDefinitionView, MemberView } from '../../../preload/api'
import { TEST_INSTITUTION_CODES } from '../../../common/connection-statuses'
import { api } from '../bridge'
import { messageOf } from '../lib/errors'
import { useExchangesStore } from './exchanges'

const PAGE = 1000

/** The member list (every page), the selection and its credential definitions. */
export const useMembersStore = defineStore('members', () => {
  const members = ref<MemberView[]>([])
  const loading = ref(false)
  const progress = ref<string | null>(null)
  const error = ref<string | null>(null)
  const search = ref('')
  const testOnly = ref(true)
  const selectedGuid = ref<string | null>(null)
  const credentials = ref<CredentialDefinitionView[]>([])

  const filtered = computed(() => {
    const q = search.value.trim().toLowerCase()
    return members.value.filter(
      (m) =>
        (!testOnly.value || TEST_INSTITUTION_CODES.includes(m.institution_code ?? '')) &&
        (!q || `${m.name ?? ''} ${m.guid} ${m.connection_status ?? ''} ${m.institution_code ?? ''}`.toLowerCase().includes(q)),
    )
  })
  const selected = computed(() => members.value.find((m) => m.guid === selectedGuid.value) ?? null)
  const isTestMember = computed(() => TEST_INSTITUTION_CODES.includes(selected.value?.institution_code ?? ''))

  async function refresh() {
    loading.value = true
    error.value = null
    try {
      const all: MemberView[] = []
      for (let page = 1; ; page++) {
        const r = await api()['members:list']({ page, perPage: PAGE })
        if (r.exchange.error || (r.exchange.response && r.exchange.response.status >= 400)) {
          useExchangesStore().show(r.exchange)
          throw new Error(r.exchange.error?.message ?? `Listing members answered HTTP ${r.exchange.response?.status}: ${r.exchange.nexusError?.message ?? ''}`)
        }
        all.push(...r.members)
        const pages = r.pagination?.total_pages ?? 1
        progress.value = pages > 1 ? `Loaded ${all.length} of ${r.pagination?.total_entries} members…` : null
        if (page >= pages || !r.members.length) break
      }
      members.value = all
      progress.value = null
    } catch (err) {
      error.value = messageOf(err)
    } finally {
      loading.value = false
    }
  }

  async function select(guid: string) {
    selectedGuid.value = guid
    credentials.value = []
    try {
      const r = await api()['members:credentials']({ guid })
      if (selectedGuid.value === guid) credentials.value = r.credentials
    } catch (err) {
      error.value = messageOf(err)
    }
  }

  /** Keep the list in step with what an answer or a follower just showed. */
  function upsert(member: MemberView) {
    const i = members.value.findIndex((m) => m.guid === member.guid)
    if (i >= 0) members.value[i] = { ...members.value[i], ...member }
  }

  function clear() {
    members.value = []
    selectedGuid.value = null
    credentials.value = []
  }

  return { members, loading, progress, error, search, testOnly, filtered, selected, selectedGuid, isTestMember, credentials, refresh, select, upsert, clear }
})
