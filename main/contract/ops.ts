import { TEST_INSTITUTION_CODES } from '../../common/connection-statuses'
import type { MemberView } from '../../preload/api'
import type { ServiceContext } from '../context'
import { MX_MIN_POLL_MS } from '../follow'
import { buildNexusRequest, buildUpdateRequest, paths } from '../nexus/build'
import { controlRequest } from '../nexus/http'
import type { MatrixOps } from './matrix'

/** The matrix runner's view of the active environment, through the one request engine. */
export function matrixOps(ctx: ServiceContext, options: { confirmed?: boolean } = {}): MatrixOps {
  const env = ctx.environments.active()
  const local = env.kind === 'local'
  const get = (operation: string, path: string, guid: string) =>
    ctx.gateway.call((base, token) => buildNexusRequest(base, token, operation, 'GET', path, undefined, guid), { background: true })
  const sim = async (path: string): Promise<{ webhooks: { id: number; kind: string; outcome: string }[] }> =>
    controlRequest(await ctx.ensureLocal(), 'GET', path)
  return {
    async readMember(guid) {
      const x = await get('read member', paths.member(guid), guid)
      return x.response?.status === 200 ? ((x.response.json as { member?: MemberView }).member ?? null) : null
    },
    async credentialGuids(guid) {
      const x = await get('list member credentials', paths.credentials(guid), guid)
      const list = (x.response?.json as { credentials?: { guid: string; field_name: string }[] } | undefined)?.credentials ?? []
      return {
        login: list.find((c) => c.field_name === 'LOGIN')?.guid ?? null,
        password: list.find((c) => c.field_name === 'PASSWORD')?.guid ?? null,
      }
    },
    update: (draft, o) => ctx.gateway.call((base, token) => buildUpdateRequest(base, token, draft), { write: true, confirmed: options.confirmed, background: o?.background }),
    webhookCursor: local
      ? {
          async latest(guid) {
            const { webhooks } = await sim(`/__sim/webhooks?member_guid=${encodeURIComponent(guid)}&limit=1`)
            return webhooks.reduce((max, w) => Math.max(max, w.id), 0)
          },
          async firedSince(guid, since) {
            const { webhooks } = await sim(`/__sim/webhooks?member_guid=${encodeURIComponent(guid)}&since_id=${since}`)
            return webhooks.some((w) => w.kind === 'MEMBER' && w.outcome !== 'suppressed')
          },
        }
      : null,
    isTestInstitution: (m) => TEST_INSTITUTION_CODES.includes(m.institution_code ?? ''),
    minIntervalMs: local ? 0 : 1000,
    pollMs: local ? 5 : MX_MIN_POLL_MS,
    settleTimeoutMs: local ? 15_000 : 180_000,
  }
}
