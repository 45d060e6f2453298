import { badRequest, missingParameter } from './errors'
import type { Answer } from './outcomes'

/**
 * Request-body checks for the simulator. Every check runs before any state
 * changes, so a bad request never leaves a half-applied update behind.
 */

export type UseCase = 'PFM' | 'MONEY_MOVEMENT'
const USE_CASES: readonly string[] = ['PFM', 'MONEY_MOVEMENT']

export interface CredentialInput {
  credential_guid: string
  value: string
}

export interface MemberFields {
  credentials?: CredentialInput[]
  background_aggregation_is_disabled?: boolean
  connection_status?: string
  skip_aggregation?: boolean
  skip_webhook?: boolean
  use_cases?: UseCase[]
  metadata?: string | null
  challenges?: Answer[]
  institution_guid?: string
  name?: string
  external_guid?: string | null
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * The seed documents the rooted form `{"member": {…}}` and says the unwrapped
 * legacy form is still accepted. Note the seed's schema slip (`required:
 * [member]` inside the inner object) is deliberately not enforced.
 */
export function unwrapMember(body: unknown): { fields: Record<string, unknown>; format: 'rooted' | 'legacy' } {
  if (body === undefined || body === null || body === '') throw missingParameter('A request body with a member object is required.')
  if (!isObject(body)) throw badRequest('The request body must be a JSON object.')
  if ('member' in body) {
    if (!isObject(body.member)) throw badRequest('member must be a JSON object.')
    return { fields: body.member, format: 'rooted' }
  }
  return { fields: body, format: 'legacy' }
}

function optionalBoolean(fields: Record<string, unknown>, key: string): boolean | undefined {
  const v = fields[key]
  if (v === undefined) return undefined
  if (typeof v !== 'boolean') throw badRequest(`${key} must be a boolean.`)
  return v
}

function optionalString(fields: Record<string, unknown>, key: string, nullable = false): string | null | undefined {
  const v = fields[key]
  if (v === undefined) return undefined
  if (v === null && nullable) return null
  if (typeof v !== 'string') throw badRequest(`${key} must be a string.`)
  return v
}

export function parseAnswers(v: unknown, key = 'challenges'): Answer[] {
  if (!Array.isArray(v)) throw badRequest(`${key} must be an array.`)
  return v.map((a, i) => {
    if (!isObject(a) || typeof a.guid !== 'string' || typeof a.value !== 'string') {
      throw badRequest(`${key}[${i}] must be an object with string guid and value.`)
    }
    return { guid: a.guid, value: a.value }
  })
}

export function parseMemberFields(fields: Record<string, unknown>): MemberFields {
  const out: MemberFields = {}
  if (fields.credentials !== undefined) {
    if (!Array.isArray(fields.credentials)) throw badRequest('credentials must be an array.')
    out.credentials = fields.credentials.map((c, i) => {
      if (!isObject(c) || typeof c.credential_guid !== 'string' || typeof c.value !== 'string') {
        throw badRequest(`credentials[${i}] must be an object with string credential_guid and value.`)
      }
      return { credential_guid: c.credential_guid, value: c.value }
    })
  }
  out.background_aggregation_is_disabled = optionalBoolean(fields, 'background_aggregation_is_disabled')
  out.skip_aggregation = optionalBoolean(fields, 'skip_aggregation')
  out.skip_webhook = optionalBoolean(fields, 'skip_webhook')
  // MX reads a null connection_status as "not given" [A].
  if (fields.connection_status !== null) out.connection_status = optionalString(fields, 'connection_status') ?? undefined
  if (fields.use_cases !== undefined) {
    const uc = fields.use_cases
    if (!Array.isArray(uc) || uc.some((u) => typeof u !== 'string' || !USE_CASES.includes(u))) {
      throw badRequest('use_cases must be an array of PFM and/or MONEY_MOVEMENT.')
    }
    out.use_cases = [...new Set(uc as UseCase[])]
  }
  out.metadata = optionalString(fields, 'metadata', true)
  if (fields.challenges !== undefined) out.challenges = parseAnswers(fields.challenges)
  out.institution_guid = optionalString(fields, 'institution_guid') ?? undefined
  out.name = optionalString(fields, 'name') ?? undefined
  out.external_guid = optionalString(fields, 'external_guid', true)
  return out
}

/** `MX-Skip-Webhook: true` (any case) suppresses; any other value does not. */
export function skipWebhookHeader(value: string | string[] | undefined): boolean {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' && v.trim().toLowerCase() === 'true'
}

export function clampPagination(query: Record<string, unknown>): { page: number; perPage: number } {
  const page = Math.max(1, Math.floor(Number(query.page ?? 1)) || 1)
  const raw = Math.floor(Number(query.records_per_page ?? 25)) || 25
  return { page, perPage: Math.min(1000, Math.max(10, raw)) }
}
