import type { Exchange, MemberView } from '../../preload/api'
import type { ServiceContext } from '../context'
import { buildNexusRequest, buildUpdateRequest, draftProblems, paths } from '../nexus/build'
import { assertWriteConfirmed } from '../nexus/gateway'
import { toCurl } from '../nexus/curl'
import { redactBody } from '../nexus/redact'
import type { HandlerGroup } from './registry'

type MemberChannels =
  | 'members:list'
  | 'members:get'
  | 'members:credentials'
  | 'members:challenges'
  | 'members:update'
  | 'members:preview'
  | 'members:resume'
  | 'members:aggregate'
  | 'jobs:get'
  | 'requests:cancel'
  | 'follow:cancel'

function jsonField<T>(x: Exchange, field: string): T | null {
  const json = x.response?.json
  if (!x.response || x.response.status >= 400 || !json || typeof json !== 'object') return null
  return ((json as Record<string, unknown>)[field] ?? null) as T | null
}

export function memberHandlers(ctx: ServiceContext): HandlerGroup<MemberChannels> {
  const get = (operation: string, path: string, memberGuid: string | null = null, background = false) =>
    ctx.gateway.call((base, token) => buildNexusRequest(base, token, operation, 'GET', path, undefined, memberGuid), { background })

  /** Follow the member when the answer says a job is running. */
  const followIfAggregating = async (x: Exchange, memberGuid: string): Promise<string | null> => {
    const member = jsonField<MemberView>(x, 'member')
    if (!member || member.is_being_aggregated !== true || member.connection_status === 'CHALLENGED') return null
    const env = ctx.environments.get(x.environment)
    return ctx.follower.start(env.id, memberGuid, member, { intervalMs: ctx.followIntervalMs(env) })
  }

  return {
    'members:list': async ({ page = 1, perPage = 100 }) => {
      const x = await get('list members', paths.members(page, perPage))
      return { members: jsonField<MemberView[]>(x, 'members') ?? [], pagination: jsonField(x, 'pagination'), exchange: x }
    },
    'members:get': async ({ guid }) => {
      const x = await get('read member', paths.member(guid), guid)
      return { member: jsonField<MemberView>(x, 'member'), exchange: x }
    },
    'members:credentials': async ({ guid }) => {
      const x = await get('list member credentials', paths.credentials(guid), guid)
      return { credentials: jsonField(x, 'credentials') ?? [], exchange: x }
    },
    'members:challenges': async ({ guid }) => {
      const x = await get('list member challenges', paths.challenges(guid), guid)
      return { challenges: jsonField(x, 'challenges') ?? [], exchange: x }
    },
    'members:update': async ({ draft, confirmProduction, requestId }) => {
      // Checked before the read too, so nothing at all is sent unconfirmed.
      assertWriteConfirmed(ctx.environments.active(), confirmProduction)
      const beforeX = await get('read member (before update)', paths.member(draft.memberGuid), draft.memberGuid, true)
      const before = jsonField<MemberView>(beforeX, 'member')
      const exchange = await ctx.gateway.call((base, token) => buildUpdateRequest(base, token, draft), {
        write: true,
        confirmed: confirmProduction,
        requestId,
      })
      // The read before the update may be the call that met the 4011 and renewed the session.
      if (beforeX.renewed) exchange.renewed = true
      return { exchange, before, followId: await followIfAggregating(exchange, draft.memberGuid) }
    },
    'members:preview': async ({ draft }) => {
      const env = ctx.environments.active()
      const session = ctx.sessions.view(env.id)
      const base = env.kind === 'local' ? (ctx.localUrl() ?? 'http://127.0.0.1:<simulator port>') : env.baseUrl
      const placeholder = session?.tokenPreview ?? '<sign in first>'
      const spec = buildUpdateRequest(base, placeholder, draft)
      const request = { method: spec.method, url: spec.url, headers: spec.headers, body: redactBody(spec.body, []) }
      return { request, curl: toCurl(request), problems: draftProblems(draft) }
    },
    'members:resume': async ({ guid, answers, confirmProduction, requestId }) => {
      const exchange = await ctx.gateway.call(
        (base, token) => buildNexusRequest(base, token, 'resume aggregation', 'PUT', paths.resume(guid), { challenges: answers }, guid),
        { write: true, confirmed: confirmProduction, requestId },
      )
      return { exchange, followId: await followIfAggregating(exchange, guid) }
    },
    'members:aggregate': async ({ guid, confirmProduction, requestId }) => {
      const exchange = await ctx.gateway.call(
        (base, token) => buildNexusRequest(base, token, 'aggregate member', 'GET', paths.aggregate(guid), undefined, guid),
        { write: true, confirmed: confirmProduction, requestId },
      )
      return { exchange, followId: await followIfAggregating(exchange, guid) }
    },
    'jobs:get': async ({ guid }) => {
      const x = await get('read job', paths.job(guid))
      return { job: jsonField(x, 'job'), exchange: x }
    },
    'requests:cancel': ({ requestId }) => ({ cancelled: ctx.gateway.cancel(requestId) }),
    'follow:cancel': ({ followId }) => ({ cancelled: ctx.follower.cancel(followId) }),
  }
}
