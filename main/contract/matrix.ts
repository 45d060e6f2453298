import { randomUUID } from 'node:crypto'
import { PROCESSING_STATUSES } from '../../common/connection-statuses'
import { describeStatus, type Expectation, expectFor, type Tri } from '../../common/update-member-oracle'
import { defaultDraft, type Exchange, type MatrixCell, type MatrixResult, type MatrixSpec, type MemberView } from '../../preload/api'

/** What the runner needs from an environment; the app and the CLI both give it the one request engine. */
export interface MatrixOps {
  readMember(guid: string): Promise<MemberView | null>
  credentialGuids(guid: string): Promise<{ login: string | null; password: string | null }>
  /** `background: true` tags the runner's own bookkeeping (baseline restores) in history. */
  update(draft: ReturnType<typeof defaultDraft>, options?: { background?: boolean }): Promise<Exchange>
  /** Webhook observation (simulator only); null where it cannot be observed. */
  webhookCursor: null | {
    latest(memberGuid: string): Promise<number>
    firedSince(memberGuid: string, sinceId: number): Promise<boolean>
  }
  /** Whether the member's institution is a test institution. */
  isTestInstitution(member: MemberView): boolean
  /** Minimum time between two requests (rate limit for MX environments). */
  minIntervalMs: number
  /** Poll interval while waiting for a job to finish. */
  pollMs: number
  settleTimeoutMs: number
}

export function combinations(spec: MatrixSpec): MatrixCell['combo'][] {
  const out: MatrixCell['combo'][] = []
  for (const credentials of spec.credentials)
    for (const bodyFormat of spec.bodyFormats)
      for (const connectionStatus of spec.statuses)
        for (const skipAggregation of spec.skipAggregation)
          for (const skipWebhook of spec.skipWebhook)
            for (const skipWebhookHeader of spec.skipWebhookHeader)
              out.push({ connectionStatus, credentials, bodyFormat, skipAggregation, skipWebhook, skipWebhookHeader })
  return out
}

export function comboLabel(c: MatrixCell['combo']): string {
  const tri = (name: string, t: Tri) => (t === 'omit' ? '' : ` ${name}=${t}`)
  return (
    `status=${c.connectionStatus ?? 'omit'} ${c.bodyFormat}${c.credentials ? ' +credentials' : ''}` +
    tri('skip_aggregation', c.skipAggregation) +
    tri('skip_webhook', c.skipWebhook) +
    tri('MX-Skip-Webhook', c.skipWebhookHeader)
  ).trim()
}

/**
 * Runs every combination from a known baseline (restored before each one,
 * after any running job has finished), observes the outcome, and judges it
 * against the oracle: pass, fail, or not observable.
 */
export async function runMatrix(
  ops: MatrixOps,
  spec: MatrixSpec,
  hooks: { signal?: AbortSignal; onCell?: (cell: MatrixCell, done: number, total: number) => void } = {},
): Promise<MatrixResult> {
  const started = Date.now()
  const runId = randomUUID()
  const combos = combinations(spec)
  const cells: MatrixCell[] = []
  let last = 0
  const pace = async () => {
    const wait = last + ops.minIntervalMs - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    last = Date.now()
  }
  const read = async (guid: string) => {
    await pace()
    return ops.readMember(guid)
  }
  const first = await read(spec.memberGuid)
  if (!first) throw new Error(`Member ${spec.memberGuid} could not be read.`)
  if (!ops.isTestInstitution(first)) throw new Error('The matrix needs a member of a test institution: its baseline is restored by forcing connection_status.')
  const baseline = spec.baselineStatus ?? first.connection_status ?? 'CONNECTED'
  const guids = spec.credentials.includes(true) ? await ops.credentialGuids(spec.memberGuid) : { login: null, password: null }
  const creds = [
    ...(guids.login ? [{ credential_guid: guids.login, value: spec.credentialValues?.login ?? 'mxuser' }] : []),
    ...(guids.password ? [{ credential_guid: guids.password, value: spec.credentialValues?.password ?? 'password' }] : []),
  ]

  const waitForNoJob = async (): Promise<MemberView | null> => {
    const deadline = Date.now() + ops.settleTimeoutMs
    for (;;) {
      const m = await read(spec.memberGuid)
      if (!m || m.is_being_aggregated !== true || Date.now() > deadline || hooks.signal?.aborted) return m
      await new Promise((r) => setTimeout(r, ops.pollMs))
    }
  }

  for (const [index, combo] of combos.entries()) {
    if (hooks.signal?.aborted) break
    const cell: MatrixCell = {
      index,
      label: comboLabel(combo),
      combo,
      expected: null,
      observed: { httpStatus: null, connectionStatus: null, jobStarted: null, webhookFired: null },
      verdicts: { httpStatus: 'not-observable', connectionStatus: 'not-observable', jobStarts: 'not-observable', webhookFires: 'not-observable' },
      verdict: 'fail',
      exchangeId: null,
      error: null,
    }
    try {
      // Baseline: no job running, status forced back (suppressing its own webhooks).
      let before = await waitForNoJob()
      if (before && before.connection_status !== baseline) {
        await pace()
        const restore = await ops.update({ ...defaultDraft(spec.memberGuid), connectionStatus: baseline, skipWebhook: 'true', skipWebhookHeader: 'true' }, { background: true })
        if (restore.response?.status !== 200) throw new Error(`Restoring the baseline (${baseline}) answered ${restore.response?.status ?? restore.error?.message}.`)
        before = await read(spec.memberGuid)
      }
      if (!before) throw new Error('The member could not be read before the request.')
      const expected = expectFor({
        testInstitution: true,
        jobRunning: before.is_being_aggregated === true,
        statusBefore: before.connection_status ?? null,
        connectionStatus: combo.connectionStatus,
        credentials: combo.credentials && creds.length > 0,
        skipAggregation: combo.skipAggregation,
        skipWebhook: combo.skipWebhook,
        skipWebhookHeader: combo.skipWebhookHeader,
        bodyFormat: combo.bodyFormat,
      })
      cell.expected = { ...expected, connectionStatusText: describeStatus(expected.connectionStatus) }
      const since = ops.webhookCursor ? await ops.webhookCursor.latest(spec.memberGuid) : 0
      await pace()
      const x = await ops.update({
        ...defaultDraft(spec.memberGuid),
        bodyFormat: combo.bodyFormat,
        connectionStatus: combo.connectionStatus,
        credentials: combo.credentials ? creds : null,
        skipAggregation: combo.skipAggregation,
        skipWebhook: combo.skipWebhook,
        skipWebhookHeader: combo.skipWebhookHeader,
      })
      cell.exchangeId = x.id
      if (!x.response) throw new Error(x.error?.message ?? 'No answer.')
      const answered = (x.response.json as { member?: MemberView } | undefined)?.member ?? null
      const after = x.response.status === 200 && answered ? answered : await read(spec.memberGuid)
      cell.observed = {
        httpStatus: x.response.status,
        connectionStatus: after?.connection_status ?? null,
        jobStarted: after ? (after.most_recent_job_guid ?? null) !== (before.most_recent_job_guid ?? null) : null,
        webhookFired: ops.webhookCursor ? await ops.webhookCursor.firedSince(spec.memberGuid, since) : null,
      }
      cell.verdicts = judge(expected, cell.observed, before, after)
      cell.verdict = Object.values(cell.verdicts).includes('fail') ? 'fail' : 'pass'
    } catch (err) {
      cell.error = (err as Error).message
      cell.verdict = 'fail'
    }
    cells.push(cell)
    hooks.onCell?.(cell, cells.length, combos.length)
  }
  await waitForNoJob()
  const pass = cells.filter((c) => c.verdict === 'pass').length
  return {
    runId,
    // Credential values stay out of results and exports.
    spec: { ...spec, ...(spec.credentialValues ? { credentialValues: { login: '[redacted]', password: '[redacted]' } } : {}) },
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    cancelled: cells.length < combos.length,
    total: combos.length,
    cells,
    summary: {
      pass,
      fail: cells.length - pass,
      notObservable: cells.filter((c) => Object.values(c.verdicts).includes('not-observable')).length,
    },
  }
}

