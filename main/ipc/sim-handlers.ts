import type { SimulatorControl, WebhookView } from '../../preload/api'
import type { ServiceContext } from '../context'
import { controlRequest } from '../nexus/http'
import { BridgeError } from './errors'
import type { HandlerGroup } from './registry'

type SimChannels = 'sim:control' | 'sim:webhooks' | 'sim:clock' | 'sim:config' | 'sim:faults' | 'sim:reset'

/** The simulator panel: talks to the Local simulator's /__sim control plane. */
export function simHandlers(ctx: ServiceContext): HandlerGroup<SimChannels> {
  const sim = async (method: string, path: string, body?: unknown): Promise<any> => {
    if (ctx.environments.active().kind !== 'local') {
      throw new BridgeError('failed', 'The simulator controls work in the Local simulator environment only.')
    }
    try {
      return await controlRequest(await ctx.ensureLocal(), method, path, body)
    } catch (err) {
      throw new BridgeError('failed', (err as Error).message)
    }
  }
  const control = async (): Promise<SimulatorControl> => {
    const s = await sim('GET', '/__sim/state?members=false')
    return { clock: { now: s.clock.now, offset_ms: s.clock.offset_ms }, config: s.config, faults: s.faults, webhook_urls: s.webhook_urls }
  }
  return {
    'sim:control': control,
    'sim:webhooks': async ({ memberGuid }) => {
      const q = memberGuid ? `?member_guid=${encodeURIComponent(memberGuid)}` : ''
      const r = await sim('GET', `/__sim/webhooks${q}`)
      return { webhooks: (r.webhooks as WebhookView[]).slice(-500).reverse() }
    },
    'sim:clock': async ({ advanceMs, set, reset }) => {
      if (reset) await sim('POST', '/__sim/clock', { reset: true })
      else if (set !== undefined) await sim('POST', '/__sim/clock', { set })
      else if (advanceMs !== undefined) await sim('POST', '/__sim/clock', { advance_ms: advanceMs })
      else throw new BridgeError('invalid-payload', 'Say how to move the clock: advanceMs, set or reset.')
      return control()
    },
    'sim:config': async ({ jobMs }) => {
      await sim('PUT', '/__sim/config', { job_ms: jobMs })
      return control()
    },
    'sim:faults': async (faults) => {
      if (faults === null) await sim('DELETE', '/__sim/faults')
      else await sim('PUT', '/__sim/faults', faults)
      return control()
    },
    'sim:reset': async () => {
      await sim('POST', '/__sim/reset', {})
      return control()
    },
  }
}
