import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Exchange, MemberView } from '../../../preload/api'

/** The exchange in the inspector, the member before it, recent exchanges, and the two pinned for comparison. */
export const useExchangesStore = defineStore('exchanges', () => {
  const current = ref<Exchange | null>(null)
  const before = ref<MemberView | null>(null)
  const recent = ref<Exchange[]>([])
  const pinned = ref<Exchange[]>([])

  function show(x: Exchange, memberBefore: MemberView | null = null) {
    current.value = x
    before.value = memberBefore
    recent.value = [x, ...recent.value.filter((r) => r.id !== x.id)].slice(0, 20)
  }

  function pin(x: Exchange) {
    if (pinned.value.some((p) => p.id === x.id)) return
    pinned.value = [...pinned.value, x].slice(-2)
  }

  function unpin(id: string) {
    pinned.value = pinned.value.filter((p) => p.id !== id)
  }

  /** Compare the last two exchanges. */
  function pinLastTwo() {
    pinned.value = recent.value.slice(0, 2).reverse()
  }

  const canCompare = computed(() => pinned.value.length === 2)

  return { current, before, recent, pinned, canCompare, show, pin, unpin, pinLastTwo }
})
