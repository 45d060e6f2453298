import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'

/** Non-secret settings, persisted in the user-data folder. Secrets never go here. */
const settingsSchema = z.object({
  activeEnvId: z.string().default('local'),
  customEnvironments: z
    .array(z.object({ id: z.string(), name: z.string(), baseUrl: z.string(), ssoUrl: z.string() }))
    .default([]),
  /** Per environment: how the last session was opened, so it can be restored from the keychain. */
  sessions: z
    .record(
      z.string(),
      z.object({
        mode: z.enum(['sso', 'apiToken', 'sessionToken', 'testSession']),
        clientId: z.string().nullable(),
        userId: z.string().nullable(),
        tokenPreview: z.string(),
        lastUsedAt: z.number(),
        canRenew: z.boolean(),
      }),
    )
    .default({}),
})

export type Settings = z.infer<typeof settingsSchema>

export class SettingsStore {
  private file: string
  private value: Settings
  problem: string | null = null

  constructor(userDataDir: string) {
    this.file = join(userDataDir, 'settings.json')
    this.value = this.load()
  }

  get(): Settings {
    return this.value
  }

  private lazyTimer: NodeJS.Timeout | null = null

  /** For frequent, unimportant changes (a session's last use): written within a few seconds, or on flush. */
  updateLazily(change: (s: Settings) => void): void {
    change(this.value)
    if (this.lazyTimer) return
    this.lazyTimer = setTimeout(() => this.flush(), 3000)
    this.lazyTimer.unref()
  }

  flush(): void {
    if (!this.lazyTimer) return
    clearTimeout(this.lazyTimer)
    this.lazyTimer = null
    this.write()
  }

  update(change: (s: Settings) => void): void {
    change(this.value)
    if (this.lazyTimer) clearTimeout(this.lazyTimer)
    this.lazyTimer = null
    this.write()
  }

  private write(): void {
    mkdirSync(dirname(this.file), { recursive: true })
    // Write-then-rename: a crash leaves either the old file or the new one, never half of one.
    const tmp = `${this.file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(this.value, null, 2), { mode: 0o600 })
    renameSync(tmp, this.file)
  }

  private load(): Settings {
    let raw: string
    try {
      raw = readFileSync(this.file, 'utf8')
    } catch {
      return settingsSchema.parse({})
    }
    try {
      return settingsSchema.parse(JSON.parse(raw))
    } catch (err) {
      // Keep the unreadable file for the user and start from defaults.
      const aside = `${this.file}.unreadable-${Date.now()}`
      renameSync(this.file, aside)
      this.problem = `settings.json could not be read (${(err as Error).message}); it was kept as ${aside} and defaults are in use.`
      return settingsSchema.parse({})
    }
  }
}
