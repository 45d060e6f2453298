import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { type BodyFormat, defaultDraft, type HttpRequestView, type TriState, type UpdateDraft, type UseCase } from '../../../preload/api'
import { api } from '../bridge'
import { messageOf } from '../lib/errors'
import { useAppStore } from './app'
import { useExchangesStore } from './exchanges'
import { useFollowStore } from './follow'
import { useMembersStore } from './members'

export const emptyDraft = defaultDraft

/** The update form: a draft, its live preview, warnings, and sending it. */
export const useDraftStore = defineStore('draft', () => {
  const draft = ref<UpdateDraft>(emptyDraft())
  const preview = ref<{ request: HttpRequestView; curl: string; problems: string[] } | null>(null)
  const sending = ref(false)
  const requestId = ref<string | null>(null)
  const error = ref<string | null>(null)
  const needsConfirmation = ref(false)

  const members = useMembersStore()
  const warnings = computed(() => {
    const w = [...(preview.value?.problems ?? [])]
    if (draft.value.connectionStatus !== null && !draft.value.credentials?.length && members.selected && !members.isTestMember) {
      w.push(`${members.selected.institution_code} is not a test institution: forcing connection_status should answer 400.`)
    }
    return w
  })

  watch(
    () => members.selectedGuid,
    (guid) => {
      draft.value.memberGuid = guid ?? ''
    },
    { immediate: true },
  )

  let previewTimer: ReturnType<typeof setTimeout> | null = null
  watch(
    draft,
    () => {
      if (previewTimer) clearTimeout(previewTimer)
      previewTimer = setTimeout(refreshPreview, 120)
    },
    { deep: true },
  )

  async function refreshPreview() {
    if (!draft.value.memberGuid) {
      preview.value = null
      return
    }
    try {
      preview.value = await api()['members:preview']({ draft: JSON.parse(JSON.stringify(draft.value)) })
    } catch (err) {
      error.value = messageOf(err)
    }
  }

  function setTri(field: 'skipAggregation' | 'skipWebhook' | 'backgroundAggregationIsDisabled' | 'skipWebhookHeader', value: TriState) {
    draft.value[field] = value
  }
  function setFormat(format: BodyFormat) {
    draft.value.bodyFormat = format
  }
  function toggleUseCase(u: UseCase) {
    const list = draft.value.useCases ?? []
    draft.value.useCases = list.includes(u) ? list.filter((x) => x !== u) : [...list, u]
  }

  /** Sends the draft. Production asks for confirmation first (confirm = true sends it). */
  async function send(confirm = false) {
    const app = useAppStore()
    if (!draft.value.memberGuid) {
      error.value = 'Pick a member first.'
      return
    }
    if (app.isProduction && !confirm) {
      needsConfirmation.value = true
      return
    }
    needsConfirmation.value = false
    sending.value = true
    error.value = null
    requestId.value = crypto.randomUUID()
    try {
      const r = await api()['members:update']({ draft: JSON.parse(JSON.stringify(draft.value)), confirmProduction: confirm || undefined, requestId: requestId.value })
      const exchanges = useExchangesStore()
      exchanges.show(r.exchange, r.before)
      const after = (r.exchange.response?.json as { member?: Record<string, unknown> } | undefined)?.member
      if (after && typeof after.guid === 'string') members.upsert(after as never)
      if (r.followId) useFollowStore().track(r.followId, draft.value.memberGuid)
    } catch (err) {
      error.value = messageOf(err)
    } finally {
      sending.value = false
      requestId.value = null
    }
  }

  async function cancel() {
    if (requestId.value) await api()['requests:cancel']({ requestId: requestId.value })
  }

  /** Reopen a request from history into the form. */
  function loadFromRequest(memberGuid: string, body: string | null, headers: Record<string, string>) {
    const d = emptyDraft(memberGuid)
    const skipHeader = Object.entries(headers).find(([k]) => k.toLowerCase() === 'mx-skip-webhook')?.[1]
    d.skipWebhookHeader = skipHeader === 'true' ? 'true' : skipHeader === 'false' ? 'false' : 'omit'
    let parsed: Record<string, unknown> | null = null
    try {
      parsed = body ? JSON.parse(body) : null
    } catch {
      parsed = null
    }
    const rooted = parsed && typeof parsed.member === 'object' && parsed.member !== null
    const fields = (rooted ? parsed!.member : parsed) as Record<string, unknown> | null
    const hasRedacted = body?.includes('[redacted') ?? false
    if (!fields || hasRedacted) {
      d.bodyFormat = 'raw'
      d.rawBody = body ?? ''
    } else {
      d.bodyFormat = rooted ? 'rooted' : 'legacy'
      const tri = (v: unknown): TriState => (v === true ? 'true' : v === false ? 'false' : 'omit')
      d.skipAggregation = tri(fields.skip_aggregation)
      d.skipWebhook = tri(fields.skip_webhook)
      d.backgroundAggregationIsDisabled = tri(fields.background_aggregation_is_disabled)
      d.connectionStatus = typeof fields.connection_status === 'string' ? fields.connection_status : null
      d.useCases = Array.isArray(fields.use_cases) ? (fields.use_cases as UseCase[]) : null
      d.metadata = typeof fields.metadata === 'string' ? fields.metadata : null
      d.credentials = Array.isArray(fields.credentials) ? (fields.credentials as UpdateDraft['credentials']) : null
    }
    draft.value = d
  }

  return { draft, preview, warnings, sending, error, needsConfirmation, setTri, setFormat, toggleUseCase, send, cancel, loadFromRequest, refreshPreview }
})
