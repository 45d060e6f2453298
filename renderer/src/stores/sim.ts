import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SimFaults, SimulatorControl, WebhookView } from '../../../preload/api'
import { api } from '../bridge'
import { messageOf } from '../lib/errors'

/** The Local simulator's panel: webhook log, clock, job duration, faults, reset. */
export const useSimStore = defineStore('sim', () => {
  const control = ref<SimulatorControl | null>(null)
  const webhooks = ref<WebhookView[]>([])
  const error = ref<string | null>(null)

  async function run(op: () => Promise<SimulatorControl | void>) {
    try {
      const r = await op()
      if (r) control.value = r
      error.value = null
    } catch (err) {
      error.value = messageOf(err)
    }
  }

  const refresh = () =>
    run(async () => {
      const [c, w] = await Promise.all([api()['sim:control'](), api()['sim:webhooks']({})])
      webhooks.value = w.webhooks
      return c
    })
  const advance = (ms: number) => run(() => api()['sim:clock']({ advanceMs: ms }))
  const resetClock = () => run(() => api()['sim:clock']({ reset: true }))
  const setJobMs = (jobMs: number) => run(() => api()['sim:config']({ jobMs }))
  const setFaults = (f: SimFaults | null) => run(() => api()['sim:faults'](f))
  const reset = () => run(() => api()['sim:reset']())

  return { control, webhooks, error, refresh, advance, resetClock, setJobMs, setFaults, reset }
})
