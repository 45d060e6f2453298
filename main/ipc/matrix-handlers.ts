import type { MatrixResult } from '../../preload/api'
import type { ServiceContext } from '../context'
import { matrixToJUnit, runMatrix } from '../contract/matrix'
import { matrixOps } from '../contract/ops'
import { assertWriteConfirmed } from '../nexus/gateway'
import { BridgeError } from './errors'
import type { HandlerGroup } from './registry'

type MatrixChannels = 'matrix:run' | 'matrix:cancel' | 'matrix:export'

export function matrixHandlers(ctx: ServiceContext): HandlerGroup<MatrixChannels> {
  const running = new Map<string, AbortController>()
  const results = new Map<string, MatrixResult>()
  return {
    'matrix:run': async ({ spec, runId, confirmProduction }) => {
      assertWriteConfirmed(ctx.environments.active(), confirmProduction)
      if (running.size) throw new BridgeError('failed', 'A matrix run is already in progress; cancel it or wait for it to finish.')
      const controller = new AbortController()
      running.set(runId, controller)
      try {
        const result = await runMatrix(matrixOps(ctx, { confirmed: confirmProduction }), spec, {
          signal: controller.signal,
          onCell: (cell, done, total) => ctx.events.emit('matrix:progress', { runId, done, total, cell }),
        })
        const kept = { ...result, runId }
        results.set(runId, kept)
        return kept
      } finally {
        running.delete(runId)
      }
    },
    'matrix:cancel': ({ runId }) => {
      const c = running.get(runId)
      c?.abort()
      return { cancelled: Boolean(c) }
    },
    'matrix:export': ({ runId, format }) => {
      const r = results.get(runId)
      if (!r) throw new BridgeError('failed', 'No finished matrix run with that id in this session.')
      const stamp = r.startedAt.replace(/[:.]/g, '-')
      return format === 'junit'
        ? { filename: `update-member-matrix-${stamp}.xml`, mimeType: 'application/xml', content: matrixToJUnit(r) }
        : { filename: `update-member-matrix-${stamp}.json`, mimeType: 'application/json', content: JSON.stringify(r, null, 2) }
    },
  }
}
