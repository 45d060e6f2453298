import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { SessionView, SignInMode } from '../../../preload/api'
import { api } from '../bridge'
import { messageOf } from '../lib/errors'
import { useAppStore } from './app'

/** The session of the active environment; secrets are typed here once and never come back. */
export const useSessionStore = defineStore('session', () => {
  const session = ref<SessionView | null>(null)
  const busy = ref(false)
  const error = ref<string | null>(null)
  const errorCode = ref<string | null>(null)
  const expiringNotice = ref<string | null>(null)
  const now = ref(Date.now())
  setInterval(() => (now.value = Date.now()), 1000)

  const remainingMs = computed(() => (session.value ? Date.parse(session.value.expiresAt) - now.value : 0))
  const countdown = computed(() => {
    const ms = Math.max(0, remainingMs.value)
    const m = Math.floor(ms / 60000)
    const s = Math.floor((ms % 60000) / 1000)
    return `${m}:${String(s).padStart(2, '0')}`
  })

  async function load() {
    const app = useAppStore()
    session.value = await api()['session:get']({ envId: app.activeId })
  }

  async function signIn(mode: SignInMode, fields: { clientId?: string; userId?: string; apiKey?: string; apiToken?: string; sessionToken?: string }) {
    const app = useAppStore()
    busy.value = true
    error.value = null
    errorCode.value = null
    try {
      const r = await api()['session:signIn']({ envId: app.activeId, mode, ...fields })
      session.value = r.session
      expiringNotice.value = null
      return true
    } catch (err) {
      error.value = messageOf(err)
      errorCode.value = (err as { code?: string }).code ?? null
      return false
    } finally {
      busy.value = false
    }
  }

  async function signOut() {
    const app = useAppStore()
    await api()['session:signOut']({ envId: app.activeId })
    session.value = null
  }

  function listen() {
    api().on('session:changed', (e) => {
      if (e.envId === useAppStore().activeId) session.value = e.session
    })
    api().on('session:expiring', (e) => {
      if (e.envId === useAppStore().activeId) expiringNotice.value = `The session expires in ${e.minutesLeft} min unless it is used.`
    })
  }

  return { session, busy, error, errorCode, expiringNotice, remainingMs, countdown, load, signIn, signOut, listen }
})
