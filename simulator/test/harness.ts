import { afterEach, beforeEach } from 'vitest'
import { type RunningSimulator, startSimulator, type SimulatorOptions } from '../index'

export const MEDIA = 'application/vnd.mx.nexus.v1+json'

export interface Reply {
  status: number
  headers: Headers
  text: string
  json: any
}

/** A simulator on an ephemeral port for one test, and a small HTTP client for it. */
export class SimHarness {
  sim!: RunningSimulator
  token = ''

  async start(options: SimulatorOptions = {}): Promise<void> {
    this.sim = await startSimulator({ port: 0, jobMs: 100, ...options })
  }

  get url(): string {
    return this.sim.url
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const init: RequestInit = {
      method,
      headers: {
        accept: MEDIA,
        ...(this.token ? { 'md-session-token': this.token } : {}),
        ...(body !== undefined ? { 'content-type': MEDIA } : {}),
        ...headers,
      },
    }
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body)
    const res = await fetch(this.url + path, init)
    const text = await res.text()
    let json: unknown
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    return { status: res.status, headers: res.headers, text, json }
  }

  async apiToken(user = 'qa-user-1', key = 'sim-api-key', client = 'sim-client'): Promise<Reply> {
    return this.request('GET', `/sso/${client}/users/${user}/api_token.xml`, undefined, {
      'md-api-key': key,
      accept: 'application/vnd.moneydesktop.sso.v3+xml',
    })
  }

  async signIn(user = 'qa-user-1'): Promise<string> {
    const xml = (await this.apiToken(user)).text
    const apiToken = /<token>([^<]+)<\/token>/.exec(xml)![1]!
    this.token = ''
    const r = await this.request('POST', '/sessions', undefined, { 'md-api-token': apiToken })
    this.token = r.json.session.token
    return this.token
  }

  async members(): Promise<any[]> {
    return (await this.request('GET', '/members?records_per_page=1000')).json.members
  }

  async memberNamed(name: string): Promise<any> {
    const m = (await this.members()).find((x) => x.name === name)
    if (!m) throw new Error(`no member named ${name}`)
    return m
  }

  async credentialGuids(memberGuid: string): Promise<{ login: string; password: string }> {
    const creds = (await this.request('GET', `/members/${memberGuid}/credentials`)).json.credentials
    return {
      login: creds.find((c: any) => c.field_name === 'LOGIN').guid,
      password: creds.find((c: any) => c.field_name === 'PASSWORD').guid,
    }
  }

  async advance(ms: number): Promise<void> {
    await this.request('POST', '/__sim/clock', { advance_ms: ms }, { 'content-type': 'application/json' })
  }

  async webhooks(memberGuid?: string): Promise<any[]> {
    const q = memberGuid ? `?member_guid=${memberGuid}` : ''
    return (await this.request('GET', `/__sim/webhooks${q}`)).json.webhooks
  }

  /** Advance the clock until the member's job is done (the job takes jobMs of simulator time). */
  async settle(memberGuid: string): Promise<any> {
    for (let i = 0; i < 20; i++) {
      const m = (await this.request('GET', `/members/${memberGuid}`)).json.member
      if (!m.is_being_aggregated || m.connection_status === 'CHALLENGED') return m
      await this.advance(60)
    }
    throw new Error('member did not settle')
  }

  async close(): Promise<void> {
    await this.sim?.close()
  }
}

export function useSim(options: SimulatorOptions = {}, signIn = true): SimHarness {
  const h = new SimHarness()
  beforeEach(async () => {
    await h.start(options)
    if (signIn) await h.signIn()
  })
  afterEach(async () => {
    h.token = ''
    await h.close()
  })
  return h
}
