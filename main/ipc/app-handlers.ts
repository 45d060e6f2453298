import type { ServiceContext } from '../context'
import { probeKeychain, MemoryVault } from '../vault/vault'
import { BridgeError } from './errors'
import type { HandlerGroup } from './registry'

type AppChannels =
  | 'app:info'
  | 'env:list'
  | 'env:select'
  | 'env:saveCustom'
  | 'env:removeCustom'
  | 'vault:status'
  | 'vault:useMemoryOnly'
  | 'session:get'
  | 'session:signIn'
  | 'session:signOut'

export function appHandlers(ctx: ServiceContext): HandlerGroup<AppChannels> {
  const vaultStatus = async () => {
    const { vault, memoryOnly } = ctx.vaultState
    if (vault.kind === 'memory') return { available: false, backend: 'memory (this run only)', problem: null, memoryOnly }
    const probe = await probeKeychain(vault)
    return {
      available: probe.ok,
      backend: process.platform === 'linux' ? 'Secret Service (OS keychain)' : 'OS keychain',
      problem: probe.ok ? null : probe.problem,
      memoryOnly,
    }
  }
  return {
    'app:info': () => ({ version: ctx.version, host: ctx.host, userDataDir: ctx.userDataDir }),
    'env:list': () => ({ environments: ctx.environments.list(), activeId: ctx.environments.active().id }),
    'env:select': ({ id }) => {
      const env = ctx.environments.select(id)
      ctx.events.emit('env:changed', { activeId: env.id })
      return env
    },
    'env:saveCustom': (args) => ctx.environments.saveCustom(args),
    'env:removeCustom': ({ id }) => {
      ctx.environments.removeCustom(id)
    },
    'vault:status': vaultStatus,
    'vault:useMemoryOnly': async () => {
      ctx.vaultState.vault = new MemoryVault()
      ctx.vaultState.memoryOnly = true
      return vaultStatus()
    },
    'session:get': ({ envId }) => ctx.sessions.view(envId),
    'session:signIn': async (req) => {
      const env = ctx.environments.get(req.envId)
      const { baseUrl, ssoUrl } = await ctx.target(env)
      try {
        return await ctx.sessions.signIn(env, baseUrl, ssoUrl, req)
      } catch (err) {
        if (err instanceof BridgeError) throw err
        throw new BridgeError('failed', `Sign-in failed: ${(err as Error).message}`)
      }
    },
    'session:signOut': async ({ envId }) => {
      await ctx.sessions.signOut(envId)
    },
  }
}
