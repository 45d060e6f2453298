import { EventEmitter } from 'node:events'
import type { EnvironmentView, Exchange, SessionView, SignInRequest } from '../../preload/api'
import { BridgeError } from '../ipc/errors'
import { buildApiTokenRequest, buildSessionRequest } from '../nexus/build'
import { send } from '../nexus/http'
import { mask } from '../nexus/redact'
import type { SettingsStore } from '../settings'
import { KeychainUnavailableError, type Vault } from '../vault/vault'

export const SESSION_TTL_MS = 30 * 60 * 1000
export const EXPIRY_WARNING_MS = 5 * 60 * 1000
export const TEST_SESSION = 'test_session'


export interface SessionEvents {
  changed: [{ envId: string; session: SessionView | null }]
  expiring: [{ envId: string; expiresAt: string; minutesLeft: number }]
}

/** Pulls the API token out of the SSO XML (`<api_token><token>…</token></api_token>` [A]). */
export function parseApiTokenXml(xml: string): string | null {
  const m = /<api_token\b[^>]*>[\s\S]*?<token>\s*([^<\s]+)\s*<\/token>/.exec(xml) ?? /<token>\s*([^<\s]+)\s*<\/token>/.exec(xml)
  return m ? m[1]! : null
}

/** `{"session": {"token": …}}` [A], or a top-level `token`. */
export function parseSessionToken(json: unknown): string | null {
  if (!json || typeof json !== 'object') return null
  const o = json as Record<string, unknown>
  const session = o.session as Record<string, unknown> | undefined
  const token = (session && typeof session === 'object' ? session.token : undefined) ?? o.token
  return typeof token === 'string' && token ? token : null
}

/**
 * Sessions per environment. Tokens and API keys live only in the vault (the OS
 * keychain, or memory by explicit choice) and in this object's memory; the
 * settings file keeps only how the session was opened and a masked preview.
 */
export class SessionManager extends EventEmitter<SessionEvents> {
  private tokens = new Map<string, string>()
  private timers = new Map<string, NodeJS.Timeout>()

  constructor(
    private settings: SettingsStore,
    private vault: () => Vault,
    private record: (x: Exchange) => void,
    private now: () => number = Date.now,
  ) {
    super()
  }

  private account(envId: string, kind: 'session-token' | 'api-key'): string {
    return `${envId}:${kind}`
  }

  view(envId: string): SessionView | null {
    const meta = this.settings.get().sessions[envId]
    if (!meta) return null
    return {
      envId,
      mode: meta.mode,
      clientId: meta.clientId,
      userId: meta.userId,
      tokenPreview: meta.tokenPreview,
      expiresAt: new Date(meta.lastUsedAt + SESSION_TTL_MS).toISOString(),
      canRenew: meta.canRenew,
      storage: this.vault().kind,
    }
  }

  /** The session token, from memory or the vault; null when signed out or expired by the clock. */
  async token(envId: string): Promise<string | null> {
    const meta = this.settings.get().sessions[envId]
    if (!meta) return null
    const cached = this.tokens.get(envId)
    if (cached) return cached
    const stored = await this.guard(() => this.vault().get(this.account(envId, 'session-token')))
    if (!stored) {
      // The keychain lost it (or it was memory-only last run): the session is gone.
      this.forget(envId)
      return null
    }
    this.tokens.set(envId, stored)
    return stored
  }

  async signIn(env: EnvironmentView, baseUrl: string, ssoUrl: string, req: SignInRequest): Promise<{ session: SessionView; exchanges: Exchange[] }> {
    const exchanges: Exchange[] = []
    let token: string
    let canRenew = false
    switch (req.mode) {
      case 'sso': {
        const clientId = req.clientId?.trim()
        const userId = req.userId?.trim()
        const apiKey = req.apiKey?.trim()
        if (!clientId || !userId || !apiKey) throw new BridgeError('invalid-payload', 'SSO sign-in needs a client id, a user id and an API key.')
        token = await this.ssoFlow(env, baseUrl, ssoUrl, clientId, userId, apiKey, exchanges)
        await this.guard(() => this.vault().set(this.account(env.id, 'api-key'), apiKey))
        canRenew = true
        break
      }
      case 'apiToken': {
        const apiToken = req.apiToken?.trim()
        if (!apiToken) throw new BridgeError('invalid-payload', 'Paste an API token to exchange.')
        token = await this.exchangeApiToken(env, baseUrl, apiToken, exchanges)
        break
      }
      case 'sessionToken': {
        const t = req.sessionToken?.trim()
        if (!t) throw new BridgeError('invalid-payload', 'Paste a session token.')
        token = t
        break
      }
      case 'testSession':
        if (env.kind === 'prod') throw new BridgeError('invalid-payload', 'test_session exists only on the integration server and the simulator.')
        token = TEST_SESSION
        break
    }
    await this.guard(() => this.vault().set(this.account(env.id, 'session-token'), token))
    if (!canRenew) await this.guard(() => this.vault().delete(this.account(env.id, 'api-key')))
    this.tokens.set(env.id, token)
    this.settings.update((s) => {
      s.sessions[env.id] = {
        mode: req.mode,
        clientId: req.mode === 'sso' ? req.clientId!.trim() : null,
        userId: req.mode === 'sso' ? req.userId!.trim() : null,
        tokenPreview: token === TEST_SESSION ? TEST_SESSION : mask(token),
        lastUsedAt: this.now(),
        canRenew,
      }
    })
    this.changed(env.id)
    return { session: this.view(env.id)!, exchanges }
  }

