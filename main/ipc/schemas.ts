import { z } from 'zod'
import type { ArgsOf, Channel } from '../../preload/api'

const tri = z.enum(['omit', 'true', 'false'])
const guid = z.string().trim().min(1, 'must not be empty').max(200)
const none = z.undefined().or(z.null()).transform(() => undefined)
const write = { confirmProduction: z.boolean().optional(), requestId: z.string().max(100).optional() }
const answers = z.array(z.object({ guid: z.string().min(1).max(200), value: z.string().max(10_000) }).strict()).max(50)

export const updateDraftSchema = z
  .object({
    memberGuid: guid,
    bodyFormat: z.enum(['rooted', 'legacy', 'raw']),
    rawBody: z.string().max(2 * 1024 * 1024),
    skipAggregation: tri,
    skipWebhook: tri,
    backgroundAggregationIsDisabled: tri,
    skipWebhookHeader: tri,
    connectionStatus: z.string().max(200).nullable(),
    credentials: z.array(z.object({ credential_guid: z.string().max(200), value: z.string().max(10_000) }).strict()).max(50).nullable(),
    useCases: z.array(z.enum(['PFM', 'MONEY_MOVEMENT'])).max(2).nullable(),
    metadata: z.string().max(1024 * 1024).nullable(),
    challenges: answers.nullable(),
  })
  .strict()

const faults = z
  .object({
    latency_ms: z.number().int().min(0).max(60_000).optional(),
    error_status: z.number().int().min(500).max(599).optional(),
    error_count: z.number().int().min(0).max(1_000_000).optional(),
    error_rate: z.number().min(0).max(1).optional(),
    rate_limit_count: z.number().int().min(0).max(1_000_000).optional(),
    retry_after_s: z.number().int().min(0).max(3600).optional(),
    drop_count: z.number().int().min(0).max(1_000_000).optional(),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).nullable().optional(),
  })
  .strict()

/** One schema per channel: every payload is validated before a handler sees it. */
export const schemas = {
  'app:info': none,
  'env:list': none,
  'env:select': z.object({ id: z.string().min(1).max(100) }).strict(),
  'env:saveCustom': z
    .object({ id: z.string().max(100).optional(), name: z.string().max(100), baseUrl: z.string().max(2000), ssoUrl: z.string().max(2000).optional() })
    .strict(),
  'env:removeCustom': z.object({ id: z.string().min(1).max(100) }).strict(),
  'vault:status': none,
  'vault:useMemoryOnly': none,
  'session:get': z.object({ envId: z.string().min(1).max(100) }).strict(),
  'session:signIn': z
    .object({
      envId: z.string().min(1).max(100),
      mode: z.enum(['sso', 'apiToken', 'sessionToken', 'testSession']),
      clientId: z.string().max(200).optional(),
      userId: z.string().max(200).optional(),
      apiKey: z.string().max(1000).optional(),
      apiToken: z.string().max(4000).optional(),
      sessionToken: z.string().max(4000).optional(),
    })
    .strict(),
  'session:signOut': z.object({ envId: z.string().min(1).max(100) }).strict(),
  'members:list': z.object({ page: z.number().int().min(1).optional(), perPage: z.number().int().min(1).max(1000).optional() }).strict(),
  'members:get': z.object({ guid }).strict(),
  'members:credentials': z.object({ guid }).strict(),
  'members:challenges': z.object({ guid }).strict(),
  'members:update': z.object({ draft: updateDraftSchema, ...write }).strict(),
  'members:preview': z.object({ draft: updateDraftSchema }).strict(),
  'members:resume': z.object({ guid, answers, ...write }).strict(),
  'members:aggregate': z.object({ guid, ...write }).strict(),
  'jobs:get': z.object({ guid }).strict(),
  'requests:cancel': z.object({ requestId: z.string().min(1).max(100) }).strict(),
  'follow:cancel': z.object({ followId: z.string().min(1).max(100) }).strict(),
  'history:list': z
    .object({
      environment: z.string().max(100).optional(),
      memberGuid: z.string().max(200).optional(),
      includeBackground: z.boolean().optional(),
      status: z.number().int().min(0).max(999).optional(),
      text: z.string().max(1000).optional(),
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  'history:get': z.object({ id: z.string().min(1).max(100) }).strict(),
  'history:delete': z.object({ id: z.string().min(1).max(100) }).strict(),
  'history:export': z.object({ format: z.enum(['json', 'har']), ids: z.array(z.string().max(100)).max(100_000).optional() }).strict(),
  'exchange:curl': z.object({ id: z.string().min(1).max(100) }).strict(),
  'sim:control': none,
  'sim:webhooks': z.object({ memberGuid: z.string().max(200).optional() }).strict(),
  'sim:clock': z.object({ advanceMs: z.number().min(0).max(365 * 24 * 3600 * 1000).optional(), set: z.string().max(100).optional(), reset: z.boolean().optional() }).strict(),
  'sim:config': z.object({ jobMs: z.number().int().min(0).max(600_000) }).strict(),
  'sim:faults': faults.nullable(),
  'sim:reset': none,
  'matrix:run': z
    .object({
      runId: z.string().min(1).max(100),
      spec: z
        .object({
          memberGuid: guid,
          statuses: z.array(z.string().max(200).nullable()).min(1).max(100),
          skipAggregation: z.array(tri).min(1).max(3),
          skipWebhook: z.array(tri).min(1).max(3),
          skipWebhookHeader: z.array(tri).min(1).max(3),
          bodyFormats: z.array(z.enum(['rooted', 'legacy'])).min(1).max(2),
          credentials: z.array(z.boolean()).min(1).max(2),
          credentialValues: z.object({ login: z.string().max(1000), password: z.string().max(1000) }).strict().optional(),
          baselineStatus: z.string().max(200).optional(),
        })
        .strict(),
      ...write,
    })
    .strict(),
  'matrix:cancel': z.object({ runId: z.string().min(1).max(100) }).strict(),
  'scenario:run': z.object({ text: z.string().min(1).max(1024 * 1024), runId: z.string().min(1).max(100), ...write }).strict(),
  'scenario:cancel': z.object({ runId: z.string().min(1).max(100) }).strict(),
  'scenario:fromHistory': z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(1000), name: z.string().min(1).max(200) }).strict(),
  'matrix:export': z.object({ runId: z.string().min(1).max(100), format: z.enum(['junit', 'json']) }).strict(),
} satisfies { [C in Channel]: z.ZodType<ArgsOf<C>, unknown> } // a missing or mistyped channel fails tsc
