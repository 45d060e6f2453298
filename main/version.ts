import { readFileSync } from 'node:fs'

/** The console's version, from package.json (found from the source or the built bundle). */
export function appVersion(): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      return (JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { version: string }).version
    } catch {
      // try the next place
    }
  }
  return '0.0.0'
}
