import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { type ArgsOf, type Channel, defaultDraft, type Envelope, type ResultOf } from '../../preload/api'
import { startSimulator, type RunningSimulator } from '../../simulator/index'
import { createServices, type Services } from '../services'
import { MemoryVault, type Vault } from '../vault/vault'

/** Services on a fresh user-data folder, pointed at a real simulator on loopback. */
export class MainHarness {
  sim!: RunningSimulator
  services!: Services
  dir!: string

  async start(vault: Vault = new MemoryVault()): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'nexus-qa-main-'))
    this.sim = await startSimulator({ port: 0, jobMs: 100 })
    this.services = createServices({
      userDataDir: this.dir,
      host: 'browser',
      version: 'test',
      vault,
      localSimulatorUrl: this.sim.url,
      simulatorPollMs: 20,
    })
  }

  async raw(channel: string, args?: unknown): Promise<Envelope> {
    return this.services.dispatch(channel, args)
  }

  async call<C extends Channel>(channel: C, args?: ArgsOf<C>): Promise<ResultOf<C>> {
    const e = await this.services.dispatch(channel, args)
    if (!e.ok) throw new Error(`${channel}: [${e.error.code}] ${e.error.message}`)
    return e.result as ResultOf<C>
  }

  async signIn(): Promise<void> {
    await this.call('session:signIn', { envId: 'local', mode: 'sso', clientId: 'sim-client', userId: 'qa-user-1', apiKey: 'sim-api-key' })
  }

  async member(name: string): Promise<any> {
    const { members } = await this.call('members:list', {})
    return members.find((m) => m.name === name)
  }

  async stop(): Promise<void> {
    await this.services?.close()
    await this.sim?.close()
    rmSync(this.dir, { recursive: true, force: true })
  }
}

export function useMain(): MainHarness {
  const h = new MainHarness()
  beforeEach(() => h.start())
  afterEach(() => h.stop())
  return h
}

export function draft(memberGuid: string, over: Partial<ArgsOf<'members:update'>['draft']> = {}): ArgsOf<'members:update'>['draft'] {
  return { ...defaultDraft(memberGuid), rawBody: '', ...over }
}
