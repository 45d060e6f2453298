import type { IncomingMessage } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { cannedGuids, cannedMember, TEST_SESSION_TOKEN, TEST_SESSION_USER } from './canned'
import { badRequest, missingParameter, NexusError, unprocessable } from './errors'
import type { Institution, Member, User } from './model'
import type { RequestContext, SimState } from './state'
import { checkCredentialGuids, updateMember } from './update-member'
import { clampPagination, parseAnswers, parseMemberFields, skipWebhookHeader, unwrapMember } from './validation'
import type { SuppressionReason } from './webhooks'

export const NEXUS_MEDIA_TYPE = 'application/vnd.mx.nexus.v1+json'
export const SSO_MEDIA_TYPE = 'application/vnd.moneydesktop.sso.v3+xml'

/** The raw request as the gate leaves it: who the session belongs to. */
export interface NexusIncoming extends IncomingMessage {
  nexusUser?: User
  canned?: boolean
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the gate (server.ts) from the session token. */
    readonly nexusUser?: User
    readonly canned?: boolean
  }
}

type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, unknown>; Body: unknown }>

let requestIds = 1

function user(req: Req): User {
  return req.nexusUser!
}

function ctxOf(req: Req, bodyFlag: boolean | undefined, bodyFlagAllowed = true): RequestContext {
  const suppressed_by: SuppressionReason[] = []
  if (skipWebhookHeader(req.headers['mx-skip-webhook'])) suppressed_by.push('MX-Skip-Webhook header')
  if (bodyFlagAllowed && bodyFlag === true) suppressed_by.push('skip_webhook body flag')
  return { request_id: `req-${requestIds++}`, suppressed_by }
}

function serializeInstitution(i: Institution): Record<string, unknown> {
  return {
    code: i.code,
    guid: i.guid,
    name: i.name,
    url: i.url,
    supports_oauth: i.is_oauth,
    is_test_institution: i.is_test,
  }
}

function serializeCredential(c: Institution['credentials'][number]): Record<string, unknown> {
  return { guid: c.guid, label: c.label, field_name: c.field_name, type: c.type, display_order: c.display_order }
}

const nullable = (type: string) => ({ type: [type, 'null'] })
const MEMBER_SCHEMA = {
  type: 'object',
  properties: {
    aggregated_at: nullable('string'),
    background_aggregation_is_disabled: { type: 'boolean' },
    connection_status: nullable('string'),
    connection_status_id: nullable('integer'),
    connection_status_message: nullable('string'),
    external_guid: nullable('string'),
    guid: { type: 'string' },
    institution_code: nullable('string'),
    institution_guid: { type: 'string' },
    is_being_aggregated: { type: 'boolean' },
    is_managed_by_user: { type: 'boolean' },
    is_oauth: { type: 'boolean' },
    is_user_created: { type: 'boolean' },
    metadata: nullable('string'),
    most_recent_job_guid: nullable('string'),
    name: nullable('string'),
    successfully_aggregated_at: nullable('string'),
    use_cases: { type: 'array', items: { type: 'string' } },
    user_guid: nullable('string'),
  },
}
/** Compiled serialisers for the member answers: the hot path of every update. */
const memberResponse = { schema: { response: { 200: { type: 'object', properties: { member: MEMBER_SCHEMA } } } } }

/**
 * Session auth for every Nexus route (not SSO, not POST /sessions): sets the
 * request's user, or the canned test_session user. Throws a NexusError.
 */
export function sessionAuthenticator(state: SimState): (req: NexusIncoming) => void {
  return (req) => {
    const token = req.headers['md-session-token']
    const value = Array.isArray(token) ? token[0] : token
    if (value === TEST_SESSION_TOKEN) {
      req.canned = true
      req.nexusUser = TEST_SESSION_USER
      return
    }
    req.nexusUser = state.authenticate(value)
  }
}

