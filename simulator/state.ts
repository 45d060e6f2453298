import {
  type ConnectionStatus,
  connectionStatusId,
  NEEDS_USER_STATUSES,
} from '../common/connection-statuses'
import { SimClock } from './clock'
import { NexusError, notFound } from './errors'
import { newGuid, newToken, stableGuid } from './ids'
import {
  type ApiToken,
  type ChallengeType,
  type Institution,
  type Job,
  JOB_STATUS_IDS,
  type Member,
  type Session,
  type User,
} from './model'
import { outcomeFor, challengesFor, judgeAnswers, type Answer } from './outcomes'
import type { Seed } from './seed'
import { type SuppressionReason, Webhooks } from './webhooks'

export const API_TOKEN_TTL_MS = 10 * 60 * 1000
export const SESSION_TTL_MS = 30 * 60 * 1000
export const DEFAULT_JOB_MS = 1500

const STATUS_MESSAGES: Partial<Record<ConnectionStatus, string>> = {
  CREATED: 'Connecting to the institution…',
  PREVENTED: 'Too many failed attempts; the credentials must be updated.',
  DENIED: 'The credentials entered are incorrect.',
  CHALLENGED: 'The institution asks a multi-factor authentication question.',
  REJECTED: 'The answer to the MFA question was not accepted.',
  LOCKED: 'The account is locked at the institution.',
  CONNECTED: 'Connected to the institution.',
  DEGRADED: 'The institution is having trouble; data may be incomplete.',
  FAILED: 'The aggregation failed.',
  UPDATED: 'Credentials updated; aggregating…',
  RESUMED: 'MFA answered; aggregating…',
  PENDING: 'Waiting for the OAuth flow to finish.',
  DISABLED: 'Aggregation is disabled for this member.',
}

export interface SimConfig {
  jobMs: number
}

/** Who asked for a change: carries the webhook suppression of that request. */
export interface RequestContext {
  request_id: string | null
  suppressed_by: SuppressionReason[]
}

export const NO_REQUEST: RequestContext = { request_id: null, suppressed_by: [] }

/**
 * The simulator's whole world and the rules that move it: sessions, members,
 * aggregation jobs on the simulator's clock, and the webhooks they raise.
 */
export class SimState {
  readonly clock = new SimClock()
  readonly config: SimConfig
  readonly webhooks: Webhooks
  client_id = ''
  api_key = ''
  institutions = new Map<string, Institution>()
  users = new Map<string, User>()
  members = new Map<string, Member>()
  private membersByUser = new Map<string, Member[]>()
  jobs = new Map<string, Job>()
  private apiTokens = new Map<string, ApiToken>()
  private sessions = new Map<string, Session>()
  private timer: NodeJS.Timeout | null = null
  private closed = false

  constructor(seed: Seed, options: { jobMs?: number; webhookUrls?: string[] } = {}) {
    this.config = { jobMs: options.jobMs ?? DEFAULT_JOB_MS }
    this.webhooks = new Webhooks(options.webhookUrls ?? [], () => this.clock.iso())
    this.clock.onChange(() => this.pump())
    this.load(seed)
  }

