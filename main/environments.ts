import { randomUUID } from 'node:crypto'
import type { EnvironmentView } from '../preload/api'
import type { SettingsStore } from './settings'

export const INT = { baseUrl: 'https://int-data.moneydesktop.com', ssoUrl: 'https://int-sso.moneydesktop.com' }
export const PROD = { baseUrl: 'https://data.moneydesktop.com', ssoUrl: 'https://sso.moneydesktop.com' }

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/** Custom environments: any https URL; plain http only on loopback. */
export function checkEnvironmentUrl(raw: string, label: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error(`${label} "${raw}" is not a URL.`)
  }
  if (url.username || url.password) throw new Error(`${label} must not carry a user name or password.`)
  if (url.protocol === 'https:') return url.origin + url.pathname.replace(/\/+$/, '')
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url.origin + url.pathname.replace(/\/+$/, '')
  throw new Error(`${label} must use https (plain http is allowed only on 127.0.0.1, localhost or ::1).`)
}

/** The environments the console knows: the simulator (default), int-data, production, and custom ones. */
export class Environments {
  constructor(
    private settings: SettingsStore,
    private localUrl: () => string | null,
  ) {}

  list(): EnvironmentView[] {
    const local = this.localUrl()
    return [
      {
        id: 'local',
        kind: 'local',
        name: 'Local simulator',
        baseUrl: local ?? 'http://127.0.0.1 (starts on first use)',
        ssoUrl: local ? `${local}/sso` : '',
        confirmWrites: false,
        hasSimulator: true,
      },
      { id: 'int', kind: 'int', name: 'Integration (int-data)', ...INT, confirmWrites: false, hasSimulator: false },
      { id: 'prod', kind: 'prod', name: 'Production', ...PROD, confirmWrites: true, hasSimulator: false },
      ...this.settings.get().customEnvironments.map((c) => ({
        ...c,
        kind: 'custom' as const,
        confirmWrites: false,
        hasSimulator: false,
      })),
    ]
  }

  get(id: string): EnvironmentView {
    const env = this.list().find((e) => e.id === id)
    if (!env) throw new Error(`Unknown environment "${id}".`)
    return env
  }

  active(): EnvironmentView {
    const id = this.settings.get().activeEnvId
    return this.list().find((e) => e.id === id) ?? this.get('local')
  }

  select(id: string): EnvironmentView {
    const env = this.get(id)
    this.settings.update((s) => {
      s.activeEnvId = env.id
    })
    return env
  }

  saveCustom(input: { id?: string; name: string; baseUrl: string; ssoUrl?: string }): EnvironmentView {
    const name = input.name.trim()
    if (!name) throw new Error('A custom environment needs a name.')
    const baseUrl = checkEnvironmentUrl(input.baseUrl, 'Base URL')
    const ssoUrl = input.ssoUrl?.trim() ? checkEnvironmentUrl(input.ssoUrl, 'SSO URL') : `${baseUrl}/sso`
    const id = input.id ?? `custom-${randomUUID().slice(0, 8)}`
    if (['local', 'int', 'prod'].includes(id)) throw new Error(`"${id}" is a built-in environment.`)
    this.settings.update((s) => {
      s.customEnvironments = s.customEnvironments.filter((c) => c.id !== id)
      s.customEnvironments.push({ id, name, baseUrl, ssoUrl })
    })
    return this.get(id)
  }

  removeCustom(id: string): void {
    if (!this.settings.get().customEnvironments.some((c) => c.id === id)) throw new Error(`No custom environment "${id}".`)
    this.settings.update((s) => {
      s.customEnvironments = s.customEnvironments.filter((c) => c.id !== id)
      if (s.activeEnvId === id) s.activeEnvId = 'local'
    })
  }
}
