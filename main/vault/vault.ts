import { AsyncEntry } from '@napi-rs/keyring'

export const KEYCHAIN_SERVICE = 'nexus-qa-console'

/** Where secrets live: the OS keychain, or (by explicit choice) this process's memory. */
export interface Vault {
  readonly kind: 'keychain' | 'memory'
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<void>
}

export class KeychainUnavailableError extends Error {
  constructor(readonly problem: string) {
    super(problem)
  }
}

/** The OS keychain through @napi-rs/keyring; on Linux pinned to the Secret Service (no silent kernel-keyring fallback). */
export class KeyringVault implements Vault {
  readonly kind = 'keychain'

  constructor(private service = KEYCHAIN_SERVICE) {}

  private entry(account: string): AsyncEntry {
    return new AsyncEntry(this.service, account, { linux: { store: 'secret-service' } })
  }

  async get(account: string): Promise<string | null> {
    return this.wrap(() => this.entry(account).getPassword())
  }

  async set(account: string, secret: string): Promise<void> {
    await this.wrap(() => this.entry(account).setPassword(secret))
  }

  async delete(account: string): Promise<void> {
    await this.wrap(() => this.entry(account).deleteCredential())
  }

  private async wrap<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op()
    } catch (err) {
      throw new KeychainUnavailableError(describeKeychainError(err))
    }
  }
}

export class MemoryVault implements Vault {
  readonly kind = 'memory'
  private secrets = new Map<string, string>()

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret)
  }

  async delete(account: string): Promise<void> {
    this.secrets.delete(account)
  }
}

export function describeKeychainError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  if (process.platform === 'linux') {
    return (
      `The OS keychain is not available (${message}). On Linux the console needs a Secret Service ` +
      '(gnome-keyring or KWallet) on the D-Bus session bus, unlocked. ' +
      'Start one, or choose "memory only" to keep secrets in memory for this run.'
    )
  }
  return `The OS keychain is not available (${message}). Choose "memory only" to keep secrets in memory for this run.`
}

/** Writes, reads and deletes a probe entry: tells whether the keychain works right now. */
export async function probeKeychain(vault: Vault): Promise<{ ok: true } | { ok: false; problem: string }> {
  const account = `probe:${process.pid}:${Date.now()}`
  try {
    await vault.set(account, 'probe')
    const back = await vault.get(account)
    await vault.delete(account)
    if (back !== 'probe') return { ok: false, problem: 'The keychain did not return what was stored in it.' }
    return { ok: true }
  } catch (err) {
    return { ok: false, problem: err instanceof KeychainUnavailableError ? err.problem : describeKeychainError(err) }
  }
}
