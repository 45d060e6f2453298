import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { CONNECTION_STATUSES } from '../../../common/connection-statuses'
import type { MatrixCell, MatrixResult, TriState } from '../../../preload/api'
import { api } from '../bridge'
import { saveFile } from '../lib/download'
import { messageOf } from '../lib/errors'
import { useAppStore } from './app'
import { useMembersStore } from './members'

const TRI: TriState[] = ['omit', 'true', 'false']

/** The contract matrix: chosen dimensions, a run with progress, its grid and exports. */
export const useMatrixStore = defineStore('matrix', () => {
  const statuses = ref<string[]>([...CONNECTION_STATUSES])
  const includeOmit = ref(false)
  const includeInvalid = ref(false)
  const skipAggregation = ref<TriState[]>([...TRI])
  const skipWebhook = ref<TriState[]>([...TRI])
  const skipWebhookHeader = ref<TriState[]>([...TRI])
  const bodyFormats = ref<('rooted' | 'legacy')[]>(['rooted', 'legacy'])
  const credentials = ref<boolean[]>([false, true])
  const runId = ref<string | null>(null)
  const running = ref(false)
  const done = ref(0)
  const total = ref(0)
  const cells = ref<MatrixCell[]>([])
  const result = ref<MatrixResult | null>(null)
  const error = ref<string | null>(null)
  const failuresOnly = ref(false)
  const needsConfirmation = ref(false)

  const statusList = computed(() => [...(includeOmit.value ? [null] : []), ...statuses.value, ...(includeInvalid.value ? ['NOT_A_STATUS'] : [])])
  const count = computed(
    () => statusList.value.length * skipAggregation.value.length * skipWebhook.value.length * skipWebhookHeader.value.length * bodyFormats.value.length * credentials.value.length,
  )
  const shown = computed(() => (failuresOnly.value ? cells.value.filter((c) => c.verdict === 'fail') : cells.value))
  const passed = computed(() => cells.value.filter((c) => c.verdict === 'pass').length)

  function listen() {
    api().on('matrix:progress', (p) => {
      if (p.runId !== runId.value) return
      done.value = p.done
      total.value = p.total
      cells.value.push(p.cell)
    })
  }

  async function run(confirm = false) {
    const members = useMembersStore()
    if (!members.selectedGuid) {
      error.value = 'Pick a member of a test institution first.'
      return
    }
    if (count.value === 0) {
      error.value = 'Choose at least one value in every dimension.'
      return
    }
    if (useAppStore().isProduction && !confirm) {
      needsConfirmation.value = true
      return
    }
    needsConfirmation.value = false
    runId.value = crypto.randomUUID()
    running.value = true
    error.value = null
    cells.value = []
    done.value = 0
    total.value = count.value
    result.value = null
    try {
      result.value = await api()['matrix:run']({
        runId: runId.value,
        confirmProduction: confirm || undefined,
        spec: {
          memberGuid: members.selectedGuid,
          statuses: statusList.value,
          skipAggregation: skipAggregation.value,
          skipWebhook: skipWebhook.value,
          skipWebhookHeader: skipWebhookHeader.value,
          bodyFormats: bodyFormats.value,
          credentials: credentials.value,
        },
      })
      cells.value = result.value.cells
    } catch (err) {
      error.value = messageOf(err)
    } finally {
      running.value = false
    }
  }

  async function cancel() {
    if (runId.value) await api()['matrix:cancel']({ runId: runId.value })
  }

  async function exportAs(format: 'junit' | 'json') {
    if (!result.value) return
    const r = await api()['matrix:export']({ runId: result.value.runId, format })
    saveFile(r)
  }

  return {
    statuses, includeOmit, includeInvalid, skipAggregation, skipWebhook, skipWebhookHeader, bodyFormats, credentials,
    running, done, total, cells, result, error, failuresOnly, needsConfirmation, count, shown, passed,
    listen, run, cancel, exportAs,
  }
})
