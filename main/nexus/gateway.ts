import type { EnvironmentView, Exchange } from '../../preload/api'
import { BridgeError } from '../ipc/errors'
import type { SessionManager } from '../session/sessions'
import type { RequestSpec } from './build'
import { send } from './http'

export interface CallOptions {
  /** Writes to an environment that confirms writes (production) need `confirmed`. */
  write?: boolean
  confirmed?: boolean
  requestId?: string
  /** The console's own call (job polls, matrix bookkeeping): recorded, tagged `background`. */
  background?: boolean
}

export interface Target {
  env: EnvironmentView
  baseUrl: string
  ssoUrl: string
}

/** Production refuses a write that does not carry the user's explicit confirmation. */
export function assertWriteConfirmed(env: EnvironmentView, confirmed: boolean | undefined): void {
  if (env.confirmWrites && !confirmed) {
    throw new BridgeError('confirmation-required', `${env.name} is a production environment: confirm this write before it is sent.`)
  }
}

export function isExpiredSession(x: Exchange): boolean {
  if (x.response?.status !== 401) return false
  return x.nexusError?.code === '4011' || /\b4011\b/.test(x.response.bodyText)
}

/**
 * The one request engine: takes the session token from the vault, sends,
 * renews once on 4011 where it can, slides the session expiry, records the
 * Exchange in history. Used by every IPC handler, the follower and the CLI.
 */
export class NexusGateway {
  private inFlight = new Map<string, AbortController>()

  constructor(
    private target: () => Promise<Target>,
    private sessions: SessionManager,
    private record: (x: Exchange) => void,
  ) {}

  async call(build: (baseUrl: string, token: string) => RequestSpec, options: CallOptions = {}): Promise<Exchange> {
    const { env, baseUrl, ssoUrl } = await this.target()
    if (options.write) assertWriteConfirmed(env, options.confirmed)
    const token = await this.sessions.token(env.id)
    if (!token) throw new BridgeError('no-session', `Not signed in to ${env.name}. Sign in first.`)
    const controller = new AbortController()
    const requestId = options.requestId
    if (requestId) this.inFlight.set(requestId, controller)
    try {
      const sendOptions = { environment: env.id, environmentName: env.name, signal: controller.signal }
      const tag = (e: Exchange): Exchange => (options.background ? { ...e, background: true } : e)
      let x = tag(await send(build(baseUrl, token), sendOptions))
      if (isExpiredSession(x)) {
        const renewed = await this.sessions.renew(env, baseUrl, ssoUrl)
        if (renewed) {
          this.record(x)
          x = tag({ ...(await send(build(baseUrl, renewed), sendOptions)), renewed: true })
        } else {
          x = { ...x, error: { kind: 'session-expired', message: `The session expired (4011) and cannot renew itself: sign in to ${env.name} again.` } }
        }
      }
      if (x.response && x.response.status < 400) this.sessions.touch(env.id)
      this.record(x)
      return x
    } finally {
      if (requestId) this.inFlight.delete(requestId)
    }
  }

  cancel(requestId: string): boolean {
    const c = this.inFlight.get(requestId)
    if (!c) return false
    c.abort()
    return true
  }

  cancelAll(): void {
    for (const c of this.inFlight.values()) c.abort()
  }
}