  load(seed: Seed): void {
    this.client_id = seed.client_id
    this.api_key = seed.api_key
    this.institutions = new Map(seed.institutions.map((i) => [i.guid, structuredClone(i)]))
    this.users = new Map()
    this.members = new Map()
    this.membersByUser = new Map()
    this.jobs = new Map()
    this.apiTokens = new Map()
    this.webhooks.clear()
    for (const id of seed.user_ids) {
      const user: User = { guid: stableGuid('USR', `${seed.client_id}:${id}`), id, client_id: seed.client_id }
      this.users.set(user.guid, user)
      this.membersByUser.set(user.guid, [])
    }
    // Open sessions survive a reset (they are not seed data) as long as their user still exists.
    for (const [token, s] of this.sessions) if (!this.users.has(s.user_guid)) this.sessions.delete(token)
    const dayAgo = this.clock.iso(this.clock.now() - 24 * 60 * 60 * 1000)
    for (const s of seed.members) {
      const user = this.userById(s.user_id)
      const inst = this.institutionByCode(s.institution_code)
      if (!user || !inst) throw new Error(`seed member ${s.key} names an unknown user or institution`)
      const member = this.newMember(user, inst, s.name)
      member.guid = stableGuid('MBR', s.key)
      member.metadata = s.metadata ?? null
      member.connection_status = s.status
      const [login, password] = inst.credentials
      if (login && password && s.username) {
        member.credential_values = { [login.guid]: s.username, [password.guid]: s.password }
      }
      if (s.status && s.status !== 'PENDING') {
        member.aggregated_at = dayAgo
        if (s.status === 'CONNECTED') member.successfully_aggregated_at = dayAgo
      }
      this.addMember(member)
      if (s.challenge) this.seedChallengedJob(member, s.challenge)
    }
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  // ---- lookups -------------------------------------------------------------

  userById(id: string): User | undefined {
    for (const u of this.users.values()) if (u.id === id) return u
    return undefined
  }

  institutionByCode(code: string): Institution | undefined {
    for (const i of this.institutions.values()) if (i.code === code) return i
    return undefined
  }

  /** Institutions are addressed by guid; the code is accepted too [A]. */
  institution(guidOrCode: string): Institution {
    const inst = this.institutions.get(guidOrCode) ?? this.institutionByCode(guidOrCode)
    if (!inst) throw notFound('Institution')
    return inst
  }

  member(user: User, guid: string): Member {
    const m = this.members.get(guid)
    if (!m || m.user_guid !== user.guid) throw notFound('Member')
    return m
  }

  membersOf(user: User): Member[] {
    return this.membersByUser.get(user.guid) ?? []
  }

  job(user: User, guid: string): Job {
    const j = this.jobs.get(guid)
    if (!j || j.user_guid !== user.guid) throw notFound('Job')
    return j
  }

  // ---- sessions ------------------------------------------------------------

  issueApiToken(clientId: string, userId: string, apiKey: string | undefined): ApiToken {
    if (!apiKey) throw new NexusError(401, '4010', 'MD-API-KEY header is required.')
    if (clientId !== this.client_id || apiKey !== this.api_key) {
      throw new NexusError(401, '4010', 'The API key is not valid for this client.')
    }
    const user = this.userById(userId)
    if (!user) throw notFound('User')
    const token: ApiToken = { token: newToken(32), user_guid: user.guid, expires_at: this.clock.now() + API_TOKEN_TTL_MS, used: false }
    this.apiTokens.set(token.token, token)
    return token
  }

  openSession(apiToken: string | undefined): Session {
    if (!apiToken) throw new NexusError(401, '4010', 'MD-API-TOKEN header is required.')
    const t = this.apiTokens.get(apiToken)
    if (!t) throw new NexusError(401, '4010', 'The API token is not valid.')
    if (t.used) throw new NexusError(401, '4012', 'The API token has already been used.')
    if (this.clock.now() > t.expires_at) throw new NexusError(401, '4012', 'The API token has expired.')
    t.used = true
    const session: Session = { token: newToken(64), user_guid: t.user_guid, last_used_at: this.clock.now() }
    this.sessions.set(session.token, session)
    return session
  }

  /** Checks a session token and slides its expiry. */
  authenticate(token: string | undefined): User {
    if (!token) throw new NexusError(401, '4010', 'MD-SESSION-TOKEN header is required.')
    const s = this.sessions.get(token)
    if (!s) throw new NexusError(401, '4010', 'The session token is not valid.')
    const now = this.clock.now()
    if (now - s.last_used_at > SESSION_TTL_MS) throw new NexusError(401, '4011', 'The session has expired.')
    s.last_used_at = now
    return this.users.get(s.user_guid)!
  }

  sessionExpiresAt(token: string): number | null {
    const s = this.sessions.get(token)
    return s ? s.last_used_at + SESSION_TTL_MS : null
  }

  // ---- members -------------------------------------------------------------

  newMember(user: User, inst: Institution, name?: string): Member {
    return {
      guid: newGuid('MBR'),
      user_guid: user.guid,
      institution_guid: inst.guid,
      institution_code: inst.code,
      name: name || inst.name,
      external_guid: null,
      metadata: null,
      use_cases: [],
      background_aggregation_is_disabled: false,
      connection_status: null,
      is_being_aggregated: false,
      is_oauth: inst.is_oauth,
      is_managed_by_user: true,
      is_user_created: true,
      aggregated_at: null,
      successfully_aggregated_at: null,
      most_recent_job_guid: null,
      credential_values: {},
      challenges: [],
      follow_ups: 0,
    }
  }

  addMember(member: Member): void {
    this.members.set(member.guid, member)
    this.membersByUser.get(member.user_guid)!.push(member)
  }

  deleteMember(member: Member): void {
    this.members.delete(member.guid)
    const list = this.membersByUser.get(member.user_guid)!
    list.splice(list.indexOf(member), 1)
    for (const j of this.jobs.values()) if (j.member_guid === member.guid) j.next_step_at = null
  }

  serializeMember(m: Member): Record<string, unknown> {
    return {
      aggregated_at: m.aggregated_at,
      background_aggregation_is_disabled: m.background_aggregation_is_disabled,
      connection_status: m.connection_status,
      connection_status_id: m.connection_status === null ? null : connectionStatusId(m.connection_status),
      connection_status_message: m.connection_status === null ? null : (STATUS_MESSAGES[m.connection_status] ?? null),
      external_guid: m.external_guid,
      guid: m.guid,
      institution_code: m.institution_code,
      institution_guid: m.institution_guid,
      is_being_aggregated: m.is_being_aggregated,
      is_managed_by_user: m.is_managed_by_user,
      is_oauth: m.is_oauth,
      is_user_created: m.is_user_created,
      metadata: m.metadata,
      most_recent_job_guid: m.most_recent_job_guid,
      name: m.name,
      successfully_aggregated_at: m.successfully_aggregated_at,
      use_cases: [...m.use_cases],
      user_guid: m.user_guid,
    }
  }

  serializeJob(j: Job): Record<string, unknown> {
    const iso = (t: number | null) => (t === null ? null : this.clock.iso(t))
    return {
      guid: j.guid,
      member_guid: j.member_guid,
      user_guid: j.user_guid,
      institution_guid: j.institution_guid,
      status: JOB_STATUS_IDS[j.status_name],
      status_name: j.status_name,
      is_authenticated: j.is_authenticated,
      error_message: j.error_message,
      started_at: iso(j.started_at),
      finished_at: iso(j.finished_at),
      created_at: iso(j.created_at),
      updated_at: iso(j.updated_at),
    }
  }

  runningJob(member: Member): Job | undefined {
    const j = member.most_recent_job_guid ? this.jobs.get(member.most_recent_job_guid) : undefined
    return j && j.finished_at === null && j.status_name !== 'HALTED' ? j : undefined
  }

  /** Forces a status (test institutions only; the caller checks). */
  forceStatus(member: Member, status: ConnectionStatus, ctx: RequestContext): void {
    member.connection_status = status
    if (status !== 'CHALLENGED') member.challenges = []
    this.statusChanged(member, ctx)
  }

  /** Emits the member webhook; returns the serialised member so a caller can answer with the same object. */
  memberWebhook(member: Member, action: 'CREATED' | 'UPDATED' | 'DELETED', ctx: RequestContext): Record<string, unknown> {
    const serialized = this.serializeMember(member)
    this.webhooks.emit({
      kind: 'MEMBER',
      action,
      member_guid: member.guid,
      request_id: ctx.request_id,
      suppressed_by: ctx.suppressed_by,
      payload: { type: 'MEMBER', action, member: serialized },
    })
    return serialized
  }

  private statusChanged(member: Member, ctx: RequestContext): void {
    const status = member.connection_status
    if (!status || !NEEDS_USER_STATUSES.includes(status)) return
    this.webhooks.emit({
      kind: 'CONNECTION_STATUS',
      action: 'CHANGED',
      member_guid: member.guid,
      request_id: ctx.request_id,
      suppressed_by: ctx.suppressed_by,
      payload: {
        action: 'CHANGED',
        type: 'CONNECTION_STATUS',
        connection_status: status,
        connection_status_id: connectionStatusId(status),
        connection_status_message: STATUS_MESSAGES[status] ?? null,
        member_guid: member.guid,
        user_guid: member.user_guid,
      },
    })
  }

  // ---- aggregation ---------------------------------------------------------

  /** Whether the institution's throttle allows a new aggregation now. */
  throttled(member: Member): boolean {
    const inst = this.institutions.get(member.institution_guid)!
    if (!inst.throttle_ms || !member.aggregated_at) return false
    return this.clock.now() - Date.parse(member.aggregated_at) < inst.throttle_ms
  }

  /**
   * Starts an aggregation job unless one is already running (MX starts no
   * second job). Returns the new job, or undefined when none started.
   */
  startJob(member: Member, intermediate: ConnectionStatus | null): Job | undefined {
    if (this.runningJob(member)) return undefined
    const inst = this.institutions.get(member.institution_guid)!
    const now = this.clock.now()
    const outcome = outcomeFor(inst, this.credentialPair(member, inst))
    const job: Job = {
      guid: newGuid('JOB'),
      member_guid: member.guid,
      user_guid: member.user_guid,
      institution_guid: member.institution_guid,
      status_name: 'INITIATED',
      is_authenticated: false,
      error_message: null,
      started_at: now,
      finished_at: null,
      created_at: now,
      updated_at: now,
      next_step_at: now + this.config.jobMs / 2,
      outcome: outcome.status,
      challenge_kind: outcome.challenge ?? null,
    }
    this.jobs.set(job.guid, job)
    member.most_recent_job_guid = job.guid
    member.aggregated_at = this.clock.iso(now)
    member.is_being_aggregated = true
    member.follow_ups = 0
    if (intermediate) member.connection_status = intermediate
    this.schedule()
    return job
  }

  /** Answers the member's MFA challenges (resume). The caller checks it is CHALLENGED. */
  answerChallenges(member: Member, answers: Answer[]): void {
    const verdict = judgeAnswers(member.challenges, answers)
    if (verdict.error) throw new NexusError(400, '4000', verdict.error)
    // A status forced to CHALLENGED has no job behind it: the answer starts one.
    const job = this.runningJob(member) ?? this.startJob(member, null)!
    const now = this.clock.now()
    member.connection_status = 'RESUMED'
    member.is_being_aggregated = true
    member.challenges = []
    job.status_name = 'REQUESTED'
    job.updated_at = now
    job.next_step_at = now + this.config.jobMs / 2
    if (verdict.result === 'follow-up') {
      member.follow_ups++
      job.outcome = 'CHALLENGED'
      job.challenge_kind = 'TEXT'
    } else {
      job.outcome = verdict.result === 'pass' ? 'CONNECTED' : 'REJECTED'
      job.challenge_kind = null
    }
    this.schedule()
  }

  /** Runs every job step that is due on the simulator's clock. */
  pump(): void {
    if (this.closed) return
    for (;;) {
      const now = this.clock.now()
      let due: Job | undefined
      for (const j of this.jobs.values()) {
        if (j.next_step_at !== null && j.next_step_at <= now && (!due || j.next_step_at < due.next_step_at!)) due = j
      }
      if (!due) break
      this.step(due, due.next_step_at!)
    }
    this.schedule()
  }

  private step(job: Job, at: number): void {
    const member = this.members.get(job.member_guid)
    job.updated_at = at
    if (!member) {
      job.next_step_at = null
      return
    }
    if (job.status_name === 'INITIATED') {
      job.status_name = 'REQUESTED'
      job.is_authenticated = job.outcome !== 'DENIED'
      job.next_step_at = at + this.config.jobMs / 2
      return
    }
    job.next_step_at = null
    member.connection_status = job.outcome
    if (job.outcome === 'CHALLENGED') {
      job.status_name = 'CHALLENGED'
      member.challenges = challengesFor(job.challenge_kind ?? 'TEXT', member.guid, member.follow_ups)
      this.statusChanged(member, NO_REQUEST)
      return
    }
    job.status_name = job.outcome === 'DENIED' ? 'DENIED' : job.outcome === 'PREVENTED' ? 'PREVENTED' : 'COMPLETED'
    job.finished_at = at
    job.error_message = job.outcome === 'CONNECTED' ? null : (STATUS_MESSAGES[job.outcome] ?? `Aggregation ended ${job.outcome}.`)
    member.is_being_aggregated = false
    member.challenges = []
    if (job.outcome === 'CONNECTED' || job.outcome === 'DEGRADED') member.successfully_aggregated_at = this.clock.iso(at)
    this.statusChanged(member, NO_REQUEST)
    const epoch = (t: number | null) => (t === null ? null : Math.floor(t / 1000))
    this.webhooks.emit({
      kind: 'AGGREGATION',
      action: 'COMPLETED',
      member_guid: member.guid,
      request_id: null,
      suppressed_by: [],
      payload: {
        job: {
          ...this.serializeJob(job),
          started_at: epoch(job.started_at),
          finished_at: epoch(job.finished_at),
          created_at: epoch(job.created_at),
          updated_at: epoch(job.updated_at),
        },
      },
    })
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.closed) return
    let next = Infinity
    for (const j of this.jobs.values()) if (j.next_step_at !== null && j.next_step_at < next) next = j.next_step_at
    if (next === Infinity) return
    this.timer = setTimeout(() => this.pump(), Math.max(0, next - this.clock.now()))
    this.timer.unref()
  }

  private credentialPair(member: Member, inst: Institution): { username: string; password: string } {
    const login = inst.credentials.find((c) => c.field_name === 'LOGIN')
    const password = inst.credentials.find((c) => c.field_name === 'PASSWORD')
    return {
      username: (login && member.credential_values[login.guid]) || '',
      password: (password && member.credential_values[password.guid]) || '',
    }
  }

  private seedChallengedJob(member: Member, kind: ChallengeType): void {
    const job = this.startJob(member, null)!
    job.status_name = 'CHALLENGED'
    job.is_authenticated = true
    job.next_step_at = null
    job.outcome = 'CHALLENGED'
    job.challenge_kind = kind
    member.connection_status = 'CHALLENGED'
    member.aggregated_at = job.started_at ? this.clock.iso(job.started_at) : null
    member.challenges = challengesFor(kind, member.guid, 0)
  }
}

