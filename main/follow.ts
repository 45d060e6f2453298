import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { isSettled } from '../common/connection-statuses'
import type { FollowProgress, MemberView } from '../preload/api'
import { buildNexusRequest, paths } from './nexus/build'
import type { NexusGateway } from './nexus/gateway'

export interface FollowOptions {
  /** Poll interval: never below 3 s against MX; the simulator may go faster. */
  intervalMs: number
  /** Give up after this long. */
  maxMs?: number
}

export const MX_MIN_POLL_MS = 3000

/**
 * Follows a member after a write that started (or may have started) a job:
 * reads member and job until the member is settled, streaming progress.
 */
export class Follower extends EventEmitter<{ progress: [FollowProgress] }> {
  private active = new Map<string, { cancelled: boolean; wake: () => void }>()

  constructor(private gateway: NexusGateway) {
    super()
  }

  start(envId: string, memberGuid: string, first: MemberView | null, options: FollowOptions): string {
    const followId = randomUUID()
    const control = { cancelled: false, wake: () => undefined as void }
    this.active.set(followId, control)
    void this.run(followId, envId, memberGuid, first, options, control).finally(() => this.active.delete(followId))
    return followId
  }

  cancel(followId: string): boolean {
    const c = this.active.get(followId)
    if (!c) return false
    c.cancelled = true
    c.wake()
    return true
  }

  cancelAll(): void {
    for (const id of [...this.active.keys()]) this.cancel(id)
  }

  private async run(
    followId: string,
    envId: string,
    memberGuid: string,
    first: MemberView | null,
    options: FollowOptions,
    control: { cancelled: boolean; wake: () => void },
  ): Promise<void> {
    const deadline = Date.now() + (options.maxMs ?? 10 * 60 * 1000)
    const progress: FollowProgress = { followId, memberGuid, envId, member: first, job: null, timeline: [], state: 'following', message: null }
    const note = (m: MemberView | null) => {
      if (!m) return
      const last = progress.timeline[progress.timeline.length - 1]
      const status = (m.connection_status as string | null | undefined) ?? null
      const aggregating = m.is_being_aggregated === true
      if (!last || last.status !== status || last.aggregating !== aggregating) progress.timeline.push({ at: new Date().toISOString(), status, aggregating })
    }
    note(first)
    this.emit('progress', { ...progress })
    while (!control.cancelled) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, options.intervalMs)
        control.wake = () => {
          clearTimeout(t)
          resolve()
        }
      })
      if (control.cancelled) break
      try {
        const x = await this.gateway.call((base, token) => buildNexusRequest(base, token, 'read member', 'GET', paths.member(memberGuid), undefined, memberGuid), { background: true })
        if (x.error || !x.response || x.response.status >= 400) {
          progress.state = 'failed'
          progress.message = x.error?.message ?? `Reading the member answered HTTP ${x.response?.status}.`
          break
        }
        const member = ((x.response.json as { member?: MemberView } | undefined)?.member ?? null) as MemberView | null
        progress.member = member
        note(member)
        const jobGuid = member?.most_recent_job_guid
        if (jobGuid) {
          const j = await this.gateway.call((base, token) => buildNexusRequest(base, token, 'read job', 'GET', paths.job(jobGuid), undefined, memberGuid), { background: true })
          progress.job = ((j.response?.json as { job?: Record<string, unknown> } | undefined)?.job ?? null)
        }
        if (member && isSettled(member)) {
          progress.state = member.connection_status === 'CHALLENGED' ? 'challenged' : 'settled'
          break
        }
        if (Date.now() > deadline) {
          progress.state = 'timed-out'
          progress.message = 'The member did not settle in time; it may still be aggregating.'
          break
        }
      } catch (err) {
        progress.state = 'failed'
        progress.message = (err as Error).message
        break
      }
      this.emit('progress', { ...progress, timeline: [...progress.timeline] })
    }
    if (control.cancelled) progress.state = 'cancelled'
    this.emit('progress', { ...progress, timeline: [...progress.timeline] })
  }
}