type Verdict = MatrixCell['verdicts'][keyof MatrixCell['verdicts']]

function judge(expected: Expectation, observed: MatrixCell['observed'], before: MemberView, after: MemberView | null): MatrixCell['verdicts'] {
  const is = (ok: boolean): Verdict => (ok ? 'pass' : 'fail')
  const status = observed.connectionStatus
  let statusVerdict: Verdict = 'not-observable'
  if (after) {
    const s = expected.connectionStatus
    if (s.kind === 'value') statusVerdict = is(status === s.value)
    else if (s.kind === 'unchanged') statusVerdict = is(status === (before.connection_status ?? null))
    else statusVerdict = is(after.is_being_aggregated === true || (PROCESSING_STATUSES as readonly (string | null)[]).includes(status))
  }
  return {
    httpStatus: is(observed.httpStatus === expected.httpStatus),
    connectionStatus: statusVerdict,
    jobStarts: observed.jobStarted === null ? 'not-observable' : is(observed.jobStarted === expected.jobStarts),
    webhookFires: observed.webhookFired === null ? 'not-observable' : is(observed.webhookFired === expected.webhookFires),
  }
}

function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
}

/** JUnit XML, one testcase per combination. */
export function matrixToJUnit(r: MatrixResult): string {
  const cases = r.cells.map((c) => {
    const failed = Object.entries(c.verdicts).filter(([, v]) => v === 'fail').map(([k]) => k)
    const detail = c.error
      ? c.error
      : failed.map((k) => `${k}: expected ${JSON.stringify(expectedOf(c, k))}, observed ${JSON.stringify(c.observed[observedKey(k)])}`).join('\n')
    const body = c.verdict === 'fail' ? `<failure message="${xmlEscape(failed.join(', ') || 'error')}">${xmlEscape(detail)}</failure>` : ''
    return `    <testcase classname="update-member.matrix" name="${xmlEscape(c.label)}" time="0">${body}</testcase>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${r.cells.length}" failures="${r.summary.fail}" time="${(r.durationMs / 1000).toFixed(3)}">`,
    `  <testsuite name="update member contract matrix" tests="${r.cells.length}" failures="${r.summary.fail}" timestamp="${r.startedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}

function observedKey(k: string): keyof MatrixCell['observed'] {
  return ({ httpStatus: 'httpStatus', connectionStatus: 'connectionStatus', jobStarts: 'jobStarted', webhookFires: 'webhookFired' } as const)[k as 'httpStatus']
}

function expectedOf(c: MatrixCell, k: string): unknown {
  if (!c.expected) return null
  return k === 'connectionStatus' ? c.expected.connectionStatusText : (c.expected as unknown as Record<string, unknown>)[k]
}