  /** After a 4011: open a new session through SSO with the stored API key. Null when it cannot. */
  async renew(env: EnvironmentView, baseUrl: string, ssoUrl: string): Promise<string | null> {
    const meta = this.settings.get().sessions[env.id]
    if (!meta?.canRenew || !meta.clientId || !meta.userId) return null
    const apiKey = await this.guard(() => this.vault().get(this.account(env.id, 'api-key')))
    if (!apiKey) return null
    try {
      const token = await this.ssoFlow(env, baseUrl, ssoUrl, meta.clientId, meta.userId, apiKey, [])
      await this.guard(() => this.vault().set(this.account(env.id, 'session-token'), token))
      this.tokens.set(env.id, token)
      this.settings.update((s) => {
        s.sessions[env.id] = { ...meta, tokenPreview: mask(token), lastUsedAt: this.now() }
      })
      this.changed(env.id)
      return token
    } catch {
      return null
    }
  }

  /** Every successful call slides the 30-minute expiry. */
  touch(envId: string): void {
    const meta = this.settings.get().sessions[envId]
    if (!meta) return
    const now = this.now()
    this.settings.updateLazily(() => (meta.lastUsedAt = now))
    this.schedule(envId)
  }

  async signOut(envId: string): Promise<void> {
    await this.guard(async () => {
      await this.vault().delete(this.account(envId, 'session-token'))
      await this.vault().delete(this.account(envId, 'api-key'))
    })
    this.forget(envId)
  }

  close(): void {
    this.settings.flush()
    for (const t of this.timers.values()) clearTimeout(t)
    this.timers.clear()
  }

  private forget(envId: string): void {
    this.tokens.delete(envId)
    const t = this.timers.get(envId)
    if (t) clearTimeout(t)
    this.timers.delete(envId)
    if (this.settings.get().sessions[envId]) {
      this.settings.update((s) => {
        delete s.sessions[envId]
      })
    }
    this.changed(envId)
  }

  private changed(envId: string): void {
    this.schedule(envId)
    this.emit('changed', { envId, session: this.view(envId) })
  }

  private schedule(envId: string): void {
    const old = this.timers.get(envId)
    if (old) clearTimeout(old)
    this.timers.delete(envId)
    const meta = this.settings.get().sessions[envId]
    if (!meta) return
    const expiresAt = meta.lastUsedAt + SESSION_TTL_MS
    const warnIn = expiresAt - EXPIRY_WARNING_MS - this.now()
    const fire = () => {
      const left = expiresAt - this.now()
      if (left > 0) this.emit('expiring', { envId, expiresAt: new Date(expiresAt).toISOString(), minutesLeft: Math.ceil(left / 60000) })
    }
    if (warnIn <= 0) fire()
    else {
      const t = setTimeout(fire, Math.min(warnIn, 2 ** 31 - 1))
      t.unref()
      this.timers.set(envId, t)
    }
  }

  private async ssoFlow(
    env: EnvironmentView,
    baseUrl: string,
    ssoUrl: string,
    clientId: string,
    userId: string,
    apiKey: string,
    exchanges: Exchange[],
  ): Promise<string> {
    let apiToken: string | null = null
    const x = await send(buildApiTokenRequest(ssoUrl, clientId, userId, apiKey), {
      environment: env.id,
      environmentName: env.name,
      onRaw: (raw) => (apiToken = raw.status === 200 ? parseApiTokenXml(raw.bodyText) : null),
    })
    this.record(x)
    exchanges.push(x)
    if (x.error) throw new BridgeError('failed', `Could not reach SSO at ${ssoUrl}: ${x.error.message}`)
    const shown = x.response!.bodyText.slice(0, 300)
    if (x.response!.status !== 200) throw new BridgeError('failed', `SSO refused the request (HTTP ${x.response!.status}): ${shown}`)
    if (!apiToken) throw new BridgeError('failed', `SSO answered without an API token: ${shown}`)
    return this.exchangeApiToken(env, baseUrl, apiToken, exchanges)
  }

  private async exchangeApiToken(env: EnvironmentView, baseUrl: string, apiToken: string, exchanges: Exchange[]): Promise<string> {
    let token: string | null = null
    const x = await send(buildSessionRequest(baseUrl, apiToken), {
      environment: env.id,
      environmentName: env.name,
      onRaw: (raw) => (token = parseSessionToken(raw.json)),
    })
    this.record(x)
    exchanges.push(x)
    if (x.error) throw new BridgeError('failed', `Could not reach ${baseUrl}: ${x.error.message}`)
    if (x.response!.status !== 200) {
      throw new BridgeError('failed', `POST /sessions was refused (HTTP ${x.response!.status}): ${x.response!.bodyText.slice(0, 300)}`)
    }
    if (!token) throw new BridgeError('failed', `POST /sessions answered without a session token. Body: ${x.response!.bodyText.slice(0, 300)}`)
    return token
  }

  private async guard<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op()
    } catch (err) {
      if (err instanceof KeychainUnavailableError) throw new BridgeError('keychain-unavailable', err.problem)
      throw err
    }
  }
}
