import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ScenarioResult, ScenarioStepResult } from '../../../preload/api'
import { api } from '../bridge'
import { saveFile } from '../lib/download'
import { messageOf } from '../lib/errors'
import { useAppStore } from './app'

const EXAMPLE = `# yaml-language-server: $schema=./scenario.schema.json
name: Force a status and read it back
member: MX Bank (connected)
steps:
  - update: { connection_status: DENIED }
    expect_status: 200
  - read: {}
  - assert: { path: member.connection_status, equals: DENIED }
`

/** A scenario open in the app: its text, a run with step-by-step results. */
export const useScenarioStore = defineStore('scenario', () => {
  const text = ref(EXAMPLE)
  const runId = ref<string | null>(null)
  const running = ref(false)
  const steps = ref<ScenarioStepResult[]>([])
  const result = ref<ScenarioResult | null>(null)
  const error = ref<string | null>(null)

  function listen() {
    api().on('scenario:progress', (p) => {
      if (p.runId === runId.value) steps.value.push(p.step)
    })
  }

  async function run() {
    const production = useAppStore().isProduction
    const confirmProduction = production ? window.confirm('This scenario writes to production. Run it?') : false
    if (production && !confirmProduction) return
    runId.value = crypto.randomUUID()
    running.value = true
    steps.value = []
    result.value = null
    error.value = null
    try {
      result.value = await api()['scenario:run']({ text: text.value, runId: runId.value, confirmProduction: confirmProduction || undefined })
      steps.value = result.value.steps
    } catch (err) {
      error.value = messageOf(err)
    } finally {
      running.value = false
    }
  }

  async function cancel() {
    if (runId.value) await api()['scenario:cancel']({ runId: runId.value })
  }

  /** "Save these exchanges as a scenario": opens the result here and offers it as a file. */
  async function fromHistory(ids: string[], name: string) {
    try {
      const file = await api()['scenario:fromHistory']({ ids, name })
      text.value = file.content
      saveFile(file)
      error.value = null
    } catch (err) {
      error.value = messageOf(err)
    }
  }

  return { text, running, steps, result, error, listen, run, cancel, fromHistory }
})
