import type { Exchange } from '../../preload/api'
import type { ServiceContext } from '../context'
import { toHar, toJsonExport } from '../history/export'
import { toCurl } from '../nexus/curl'
import { BridgeError } from './errors'
import type { HandlerGroup } from './registry'

type HistoryChannels = 'history:list' | 'history:get' | 'history:delete' | 'history:export' | 'exchange:curl'

export function historyHandlers(ctx: ServiceContext): HandlerGroup<HistoryChannels> {
  return {
    'history:list': (q) => ctx.history.list(q),
    'history:get': ({ id }) => ctx.history.get(id),
    'history:delete': ({ id }) => ({ deleted: ctx.history.delete(id) }),
    'history:export': ({ format, ids }) => {
      const exchanges = (ids ?? ctx.history.ids()).map((id) => ctx.history.get(id)).filter((x): x is Exchange => x !== null)
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      return format === 'har'
        ? { filename: `nexus-qa-${stamp}.har`, mimeType: 'application/json', content: toHar(exchanges, ctx.version) }
        : { filename: `nexus-qa-${stamp}.json`, mimeType: 'application/json', content: toJsonExport(exchanges) }
    },
    'exchange:curl': ({ id }) => {
      const x = ctx.history.get(id)
      if (!x) throw new BridgeError('failed', `No exchange ${id} in history.`)
      return { curl: toCurl(x.request) }
    },
  }
}
