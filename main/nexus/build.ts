import type { HttpRequestView, TriState, UpdateDraft } from '../../preload/api'

export const NEXUS_MEDIA_TYPE = 'application/vnd.mx.nexus.v1+json'
export const SSO_MEDIA_TYPE = 'application/vnd.moneydesktop.sso.v3+xml'

/** A request about to be sent; `secrets` are the raw strings to redact from its Exchange. */
export interface RequestSpec extends HttpRequestView {
  operation: string
  memberGuid: string | null
  secrets: string[]
}

const triToBool = (t: TriState): boolean | undefined => (t === 'omit' ? undefined : t === 'true')

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + path
}

const seg = encodeURIComponent

export function nexusHeaders(sessionToken: string, withBody: boolean): Record<string, string> {
  return {
    Accept: NEXUS_MEDIA_TYPE,
    ...(withBody ? { 'Content-Type': NEXUS_MEDIA_TYPE } : {}),
    'MD-SESSION-TOKEN': sessionToken,
  }
}

/** The fields of the update body, in the seed's order, with every omitted field left out. */
export function updateFields(draft: UpdateDraft): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  if (draft.credentials !== null) fields.credentials = draft.credentials
  const bg = triToBool(draft.backgroundAggregationIsDisabled)
  if (bg !== undefined) fields.background_aggregation_is_disabled = bg
  if (draft.connectionStatus !== null) fields.connection_status = draft.connectionStatus
  const skipAgg = triToBool(draft.skipAggregation)
  if (skipAgg !== undefined) fields.skip_aggregation = skipAgg
  const skipHook = triToBool(draft.skipWebhook)
  if (skipHook !== undefined) fields.skip_webhook = skipHook
  if (draft.useCases !== null) fields.use_cases = draft.useCases
  if (draft.metadata !== null) fields.metadata = draft.metadata
  if (draft.challenges !== null) fields.challenges = draft.challenges
  return fields
}

/** Warnings about the draft, never blocking: the tester may want to send exactly this. */
export function draftProblems(draft: UpdateDraft): string[] {
  const problems: string[] = []
  if (!draft.memberGuid.trim()) problems.push('No member is selected.')
  if (draft.bodyFormat === 'raw') {
    try {
      JSON.parse(draft.rawBody)
    } catch (err) {
      problems.push(`The raw body is not valid JSON (${(err as Error).message}); it will be sent as written.`)
    }
  }
  if (draft.skipAggregation === 'true' && draft.challenges?.length) {
    problems.push('skip_aggregation: true should not be sent with MFA answers (seed); use resume instead.')
  }
  if (draft.connectionStatus !== null && draft.credentials?.length) {
    problems.push('connection_status is ignored when credentials are sent: the aggregation decides the status.')
  }
  return problems
}

export function buildUpdateRequest(baseUrl: string, sessionToken: string, draft: UpdateDraft): RequestSpec {
  const fields = updateFields(draft)
  const body =
    draft.bodyFormat === 'raw' ? draft.rawBody : JSON.stringify(draft.bodyFormat === 'rooted' ? { member: fields } : fields)
  const headers = nexusHeaders(sessionToken, true)
  if (draft.skipWebhookHeader !== 'omit') headers['MX-Skip-Webhook'] = draft.skipWebhookHeader
  return {
    method: 'PUT',
    url: joinUrl(baseUrl, `/members/${seg(draft.memberGuid)}`),
    headers,
    body,
    operation: 'update member',
    memberGuid: draft.memberGuid,
    secrets: [sessionToken, ...(draft.credentials ?? []).map((c) => c.value)],
  }
}

export function buildNexusRequest(
  baseUrl: string,
  sessionToken: string,
  operation: string,
  method: 'GET' | 'PUT' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  memberGuid: string | null = null,
): RequestSpec {
  return {
    method,
    url: joinUrl(baseUrl, path),
    headers: nexusHeaders(sessionToken, body !== undefined),
    body: body === undefined ? null : JSON.stringify(body),
    operation,
    memberGuid,
    secrets: [sessionToken],
  }
}

export const paths = {
  members: (page: number, perPage: number) => `/members?page=${page}&records_per_page=${perPage}`,
  member: (guid: string) => `/members/${seg(guid)}`,
  credentials: (guid: string) => `/members/${seg(guid)}/credentials`,
  challenges: (guid: string) => `/members/${seg(guid)}/challenges`,
  resume: (guid: string) => `/members/${seg(guid)}/resume`,
  aggregate: (guid: string) => `/members/${seg(guid)}/aggregate`,
  job: (guid: string) => `/jobs/${seg(guid)}`,
}

export function buildApiTokenRequest(ssoUrl: string, clientId: string, userId: string, apiKey: string): RequestSpec {
  return {
    method: 'GET',
    url: joinUrl(ssoUrl, `/${seg(clientId)}/users/${seg(userId)}/api_token.xml`),
    headers: { Accept: SSO_MEDIA_TYPE, 'MD-API-KEY': apiKey },
    body: null,
    operation: 'SSO API token',
    memberGuid: null,
    secrets: [apiKey],
  }
}

export function buildSessionRequest(baseUrl: string, apiToken: string): RequestSpec {
  return {
    method: 'POST',
    url: joinUrl(baseUrl, '/sessions'),
    headers: { Accept: NEXUS_MEDIA_TYPE, 'Content-Type': NEXUS_MEDIA_TYPE, 'MD-API-TOKEN': apiToken },
    body: null,
    operation: 'create session',
    memberGuid: null,
    secrets: [apiToken],
  }
}
