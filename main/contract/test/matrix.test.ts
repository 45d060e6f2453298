import { describe, expect, it } from 'vitest'
import { CONNECTION_STATUSES } from '../../../common/connection-statuses'
import type { MatrixSpec } from '../../../preload/api'
import { useMain } from '../../test/harness'
import { combinations, matrixToJUnit, runMatrix } from '../matrix'
import { matrixOps } from '../ops'

describe('matrix runner against the simulator', () => {
  const h = useMain()

  it('the oracle and the simulator agree on every combination of the full matrix for one status sample', async () => {
    await h.signIn()
    await fetch(`${h.sim.url}/__sim/config`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ job_ms: 0 }) })
    const m = await h.member('MX Bank (connected)')
    const spec: MatrixSpec = {
      memberGuid: m.guid,
      statuses: [null, 'DENIED', 'CHALLENGED', 'NOT_A_STATUS'],
      skipAggregation: ['omit', 'true', 'false'],
      skipWebhook: ['omit', 'true', 'false'],
      skipWebhookHeader: ['omit', 'true', 'false'],
      bodyFormats: ['rooted', 'legacy'],
      credentials: [false, true],
      credentialValues: { login: 'mxuser', password: 'hunter2-secret' },
    }
    const progress: number[] = []
    const r = await runMatrix(matrixOps(h.services.context), spec, { onCell: (_c, done) => progress.push(done) })
    const failures = r.cells.filter((c) => c.verdict === 'fail').map((c) => `${c.label}: ${JSON.stringify(c.verdicts)} ${c.error ?? ''}`)
    expect(failures).toEqual([])
    expect(r.total).toBe(combinations(spec).length)
    expect(r.cells).toHaveLength(4 * 27 * 2 * 2)
    expect(progress.at(-1)).toBe(r.total)
    expect(r.summary.notObservable).toBe(0)
    const junit = matrixToJUnit(r)
    expect(junit).toContain(`tests="${r.total}" failures="0"`)
    expect(JSON.stringify(r)).not.toContain('hunter2-secret')
  }, 60_000)

  it('judges a departure from the contract as a failure', async () => {
    await h.signIn()
    const m = await h.member('MX Bank (connected)')
    const ops = matrixOps(h.services.context)
    // A server that ignores skip_webhook: the runner must call that a failure.
    const lying = { ...ops, webhookCursor: { latest: async () => 0, firedSince: async () => true } }
    const r = await runMatrix(lying, {
      memberGuid: m.guid,
      statuses: ['DENIED'],
      skipAggregation: ['omit'],
      skipWebhook: ['true'],
      skipWebhookHeader: ['omit'],
      bodyFormats: ['rooted'],
      credentials: [false],
    })
    expect(r.cells[0]!.verdict).toBe('fail')
    expect(r.cells[0]!.verdicts.webhookFires).toBe('fail')
    expect(matrixToJUnit(r)).toContain('<failure message="webhookFires"')
  })

  it('refuses a member of a non-test institution, and can be cancelled', async () => {
    await h.signIn()
    const chase = await h.member('Chase (connected)')
    const spec: MatrixSpec = { memberGuid: chase.guid, statuses: [...CONNECTION_STATUSES], skipAggregation: ['omit'], skipWebhook: ['omit'], skipWebhookHeader: ['omit'], bodyFormats: ['rooted'], credentials: [false] }
    await expect(runMatrix(matrixOps(h.services.context), spec)).rejects.toThrow(/test institution/)
    const m = await h.member('MX Bank (connected)')
    const controller = new AbortController()
    const r = await runMatrix(matrixOps(h.services.context), { ...spec, memberGuid: m.guid }, {
      signal: controller.signal,
      onCell: (_c, done) => done === 3 && controller.abort(),
    })
    expect(r.cancelled).toBe(true)
    expect(r.cells).toHaveLength(3)
  })
})
