import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where both hosts keep settings and history: NEXUS_QA_USER_DATA when set
 * (tests point it at a fresh temporary folder), else the platform's usual place.
 */
export function resolveUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.NEXUS_QA_USER_DATA) return env.NEXUS_QA_USER_DATA
  const home = homedir()
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Nexus QA Console')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Nexus QA Console')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'nexus-qa-console')
}
