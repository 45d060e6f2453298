import type { Exchange } from '../../preload/api'
import type { Scenario, ScenarioStep } from './scenario-format'

function parse(body: string | null): Record<string, unknown> | null {
  try {
    const v = body ? JSON.parse(body) : null
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null
  } catch {
    return null
  }
}

/**
 * "Save these exchanges as a scenario": updates, resumes, aggregations and
 * reads become steps, each answer's status becomes an expectation, and every
 * read's connection_status an assertion. Credential values were redacted in
 * history, so they become ${NEXUS_QA_CREDENTIAL_<FIELD>} placeholders.
 */
export function scenarioFromExchanges(name: string, exchanges: Exchange[], fieldOf: (credentialGuid: string) => string | undefined): Scenario {
  const steps: ScenarioStep[] = []
  for (const x of exchanges) {
    const member = x.memberGuid ?? undefined
    const status = x.response?.status
    if (x.operation === 'update member') {
      const body = parse(x.request.body)
      const rooted = body && typeof body.member === 'object' && body.member !== null
      const f = ((rooted ? body!.member : body) ?? {}) as Record<string, unknown>
      const header = Object.entries(x.request.headers).find(([k]) => k.toLowerCase() === 'mx-skip-webhook')?.[1]
      const update: Record<string, unknown> = { member }
      if (!body && x.request.body) update.raw_body = x.request.body
      if (body && !rooted) update.body_format = 'legacy'
      if (typeof f.connection_status === 'string') update.connection_status = f.connection_status
      if (Array.isArray(f.credentials)) {
        update.credentials = Object.fromEntries(
          (f.credentials as { credential_guid?: string }[]).map((c) => {
            const field = (c.credential_guid && fieldOf(c.credential_guid)) ?? c.credential_guid ?? 'UNKNOWN'
            return [field, `\${NEXUS_QA_CREDENTIAL_${field.toUpperCase().replace(/[^A-Z0-9]/g, '_')}}`]
          }),
        )
      }
      for (const k of ['skip_aggregation', 'skip_webhook', 'background_aggregation_is_disabled'] as const) if (typeof f[k] === 'boolean') update[k] = f[k]
      if (header === 'true' || header === 'false') update.mx_skip_webhook_header = header === 'true'
      if (Array.isArray(f.use_cases)) update.use_cases = f.use_cases
      if (typeof f.metadata === 'string') update.metadata = f.metadata
      steps.push({ update, ...(status ? { expect_status: status } : {}) } as ScenarioStep)
    } else if (x.operation === 'resume aggregation') {
      const body = parse(x.request.body)
      const answers = (body?.challenges ?? (body?.member as Record<string, unknown> | undefined)?.challenges) as { value?: string }[] | undefined
      steps.push({ resume: { member, answer: answers?.[0]?.value ?? 'correct' }, ...(status ? { expect_status: status } : {}) } as ScenarioStep)
    } else if (x.operation === 'aggregate member') {
      steps.push({ aggregate: { member }, ...(status ? { expect_status: status } : {}) } as ScenarioStep)
    } else if (x.operation === 'read member' && status === 200) {
      steps.push({ read: { member } })
      const observed = (x.response?.json as { member?: { connection_status?: unknown } } | undefined)?.member?.connection_status
      if (observed !== undefined) steps.push({ assert: { path: 'member.connection_status', equals: observed } })
    }
  }
  if (!steps.length) throw new Error('None of these exchanges is an update, resume, aggregate or read of a member.')
  return { name, steps }
}
