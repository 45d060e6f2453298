import type { EventEmitter } from 'node:events'
import type { EnvironmentView, Events } from '../preload/api'
import type { Environments } from './environments'
import type { Follower } from './follow'
import type { HistoryStore } from './history/store'
import type { NexusGateway, Target } from './nexus/gateway'
import type { SessionManager } from './session/sessions'
import type { SettingsStore } from './settings'
import type { Vault } from './vault/vault'

export type EventBus = EventEmitter<{ [E in keyof Events]: [Events[E]] }>

export interface VaultState {
  vault: Vault
  memoryOnly: boolean
}

/** Everything a handler module may use; built once by createServices. */
export interface ServiceContext {
  version: string
  host: 'electron' | 'browser'
  userDataDir: string
  settings: SettingsStore
  environments: Environments
  vaultState: VaultState
  sessions: SessionManager
  gateway: NexusGateway
  history: HistoryStore
  follower: Follower
  events: EventBus
  /** The Local simulator's URL, starting the embedded simulator on first use. */
  ensureLocal(): Promise<string>
  localUrl(): string | null
  target(env?: EnvironmentView): Promise<Target>
  followIntervalMs(env: EnvironmentView): number
}
