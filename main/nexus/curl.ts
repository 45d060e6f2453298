import type { HttpRequestView } from '../../preload/api'

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

const ENV_FOR_HEADER: Record<string, string> = {
  'md-session-token': '$MD_SESSION_TOKEN',
  'md-api-token': '$MD_API_TOKEN',
  'md-api-key': '$MD_API_KEY',
}

/**
 * copy-as-curl: secret headers become shell variables (`"$MD_SESSION_TOKEN"`),
 * so the command can be pasted anywhere without leaking the secret.
 */
export function toCurl(req: HttpRequestView): string {
  const parts = [`curl -i -X ${req.method} ${shellQuote(req.url)}`]
  for (const [name, value] of Object.entries(req.headers)) {
    const env = ENV_FOR_HEADER[name.toLowerCase()]
    parts.push(env ? `-H "${name}: ${env}"` : `-H ${shellQuote(`${name}: ${value}`)}`)
  }
  if (req.body !== null) parts.push(`--data-raw ${shellQuote(req.body)}`)
  return parts.join(' \\\n  ')
}
