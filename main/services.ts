import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { EnvironmentView } from '../preload/api'
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../simulator/index'
import type { EventBus, ServiceContext, VaultState } from './context'
import { Environments } from './environments'
import { Follower, MX_MIN_POLL_MS } from './follow'
import { HistoryStore, type HistoryOptions } from './history/store'
import { appHandlers } from './ipc/app-handlers'
import { historyHandlers } from './ipc/history-handlers'
import { matrixHandlers } from './ipc/matrix-handlers'
import { scenarioHandlers } from './ipc/scenario-handlers'
import { memberHandlers } from './ipc/member-handlers'
import { createDispatcher, type Dispatch, type Handlers } from './ipc/registry'
import { simHandlers } from './ipc/sim-handlers'
import { NexusGateway } from './nexus/gateway'
import { SessionManager } from './session/sessions'
import { SettingsStore } from './settings'
import { KeyringVault, type Vault } from './vault/vault'

export interface ServicesOptions {
  userDataDir: string
  host: 'electron' | 'browser'
  version: string
  /** Defaults to the OS keychain. */
  vault?: Vault
  /** Use this simulator instead of starting the embedded one (tests, `npm run sim`). */
  localSimulatorUrl?: string
  simulator?: SimulatorOptions
  history?: HistoryOptions
  /** Poll interval against the simulator (MX always gets at least 3 s). */
  simulatorPollMs?: number
}

export interface Services {
  dispatch: Dispatch
  events: EventBus
  context: ServiceContext
  close(): Promise<void>
}

/** The one object both hosts serve: every service, wired, behind one dispatcher. */
export function createServices(options: ServicesOptions): Services {
  mkdirSync(options.userDataDir, { recursive: true })
  const settings = new SettingsStore(options.userDataDir)
  const history = new HistoryStore(join(options.userDataDir, 'history'), options.history)
  const events: EventBus = new EventEmitter() as EventBus
  const vaultState: VaultState = { vault: options.vault ?? new KeyringVault(), memoryOnly: options.vault?.kind === 'memory' }

  let simulator: RunningSimulator | null = null
  let starting: Promise<string> | null = null
  const external = options.localSimulatorUrl ?? process.env.NEXUS_QA_LOCAL_SIM_URL ?? null
  const ensureLocal = (): Promise<string> => {
    if (external) return Promise.resolve(external.replace(/\/+$/, ''))
    if (simulator) return Promise.resolve(simulator.url)
    starting ??= startSimulator({ port: 0, ...options.simulator })
      .then((s) => {
        simulator = s
        return s.url
      })
      .catch((err) => {
        starting = null
        throw new Error(`The embedded simulator could not start: ${(err as Error).message}`)
      })
    return starting
  }
  const localUrl = () => external ?? simulator?.url ?? null

  const environments = new Environments(settings, localUrl)
  const record = (x: Parameters<HistoryStore['append']>[0]) => history.append(x)
  const sessions = new SessionManager(settings, () => vaultState.vault, record)
  const target = async (env: EnvironmentView = environments.active()) => {
    if (env.kind !== 'local') return { env, baseUrl: env.baseUrl, ssoUrl: env.ssoUrl }
    const url = await ensureLocal()
    return { env: environments.get(env.id), baseUrl: url, ssoUrl: `${url}/sso` }
  }
  const gateway = new NexusGateway(() => target(), sessions, record)
  const follower = new Follower(gateway)

  const context: ServiceContext = {
    version: options.version,
    host: options.host,
    userDataDir: options.userDataDir,
    settings,
    environments,
    vaultState,
    sessions,
    gateway,
    history,
    follower,
    events,
    ensureLocal,
    localUrl,
    target,
    followIntervalMs: (env) => (env.kind === 'local' ? (options.simulatorPollMs ?? 250) : MX_MIN_POLL_MS),
  }

  sessions.on('changed', (e) => events.emit('session:changed', e))
  sessions.on('expiring', (e) => events.emit('session:expiring', e))
  follower.on('progress', (p) => events.emit('follow:progress', p))

  const handlers: Handlers = {
    ...appHandlers(context),
    ...memberHandlers(context),
    ...historyHandlers(context),
    ...simHandlers(context),
    ...matrixHandlers(context),
    ...scenarioHandlers(context),
  }

  return {
    dispatch: createDispatcher(handlers),
    events,
    context,
    async close() {
      follower.cancelAll()
      gateway.cancelAll()
      sessions.close()
      history.close()
      if (starting) await starting.catch(() => undefined)
      await simulator?.close()
    },
  }
}