/** Registers every Nexus endpoint of NEXUS-API.md plus SSO and sessions. */
export function registerNexusRoutes(app: FastifyInstance, state: SimState): void {
  const memberOf = (req: Req): Member =>
    req.canned ? cannedMember(state, req.params.guid!) : state.member(user(req), req.params.guid!)
  const memberBody = (m: Member) => ({ member: state.serializeMember(m) })

  // ---- SSO and sessions ------------------------------------------------------

  app.get('/sso/:client_id/users/:user_id/api_token.xml', async (req: Req, reply: FastifyReply) => {
    const key = req.headers['md-api-key']
    try {
      const t = state.issueApiToken(req.params.client_id!, req.params.user_id!, Array.isArray(key) ? key[0] : key)
      reply.type(SSO_MEDIA_TYPE)
      return `<?xml version="1.0" encoding="UTF-8"?>\n<api_token>\n  <token>${t.token}</token>\n  <expires_at>${state.clock.iso(t.expires_at)}</expires_at>\n</api_token>\n`
    } catch (err) {
      if (!(err instanceof NexusError)) throw err
      reply.code(err.status).type(SSO_MEDIA_TYPE)
      return `<?xml version="1.0" encoding="UTF-8"?>\n<error>\n  <code>${err.code}</code>\n  <message>${err.message}</message>\n</error>\n`
    }
  })

  app.post('/sessions', async (req: Req) => {
    const t = req.headers['md-api-token']
    const session = state.openSession(Array.isArray(t) ? t[0] : t)
    return { session: { token: session.token, expires_at: state.clock.iso(state.sessionExpiresAt(session.token)!) } }
  })

  // ---- members ---------------------------------------------------------------

  app.register(async (scoped) => {

    scoped.get('/members', async (req: Req) => {
      const { page, perPage } = clampPagination(req.query)
      const all = req.canned ? cannedGuids().map((g) => cannedMember(state, g)) : state.membersOf(user(req))
      const start = (page - 1) * perPage
      return {
        members: all.slice(start, start + perPage).map((m) => state.serializeMember(m)),
        pagination: {
          current_page: page,
          per_page: perPage,
          total_entries: all.length,
          total_pages: Math.max(1, Math.ceil(all.length / perPage)),
        },
      }
    })

    scoped.post('/members', memberResponse, async (req: Req) => {
      if (req.canned) throw badRequest('test_session cannot create members.')
      const { fields } = unwrapMember(req.body)
      const f = parseMemberFields(fields)
      if (!f.institution_guid) throw missingParameter('institution_guid is required.')
      const inst = [...state.institutions.values()].find((i) => i.guid === f.institution_guid || i.code === f.institution_guid)
      if (!inst) throw unprocessable(`Institution ${f.institution_guid} does not exist.`)
      const credentials = f.credentials ?? []
      if (!inst.is_oauth && !credentials.length) throw missingParameter('credentials are required for this institution.')
      checkCredentialGuids(inst, credentials)
      const login = inst.credentials.find((d) => d.field_name === 'LOGIN')
      const username = credentials.find((c) => c.credential_guid === login?.guid)?.value
      const u = user(req)
      if (
        username &&
        state.membersOf(u).some((m) => m.institution_guid === inst.guid && login && m.credential_values[login.guid] === username)
      ) {
        throw unprocessable('A member with these credentials already exists for this user.')
      }
      const member = state.newMember(u, inst, f.name)
      member.external_guid = f.external_guid ?? null
      member.metadata = f.metadata ?? null
      member.use_cases = f.use_cases ?? []
      member.background_aggregation_is_disabled = f.background_aggregation_is_disabled ?? false
      for (const c of credentials) member.credential_values[c.credential_guid] = c.value
      member.connection_status = inst.is_oauth ? 'PENDING' : 'CREATED'
      state.addMember(member)
      if (!inst.is_oauth && f.skip_aggregation !== true) state.startJob(member, 'CREATED')
      state.memberWebhook(member, 'CREATED', ctxOf(req, f.skip_webhook))
      return memberBody(member)
    })

    scoped.get('/members/:guid', memberResponse, async (req: Req) => memberBody(memberOf(req)))

    scoped.put('/members/:guid', memberResponse, async (req: Req) => {
      const member = memberOf(req)
      const { fields } = unwrapMember(req.body)
      const f = parseMemberFields(fields)
      const result = updateMember(state, member, f, ctxOf(req, f.skip_webhook), !req.canned)
      return { member: result.serialized }
    })

    scoped.delete('/members/:guid', async (req: Req) => {
      if (req.canned) return {}
      const member = memberOf(req)
      state.deleteMember(member)
      // Only the header suppresses a delete's webhook: delete takes no body (NEXUS-API.md).
      state.memberWebhook(member, 'DELETED', ctxOf(req, undefined, false))
      return {}
    })

    scoped.get('/members/:guid/credentials', async (req: Req) => {
      const member = memberOf(req)
      const inst = state.institutions.get(member.institution_guid)!
      return { credentials: inst.credentials.map(serializeCredential) }
    })

    scoped.get('/members/:guid/challenges', async (req: Req) => {
      const member = memberOf(req)
      return { challenges: member.connection_status === 'CHALLENGED' ? member.challenges : [] }
    })

    scoped.put('/members/:guid/resume', memberResponse, async (req: Req) => {
      const member = memberOf(req)
      const body = req.body
      if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
        throw missingParameter('A body with challenges is required.')
      }
      const b = body as Record<string, unknown>
      const raw =
        b.challenges ??
        (typeof b.member === 'object' && b.member !== null ? (b.member as Record<string, unknown>).challenges : undefined)
      if (raw === undefined) throw missingParameter('challenges is required.')
      const answers = parseAnswers(raw)
      if (member.connection_status !== 'CHALLENGED') {
        throw new NexusError(405, '4050', `The member is ${member.connection_status ?? 'not connected'}, not CHALLENGED.`)
      }
      if (!req.canned) state.answerChallenges(member, answers)
      else member.connection_status = 'RESUMED'
      return memberBody(member)
    })

    scoped.get('/members/:guid/aggregate', memberResponse, async (req: Req) => {
      const member = memberOf(req)
      if (req.canned) {
        member.is_being_aggregated = true
        return memberBody(member)
      }
      // A running job or the institution's throttle: MX answers with the member as it is.
      if (!state.throttled(member)) state.startJob(member, null)
      return memberBody(member)
    })

    // ---- jobs and institutions ---------------------------------------------

    scoped.get('/jobs/:guid', async (req: Req) => {
      if (req.canned) throw new NexusError(404, '4040', 'Job was not found.')
      return { job: state.serializeJob(state.job(user(req), req.params.guid!)) }
    })

    scoped.get('/institutions/:guid', async (req: Req) => ({
      institution: serializeInstitution(state.institution(req.params.guid!)),
    }))

    scoped.get('/institutions/:guid/credentials', async (req: Req) => ({
      credentials: state.institution(req.params.guid!).credentials.map(serializeCredential),
    }))

    scoped.post('/institutions/search', async (req: Req) => {
      const b = req.body as { institution?: { name?: unknown } } | undefined
      const name = b?.institution?.name
      if (name !== undefined && typeof name !== 'string') throw badRequest('institution.name must be a string.')
      const needle = (name ?? '').toLowerCase()
      return {
        institutions: [...state.institutions.values()]
          .filter((i) => i.name.toLowerCase().includes(needle) || i.code.includes(needle))
          .map(serializeInstitution),
      }
    })
  })
}
