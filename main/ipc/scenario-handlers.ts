import type { Exchange } from '../../preload/api'
import type { ServiceContext } from '../context'
import { scenarioFromExchanges } from '../contract/from-history'
import { parseScenario, scenarioToYaml } from '../contract/scenario-format'
import { runScenario, scenarioOps } from '../contract/scenarios'
import { buildNexusRequest, paths } from '../nexus/build'
import { assertWriteConfirmed } from '../nexus/gateway'
import { BridgeError } from './errors'
import type { HandlerGroup } from './registry'

type ScenarioChannels = 'scenario:run' | 'scenario:cancel' | 'scenario:fromHistory'

export function scenarioHandlers(ctx: ServiceContext): HandlerGroup<ScenarioChannels> {
  const running = new Map<string, AbortController>()
  return {
    'scenario:run': async ({ text, runId, confirmProduction }) => {
      assertWriteConfirmed(ctx.environments.active(), confirmProduction)
      let scenario
      try {
        scenario = parseScenario(text)
      } catch (err) {
        throw new BridgeError('invalid-payload', (err as Error).message)
      }
      const controller = new AbortController()
      running.set(runId, controller)
      try {
        return await runScenario(scenarioOps(ctx, { confirmed: confirmProduction }), scenario, {
          signal: controller.signal,
          onStep: (step) => ctx.events.emit('scenario:progress', { runId, step }),
        })
      } finally {
        running.delete(runId)
      }
    },
    'scenario:cancel': ({ runId }) => {
      const c = running.get(runId)
      c?.abort()
      return { cancelled: Boolean(c) }
    },
    'scenario:fromHistory': async ({ ids, name }) => {
      const exchanges = ids.map((id) => ctx.history.get(id)).filter((x): x is Exchange => x !== null)
      exchanges.sort((a, b) => a.startedAt.localeCompare(b.startedAt))
      // Credential guids → field names, read from the members' credential lists.
      const fields = new Map<string, string>()
      for (const guid of new Set(exchanges.map((x) => x.memberGuid).filter((g): g is string => Boolean(g)))) {
        const x = await ctx.gateway.call((base, token) => buildNexusRequest(base, token, 'list member credentials', 'GET', paths.credentials(guid), undefined, guid), { background: true })
        for (const c of (x.response?.json as { credentials?: { guid: string; field_name: string }[] } | undefined)?.credentials ?? []) fields.set(c.guid, c.field_name)
      }
      let scenario
      try {
        scenario = scenarioFromExchanges(name, exchanges, (g) => fields.get(g))
      } catch (err) {
        throw new BridgeError('failed', (err as Error).message)
      }
      const file = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario'
      return { filename: `${file}.yaml`, mimeType: 'application/yaml', content: scenarioToYaml(scenario) }
    },
  }
}
