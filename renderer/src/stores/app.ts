import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { EnvironmentView, VaultStatus } from '../../../preload/api'
import { api } from '../bridge'
import { messageOf } from '../lib/errors'

/** Environments, the keychain's state, and the app's own readiness. */
export const useAppStore = defineStore('app', () => {
  const environments = ref<EnvironmentView[]>([])
  const activeId = ref('local')
  const vault = ref<VaultStatus | null>(null)
  const host = ref<'electron' | 'browser'>('browser')
  const version = ref('')
  const ready = ref(false)
  const error = ref<string | null>(null)

  const active = computed(() => environments.value.find((e) => e.id === activeId.value) ?? null)
  const isProduction = computed(() => active.value?.confirmWrites === true)

  async function load() {
    try {
      const [info, envs, v] = await Promise.all([api()['app:info'](), api()['env:list'](), api()['vault:status']()])
      host.value = info.host
      version.value = info.version
      environments.value = envs.environments
      activeId.value = envs.activeId
      vault.value = v
      error.value = null
    } catch (err) {
      error.value = messageOf(err)
    } finally {
      ready.value = true
    }
  }

  async function select(id: string) {
    await api()['env:select']({ id })
    activeId.value = id
    environments.value = (await api()['env:list']()).environments
  }

  async function refreshEnvironments() {
    environments.value = (await api()['env:list']()).environments
  }

  async function useMemoryOnly() {
    vault.value = await api()['vault:useMemoryOnly']()
  }

  return { environments, activeId, active, isProduction, vault, host, version, ready, error, load, select, refreshEnvironments, useMemoryOnly }
})
