import { isConnectionStatus } from './connection-statuses'

/**
 * The seed's rules for PUT /members/{guid}, written as data: given the
 * member's institution, whether a job is running and the draft, what should
 * happen. Independent of the simulator's code on purpose: tests check that
 * the two agree, and the matrix runner judges any server against it.
 */

export type Tri = 'omit' | 'true' | 'false'

export interface OracleCase {
  /** Is the member under a test institution (mxbank, mx_bank_oauth)? */
  testInstitution: boolean
  /** Is an aggregation job already running for the member? */
  jobRunning: boolean
  /** The member's status before the request. */
  statusBefore: string | null
  /** connection_status as sent (null: omitted). */
  connectionStatus: string | null
  /** Credentials sent (a non-empty array). */
  credentials: boolean
  skipAggregation: Tri
  skipWebhook: Tri
  skipWebhookHeader: Tri
  bodyFormat: 'rooted' | 'legacy'
}

export type ExpectedStatus = { kind: 'value'; value: string } | { kind: 'unchanged' } | { kind: 'decided-by-aggregation' }

export interface Expectation {
  httpStatus: 200 | 400
  connectionStatus: ExpectedStatus
  jobStarts: boolean
  webhookFires: boolean
  /** The rules that decided, in order, by id. */
  rules: string[]
}

export interface Rule {
  id: string
  /** The seed's own words. */
  source: string
  applies(c: OracleCase): boolean
  /** What the rule decides; later rules only fill what earlier ones left open. */
  decides(c: OracleCase): Partial<Omit<Expectation, 'rules'>>
}

const forcing = (c: OracleCase) => !c.credentials && c.connectionStatus !== null

export const UPDATE_MEMBER_RULES: Rule[] = [
  {
    id: 'status-needs-test-institution',
    source: 'connection_status can only be set if the member is under a test institution; attempting to set this on a member of a non-test institution will result in a 400.',
    applies: (c) => forcing(c) && !c.testInstitution,
    decides: () => ({ httpStatus: 400, connectionStatus: { kind: 'unchanged' }, jobStarts: false, webhookFires: false }),
  },
  {
    id: 'status-must-be-a-status',
    source: 'When present, the value must be one of the member connection status strings.',
    applies: (c) => forcing(c) && !isConnectionStatus(c.connectionStatus),
    decides: () => ({ httpStatus: 400, connectionStatus: { kind: 'unchanged' }, jobStarts: false, webhookFires: false }),
  },
  {
    id: 'no-second-job',
    source: 'A new job will not be initiated if there is already a job in process for that member.',
    applies: (c) => c.credentials && c.skipAggregation !== 'true' && c.jobRunning,
    decides: () => ({ httpStatus: 200, jobStarts: false, connectionStatus: { kind: 'decided-by-aggregation' } }),
  },
  {
    id: 'credentials-start-a-job',
    source: "An aggregation job will be initiated automatically when a member's credentials are updated unless the skip_aggregation field is used to prevent it.",
    applies: (c) => c.credentials && c.skipAggregation !== 'true',
    decides: () => ({ httpStatus: 200, jobStarts: true, connectionStatus: { kind: 'decided-by-aggregation' } }),
  },
  {
    id: 'skip-aggregation',
    source: 'When true, the member will not aggregate automatically after credentials are updated.',
    applies: (c) => c.credentials && c.skipAggregation === 'true',
    decides: () => ({ httpStatus: 200, jobStarts: false, connectionStatus: { kind: 'unchanged' } }),
  },
  {
    id: 'credentials-override-status',
    source: 'If credentials are also set, any value for connection_status will be ignored.',
    applies: (c) => c.credentials && c.connectionStatus !== null,
    decides: () => ({}),
  },
  {
    id: 'force-status',
    source: 'connection_status: can only be set if the member is under a test institution.',
    applies: (c) => forcing(c),
    decides: (c) => ({ httpStatus: 200, jobStarts: false, connectionStatus: { kind: 'value', value: c.connectionStatus! } }),
  },
  {
    id: 'plain-update',
    source: 'Response 200 with the full member.',
    applies: () => true,
    decides: () => ({ httpStatus: 200, jobStarts: false, connectionStatus: { kind: 'unchanged' } }),
  },
  {
    id: 'skip-webhook',
    source: 'skip_webhook: when set to true, this parameter will prevent a webhook from being triggered by the request. The endpoint accepts the optional MX-Skip-Webhook header.',
    applies: (c) => c.skipWebhook === 'true' || c.skipWebhookHeader === 'true',
    decides: () => ({ webhookFires: false }),
  },
  {
    id: 'member-webhook',
    source: 'Member webhooks fire on update.',
    applies: () => true,
    decides: () => ({ webhookFires: true }),
  },
]

export function expectFor(c: OracleCase): Expectation {
  const out: Partial<Expectation> = {}
  const rules: string[] = []
  for (const rule of UPDATE_MEMBER_RULES) {
    if (!rule.applies(c)) continue
    const decided = rule.decides(c)
    let used = false
    for (const [k, v] of Object.entries(decided)) {
      if ((out as Record<string, unknown>)[k] === undefined) {
        ;(out as Record<string, unknown>)[k] = v
        used = true
      }
    }
    if (used || Object.keys(decided).length === 0) rules.push(rule.id)
  }
  return {
    httpStatus: out.httpStatus ?? 200,
    connectionStatus: out.connectionStatus ?? { kind: 'unchanged' },
    jobStarts: out.jobStarts ?? false,
    webhookFires: out.webhookFires ?? false,
    rules,
  }
}

export function describeStatus(s: ExpectedStatus): string {
  return s.kind === 'value' ? s.value : s.kind === 'unchanged' ? 'unchanged' : 'decided by aggregation'
}
