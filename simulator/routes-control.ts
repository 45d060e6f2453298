import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { badRequest } from './errors'
import { type FaultInjector, faultsSchema } from './faults'
import { SEEDS } from './seed'
import type { SimState } from './state'

const resetSchema = z
  .object({ seed: z.string().default('default'), members_per_user: z.number().int().min(0).max(100_000).optional() })
  .strict()
const clockSchema = z.union([
  z.object({ advance_ms: z.number().min(0) }).strict(),
  z.object({ set: z.string() }).strict(),
  z.object({ reset: z.literal(true) }).strict(),
])
const configSchema = z.object({ job_ms: z.number().int().min(0).max(600_000) }).strict()
const urlsSchema = z.object({ urls: z.array(z.string().url()).max(20) }).strict()

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {})
  if (!r.success) throw badRequest(r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '))
  return r.data
}

export interface ControlOptions {
  seed: string
  membersPerUser: number
  jobMs: number
}

/**
 * The simulator's control plane under /__sim: reset, state, webhook log,
 * clock, job duration and faults. Plain JSON; never affected by faults.
 */
export function registerControlRoutes(app: FastifyInstance, state: SimState, faults: FaultInjector, initial: ControlOptions): void {
  const clock = () => ({ now: state.clock.iso(), epoch_ms: state.clock.now(), offset_ms: state.clock.now() - Date.now() })

  app.get('/__sim/health', async () => ({ ok: true }))

  app.post('/__sim/reset', async (req) => {
    const r = parse(resetSchema, req.body)
    const make = SEEDS[r.seed]
    if (!make) throw badRequest(`Unknown seed ${r.seed}; known: ${Object.keys(SEEDS).join(', ')}.`)
    faults.clear()
    state.clock.reset()
    state.config.jobMs = initial.jobMs
    state.load(make({ membersPerUser: r.members_per_user ?? initial.membersPerUser }))
    return { ok: true, seed: r.seed, members: state.members.size }
  })

  app.get('/__sim/state', async (req) => {
    const q = req.query as Record<string, string>
    const withMembers = q.members !== 'false'
    return {
      clock: clock(),
      config: { job_ms: state.config.jobMs },
      faults: faults.faults,
      webhook_urls: state.webhooks.getUrls(),
      client_id: state.client_id,
      users: [...state.users.values()],
      institutions: [...state.institutions.values()],
      member_count: state.members.size,
      members: withMembers
        ? [...state.members.values()].map((m) => ({
            ...state.serializeMember(m),
            credentials: m.credential_values,
            challenges: m.challenges,
          }))
        : undefined,
      jobs: withMembers ? [...state.jobs.values()].map((j) => state.serializeJob(j)) : undefined,
    }
  })

  app.get('/__sim/webhooks', async (req) => {
    const q = req.query as Record<string, string>
    const num = (v: string | undefined) => (v && Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : undefined)
    return { webhooks: state.webhooks.list({ member_guid: q.member_guid, since_id: num(q.since_id), limit: num(q.limit) }) }
  })

  app.delete('/__sim/webhooks', async () => {
    state.webhooks.clear()
    return { ok: true }
  })

  app.put('/__sim/webhook-urls', async (req) => {
    state.webhooks.setUrls(parse(urlsSchema, req.body).urls)
    return { urls: state.webhooks.getUrls() }
  })

  app.get('/__sim/clock', async () => clock())

  app.post('/__sim/clock', async (req) => {
    const body = parse(clockSchema, req.body)
    if ('advance_ms' in body) state.clock.advance(body.advance_ms)
    else if ('set' in body) {
      const at = Date.parse(body.set)
      if (Number.isNaN(at)) throw badRequest('set must be an ISO 8601 time.')
      state.clock.set(at)
    } else state.clock.reset()
    return clock()
  })

  app.get('/__sim/config', async () => ({ job_ms: state.config.jobMs }))

  app.put('/__sim/config', async (req) => {
    state.config.jobMs = parse(configSchema, req.body).job_ms
    return { job_ms: state.config.jobMs }
  })

  app.get('/__sim/faults', async () => faults.faults)

  app.put('/__sim/faults', async (req) => {
    faults.set(parse(faultsSchema, req.body))
    return faults.faults
  })

  app.delete('/__sim/faults', async () => {
    faults.clear()
    return faults.faults
  })
}
