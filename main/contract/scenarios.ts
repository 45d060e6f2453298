import { isSettled } from '../../common/connection-statuses'
import { defaultDraft, type ChallengeView, type Exchange, type MemberView, type ScenarioResult, type ScenarioStepResult, type TriState, type UpdateDraft } from '../../preload/api'
import type { ServiceContext } from '../context'
import { MX_MIN_POLL_MS } from '../follow'
import { buildNexusRequest, buildUpdateRequest, paths } from '../nexus/build'
import { controlRequest } from '../nexus/http'
import type { Scenario, ScenarioStep } from './scenario-format'
import { stepKind } from './scenario-format'

export interface ScenarioOps {
  resolveMember(nameOrGuid: string): Promise<string>
  credentialGuids(guid: string): Promise<Record<string, string>>
  update(draft: UpdateDraft): Promise<Exchange>
  read(guid: string): Promise<Exchange>
  resume(guid: string, answers: { guid: string; value: string }[]): Promise<Exchange>
  aggregate(guid: string): Promise<Exchange>
  challenges(guid: string): Promise<ChallengeView[]>
  /** Webhooks of a member after `sinceId` (Local simulator); null where they cannot be observed. */
  webhooks: null | ((guid: string, sinceId: number) => Promise<{ id: number; kind: string; outcome: string; suppressed_by?: string[] }[]>)
  pollMs: number
  env: Record<string, string | undefined>
}

export function scenarioOps(ctx: ServiceContext, options: { confirmed?: boolean; env?: Record<string, string | undefined> } = {}): ScenarioOps {
  const local = ctx.environments.active().kind === 'local'
  const get = (operation: string, path: string, guid: string | null) =>
    ctx.gateway.call((base, token) => buildNexusRequest(base, token, operation, 'GET', path, undefined, guid))
  let names: Map<string, string> | null = null
  return {
    async resolveMember(ref) {
      if (/^MBR-/.test(ref)) return ref
      if (!names) {
        names = new Map()
        for (let page = 1; ; page++) {
          const x = await get('list members', paths.members(page, 1000), null)
          if (x.response?.status !== 200) throw new Error(`Listing members answered ${x.response?.status ?? x.error?.message}.`)
          const body = x.response.json as { members?: MemberView[]; pagination?: { total_pages?: number } }
          for (const m of body.members ?? []) if (m.name) names.set(m.name, m.guid)
          if (page >= (body.pagination?.total_pages ?? 1)) break
        }
      }
      const guid = names.get(ref)
      if (guid) return guid
      // test_session's canned members are addressed by status name or test_member.
      if (/^(test_member|[A-Z]+)$/.test(ref)) return ref
      throw new Error(`No member named "${ref}" for this user.`)
    },
    async credentialGuids(guid) {
      const x = await get('list member credentials', paths.credentials(guid), guid)
      const list = (x.response?.json as { credentials?: { guid: string; field_name: string }[] } | undefined)?.credentials ?? []
      return Object.fromEntries(list.map((c) => [c.field_name, c.guid]))
    },
    update: (draft) => ctx.gateway.call((base, token) => buildUpdateRequest(base, token, draft), { write: true, confirmed: options.confirmed }),
    read: (guid) => get('read member', paths.member(guid), guid),
    resume: (guid, answers) =>
      ctx.gateway.call((base, token) => buildNexusRequest(base, token, 'resume aggregation', 'PUT', paths.resume(guid), { challenges: answers }, guid), {
        write: true,
        confirmed: options.confirmed,
      }),
    aggregate: (guid) =>
      ctx.gateway.call((base, token) => buildNexusRequest(base, token, 'aggregate member', 'GET', paths.aggregate(guid), undefined, guid), {
        write: true,
        confirmed: options.confirmed,
      }),
    async challenges(guid) {
      const x = await get('list member challenges', paths.challenges(guid), guid)
      return (x.response?.json as { challenges?: ChallengeView[] } | undefined)?.challenges ?? []
    },
    webhooks: local
      ? async (guid, since) => {
          const path = `/__sim/webhooks?member_guid=${encodeURIComponent(guid)}&since_id=${since}`
          const r = (await controlRequest(await ctx.ensureLocal(), 'GET', path)) as { webhooks: { id: number; kind: string; outcome: string; suppressed_by?: string[] }[] }
          return r.webhooks
        }
      : null,
    pollMs: local ? 50 : MX_MIN_POLL_MS,
    env: options.env ?? process.env,
  }
}

