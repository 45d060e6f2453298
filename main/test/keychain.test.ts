import { describe, expect, it } from 'vitest'
import { KeyringVault, probeKeychain } from '../vault/vault'
import { MainHarness } from './harness'

// Runs only inside scripts/with-test-keyring.sh (npm test does that): a private
// D-Bus session and a throw-away gnome-keyring, never the user's keychain.
const inTestKeyring = process.env.NEXUS_QA_TEST_KEYRING === '1'
const mustRun = inTestKeyring || process.env.CI === 'true'

describe.runIf(mustRun)('OS keychain (private gnome-keyring)', () => {
  it('has a test keyring when CI=true', () => {
    expect(inTestKeyring, 'CI=true but no private keyring: run through scripts/with-test-keyring.sh (apt: dbus gnome-keyring)').toBe(true)
  })

  it('round-trips a secret in the Secret Service and deletes it', async () => {
    const vault = new KeyringVault('nexus-qa-console-test')
    expect(await probeKeychain(vault)).toEqual({ ok: true })
    await vault.set('local:session-token', 'round-trip-secret')
    expect(await vault.get('local:session-token')).toBe('round-trip-secret')
    await vault.delete('local:session-token')
    expect(await vault.get('local:session-token')).toBeNull()
  })

  it('keeps the session token in the keychain across a restart, and sign-out removes it', async () => {
    const vault = new KeyringVault('nexus-qa-console-test')
    const h = new MainHarness()
    await h.start(vault)
    try {
      await h.signIn()
      expect(await vault.get('local:session-token')).toEqual(expect.any(String))
      expect(await vault.get('local:api-key')).toBe('sim-api-key')
      await h.services.close()
      h.services = (await import('../services')).createServices({ userDataDir: h.dir, host: 'browser', version: 't', vault, localSimulatorUrl: h.sim.url })
      expect((await h.call('members:list', {})).exchange.response?.status).toBe(200)
      await h.call('session:signOut', { envId: 'local' })
      expect(await vault.get('local:session-token')).toBeNull()
      expect(await vault.get('local:api-key')).toBeNull()
    } finally {
      await h.stop()
    }
  })
})

describe('no keychain', () => {
  it('says what is missing, and memory-only works after an explicit choice', async () => {
    const broken = new KeyringVault()
    broken.get = broken.set = broken.delete = async () => {
      throw new (await import('../vault/vault')).KeychainUnavailableError('The OS keychain is not available (no Secret Service on the session bus).')
    }
    const h = new MainHarness()
    await h.start(broken)
    try {
      const status = await h.call('vault:status')
      expect(status.available).toBe(false)
      expect(status.problem).toMatch(/Secret Service/)
      const e = await h.raw('session:signIn', { envId: 'local', mode: 'sso', clientId: 'sim-client', userId: 'qa-user-1', apiKey: 'sim-api-key' })
      expect(e).toMatchObject({ ok: false, error: { code: 'keychain-unavailable' } })
      expect((await h.call('vault:useMemoryOnly')).memoryOnly).toBe(true)
      await h.signIn()
      expect((await h.call('session:get', { envId: 'local' }))?.storage).toBe('memory')
    } finally {
      await h.stop()
    }
  })
})
