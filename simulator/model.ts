import type { ConnectionStatus } from '../common/connection-statuses'

export interface CredentialDefinition {
  guid: string
  field_name: 'LOGIN' | 'PASSWORD'
  label: string
  type: 'LOGIN' | 'PASSWORD'
  display_order: number
}

export interface Institution {
  guid: string
  code: string
  name: string
  is_test: boolean
  is_oauth: boolean
  /** Minimum time between aggregations of one member (0: no throttle). */
  throttle_ms: number
  credentials: CredentialDefinition[]
  url: string
}

export interface User {
  guid: string
  id: string
  client_id: string
}

export type ChallengeType = 'TEXT' | 'OPTIONS' | 'IMAGE'

export interface Challenge {
  guid: string
  type: ChallengeType
  label: string
  field_name: string
  options?: { label: string; value: string }[]
  image_data?: string
}

export interface Member {
  guid: string
  user_guid: string
  institution_guid: string
  institution_code: string
  name: string
  external_guid: string | null
  metadata: string | null
  use_cases: ('PFM' | 'MONEY_MOVEMENT')[]
  background_aggregation_is_disabled: boolean
  connection_status: ConnectionStatus | null
  is_being_aggregated: boolean
  is_oauth: boolean
  is_managed_by_user: boolean
  is_user_created: boolean
  aggregated_at: string | null
  successfully_aggregated_at: string | null
  most_recent_job_guid: string | null
  /** credential guid → value; never serialised to the API. */
  credential_values: Record<string, string>
  challenges: Challenge[]
  /** Answers to text challenges that raise a follow-up, counted per job. */
  follow_ups: number
}

export type JobStatusName = 'INITIATED' | 'REQUESTED' | 'CHALLENGED' | 'DENIED' | 'PREVENTED' | 'HALTED' | 'COMPLETED'

export const JOB_STATUS_IDS: Record<JobStatusName, number> = {
  INITIATED: 0,
  REQUESTED: 1,
  CHALLENGED: 2,
  DENIED: 3,
  PREVENTED: 4,
  HALTED: 5,
  COMPLETED: 6,
}

export interface Job {
  guid: string
  member_guid: string
  user_guid: string
  institution_guid: string
  status_name: JobStatusName
  is_authenticated: boolean
  error_message: string | null
  started_at: number
  finished_at: number | null
  created_at: number
  updated_at: number
  /** When the job takes its next step, on the simulator's clock (null: waiting or done). */
  next_step_at: number | null
  /** The status the member reaches when the job finishes. */
  outcome: ConnectionStatus
  challenge_kind: ChallengeType | null
}

export interface ApiToken {
  token: string
  user_guid: string
  expires_at: number
  used: boolean
}

export interface Session {
  token: string
  user_guid: string
  last_used_at: number
}

export type WebhookKind = 'MEMBER' | 'CONNECTION_STATUS' | 'AGGREGATION'

export interface WebhookDelivery {
  url: string
  outcome: 'delivered' | 'failed'
  http_status?: number
  error?: string
}

export interface WebhookRecord {
  id: number
  at: string
  kind: WebhookKind
  action: string
  member_guid: string
  /** Set by the request that caused it; `null` for webhooks from a running job. */
  request_id: string | null
  outcome: 'suppressed' | 'delivered' | 'failed' | 'recorded'
  suppressed_by?: ('MX-Skip-Webhook header' | 'skip_webhook body flag')[]
  deliveries: WebhookDelivery[]
  payload: unknown
}