const triOf = (b: boolean | undefined): TriState => (b === undefined ? 'omit' : b ? 'true' : 'false')

function expand(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_m, name: string) => {
    const v = env[name]
    if (v === undefined) throw new Error(`The scenario needs the environment variable ${name}.`)
    return v
  })
}

function at(json: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), json)
}

function describe(step: ScenarioStep): string {
  const kind = stepKind(step)
  const body = (step as Record<string, unknown>)[kind]
  return `${kind} ${JSON.stringify(body)}`.replace(/"(value|PASSWORD|password)":"[^"]*"/g, '"$1":"•••"')
}

/** Runs a scenario step by step; a failing step fails the scenario, later steps are skipped. */
export async function runScenario(
  ops: ScenarioOps,
  scenario: Scenario,
  hooks: { signal?: AbortSignal; onStep?: (r: ScenarioStepResult) => void } = {},
): Promise<ScenarioResult> {
  const started = Date.now()
  const results: ScenarioStepResult[] = []
  let last: Exchange | null = null
  let webhookCursor = 0
  let failed = false

  const member = async (ref: string | undefined) => {
    const r = ref ?? scenario.member
    if (!r) throw new Error('This step names no member and the scenario has no default member.')
    return ops.resolveMember(r)
  }
  const checkStatus = (x: Exchange, expected: number | undefined): string | null => {
    if (!x.response) return `No answer: ${x.error?.message ?? 'unknown error'}`
    if (expected !== undefined && x.response.status !== expected) {
      return `Expected HTTP ${expected}, got ${x.response.status}: ${x.nexusError?.message ?? x.response.bodyText.slice(0, 200)}`
    }
    return null
  }
  const latestWebhook = async (guid: string) => {
    if (!ops.webhooks) return 0
    const list = await ops.webhooks(guid, 0)
    return list.reduce((m, w) => Math.max(m, w.id), 0)
  }

  for (const [index, step] of scenario.steps.entries()) {
    const t0 = Date.now()
    const result: ScenarioStepResult = { index, kind: stepKind(step), title: describe(step), status: 'pass', message: null, exchangeId: null, durationMs: 0 }
    if (failed || hooks.signal?.aborted) {
      result.status = 'skipped'
      result.message = hooks.signal?.aborted ? 'cancelled' : 'an earlier step failed'
    } else {
      try {
        let problem: string | null = null
        if ('update' in step) {
          const u = step.update
          const guid = await member(u.member)
          webhookCursor = await latestWebhook(guid)
          let credentials: UpdateDraft['credentials'] = null
          if (u.credentials) {
            const guids = await ops.credentialGuids(guid)
            credentials = Object.entries(u.credentials).map(([field, value]) => {
              if (!guids[field]) throw new Error(`The member's institution has no ${field} credential (it has ${Object.keys(guids).join(', ') || 'none'}).`)
              return { credential_guid: guids[field]!, value: expand(value, ops.env) }
            })
          }
          last = await ops.update({
            ...defaultDraft(guid),
            bodyFormat: u.raw_body !== undefined ? 'raw' : (u.body_format ?? 'rooted'),
            rawBody: u.raw_body ?? '',
            connectionStatus: u.connection_status ?? null,
            credentials,
            skipAggregation: triOf(u.skip_aggregation),
            skipWebhook: triOf(u.skip_webhook),
            backgroundAggregationIsDisabled: triOf(u.background_aggregation_is_disabled),
            skipWebhookHeader: triOf(u.mx_skip_webhook_header),
            useCases: u.use_cases ?? null,
            metadata: u.metadata ?? null,
          })
          problem = checkStatus(last, step.expect_status)
        } else if ('resume' in step) {
          const guid = await member(step.resume.member)
          const open = await ops.challenges(guid)
          if (!open.length) throw new Error('The member has no open challenge to answer.')
          webhookCursor = await latestWebhook(guid)
          last = await ops.resume(guid, open.map((c) => ({ guid: c.guid, value: expand(step.resume.answer, ops.env) })))
          problem = checkStatus(last, step.expect_status)
        } else if ('aggregate' in step) {
          const guid = await member(step.aggregate.member)
          webhookCursor = await latestWebhook(guid)
          last = await ops.aggregate(guid)
          problem = checkStatus(last, step.expect_status)
        } else if ('read' in step) {
          last = await ops.read(await member(step.read.member))
          problem = checkStatus(last, 200)
        } else if ('wait' in step) {
          const guid = await member(step.wait.member)
          const deadline = Date.now() + step.wait.timeout_ms
          for (;;) {
            last = await ops.read(guid)
            const m = (last.response?.json as { member?: MemberView } | undefined)?.member
            if (m && (step.wait.until === 'challenged' ? m.connection_status === 'CHALLENGED' : isSettled(m))) break
            if (Date.now() > deadline) {
              problem = `The member did not become ${step.wait.until} within ${step.wait.timeout_ms} ms (now ${m?.connection_status ?? 'unreadable'}).`
              break
            }
            if (hooks.signal?.aborted) throw new Error('cancelled')
            await new Promise((r) => setTimeout(r, ops.pollMs))
          }
        } else if ('assert' in step) {
          const a = step.assert
          if ('status' in a) {
            if (last?.response?.status !== a.status) problem = `Expected the last answer to be HTTP ${a.status}, it was ${last?.response?.status ?? 'none'}.`
          } else if ('webhook' in a) {
            if (!ops.webhooks) {
              result.status = 'skipped'
              result.message = 'Webhooks can be observed on the Local simulator only.'
            } else {
              const guid = last?.memberGuid ?? (await member(undefined))
              const hooksSeen = (await ops.webhooks(guid, webhookCursor)).filter((w) => w.kind === a.webhook.kind)
              const newest = hooksSeen[hooksSeen.length - 1]
              const outcomeOk = newest && (a.webhook.outcome === 'fired' ? newest.outcome !== 'suppressed' : newest.outcome === a.webhook.outcome)
              const byOk = !a.webhook.suppressed_by || newest?.suppressed_by?.includes(a.webhook.suppressed_by)
              if (!outcomeOk || !byOk) {
                problem = newest
                  ? `The newest ${a.webhook.kind} webhook was ${newest.outcome}${newest.suppressed_by ? ` (${newest.suppressed_by.join(', ')})` : ''}.`
                  : `No ${a.webhook.kind} webhook since the previous request.`
              }
            }
          } else {
            const value = at(last?.response?.json, a.path)
            const same = (x: unknown) => JSON.stringify(x) === JSON.stringify(value)
            if (a.equals !== undefined && !same(a.equals)) problem = `${a.path} is ${JSON.stringify(value)}, expected ${JSON.stringify(a.equals)}.`
            else if (a.not_equals !== undefined && same(a.not_equals)) problem = `${a.path} is ${JSON.stringify(value)}, expected anything else.`
            else if (a.one_of && !a.one_of.some(same)) problem = `${a.path} is ${JSON.stringify(value)}, expected one of ${JSON.stringify(a.one_of)}.`
            else if (a.exists !== undefined && (value !== undefined) !== a.exists) problem = `${a.path} ${a.exists ? 'is missing' : 'exists'}.`
          }
        }
        if (problem) {
          result.status = 'fail'
          result.message = problem
        }
      } catch (err) {
        result.status = 'error'
        result.message = (err as Error).message
      }
      if (last && result.kind !== 'assert') result.exchangeId = last.id
      if (result.status === 'fail' || result.status === 'error') failed = true
    }
    result.durationMs = Date.now() - t0
    results.push(result)
    hooks.onStep?.(result)
  }
  return { name: scenario.name, passed: !failed && !hooks.signal?.aborted, steps: results, durationMs: Date.now() - started }
}
