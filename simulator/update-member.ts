import { isConnectionStatus } from '../common/connection-statuses'
import { badRequest, NexusError } from './errors'
import type { Institution, Member } from './model'
import { challengesFor, judgeAnswers } from './outcomes'
import type { RequestContext, SimState } from './state'
import type { CredentialInput, MemberFields } from './validation'

export interface UpdateResult {
  member: Member
  /** The member as serialised after the update (shared with its webhook). */
  serialized: Record<string, unknown>
  job_started: boolean
  /** Why connection_status was not applied, when it was sent. */
  connection_status_ignored?: 'credentials present'
}

/** Credential guids must be the member's institution's own: 400 otherwise (create and update alike). */
export function checkCredentialGuids(inst: Institution, credentials: CredentialInput[]): void {
  for (const c of credentials) {
    if (!inst.credentials.some((d) => d.guid === c.credential_guid)) {
      throw badRequest(`Credential ${c.credential_guid} does not belong to institution ${inst.code}.`)
    }
  }
}

/**
 * PUT /members/{guid}: the seed's rules, in the order MX states them.
 * All checks come first; nothing changes unless the whole request is valid.
 * `live: false` (test_session's canned members) applies the fields but starts
 * no job and sends no webhook.
 */
export function updateMember(
  state: SimState,
  member: Member,
  f: MemberFields,
  ctx: RequestContext,
  live = true,
): UpdateResult {
  const inst = state.institutions.get(member.institution_guid)!
  const credentials = f.credentials ?? []
  const hasCredentials = credentials.length > 0

  checkCredentialGuids(inst, credentials)
  // With credentials present the aggregation decides the status, so
  // connection_status is ignored entirely, whatever its value (seed).
  const forced = !hasCredentials && f.connection_status !== undefined ? f.connection_status : undefined
  if (forced !== undefined) {
    if (!inst.is_test) {
      throw badRequest(`connection_status can only be set on members of a test institution; ${inst.code} is not one.`)
    }
    if (!isConnectionStatus(forced)) throw badRequest(`${JSON.stringify(forced)} is not a member connection status.`)
  }
  if (f.challenges) {
    if (member.connection_status !== 'CHALLENGED') throw badRequest('The member is not CHALLENGED; there is nothing to answer.')
    const verdict = judgeAnswers(member.challenges, f.challenges)
    if (verdict.error) throw new NexusError(400, '4000', verdict.error)
  }

  if (f.background_aggregation_is_disabled !== undefined) member.background_aggregation_is_disabled = f.background_aggregation_is_disabled
  if (f.use_cases !== undefined) member.use_cases = f.use_cases
  if (f.metadata !== undefined) member.metadata = f.metadata

  let jobStarted = false
  if (hasCredentials) {
    for (const c of credentials) member.credential_values[c.credential_guid] = c.value
    if (live && f.skip_aggregation !== true) jobStarted = state.startJob(member, 'UPDATED') !== undefined
  } else if (forced !== undefined && isConnectionStatus(forced)) {
    if (live) state.forceStatus(member, forced, ctx)
    else member.connection_status = forced
    if (forced === 'CHALLENGED' && !member.challenges.length) member.challenges = challengesFor('TEXT', member.guid, 0)
  }
  // Deprecated MFA through update: with skip_aggregation the answers are not
  // acted on and the member stays CHALLENGED [A].
  if (f.challenges && f.skip_aggregation !== true && live) {
    state.answerChallenges(member, f.challenges)
    jobStarted = true
  }
  const serialized = live ? state.memberWebhook(member, 'UPDATED', ctx) : state.serializeMember(member)
  return {
    member,
    serialized,
    job_started: jobStarted,
    ...(hasCredentials && f.connection_status !== undefined ? { connection_status_ignored: 'credentials present' as const } : {}),
  }
}
