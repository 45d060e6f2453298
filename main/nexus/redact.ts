import type { Exchange } from '../../preload/api'

/** Headers whose values are secrets, lower-cased. */
export const SECRET_HEADERS = ['md-session-token', 'md-api-token', 'md-api-key'] as const

/** `CWfo…tKg`: enough to tell tokens apart, never enough to use one. */
export function mask(secret: string): string {
  if (secret.length < 12) return '•••'
  return `${secret.slice(0, 4)}…${secret.slice(-3)}`
}

export const REDACTED_VALUE = '[redacted]'

function scrubText(text: string, secrets: string[]): string {
  let out = text
  for (const s of secrets) if (s && out.includes(s)) out = out.split(s).join(`[redacted ${mask(s)}]`)
  return out
}

/** Credential values and challenge answers inside an update/create body, rooted or legacy. */
function redactBodyJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactBodyJson)
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (k === 'credentials' && Array.isArray(v)) {
      out[k] = v.map((c) => (c && typeof c === 'object' && 'value' in c ? { ...c, value: REDACTED_VALUE } : c))
    } else if (k === 'token' && typeof v === 'string') {
      out[k] = `[redacted ${mask(v)}]`
    } else out[k] = redactBodyJson(v)
  }
  return out
}

export function redactBody(body: string | null, secrets: string[]): string | null {
  if (body === null) return null
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    parsed = undefined
  }
  if (parsed !== undefined) {
    const redacted = JSON.stringify(redactBodyJson(parsed))
    // Keep the text as it was written unless a structural redaction changed it.
    return scrubText(redacted === JSON.stringify(parsed) ? body : redacted, secrets)
  }
  {
    return scrubText(body.replace(/<token>[^<]*<\/token>/g, '<token>[redacted]</token>'), secrets)
  }
}

function redactHeaders(headers: Record<string, string>, secrets: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) {
    out[k] = (SECRET_HEADERS as readonly string[]).includes(k.toLowerCase()) ? `[redacted ${mask(v)}]` : scrubText(v, secrets)
  }
  return out
}

/**
 * Removes every secret from an Exchange: secret headers, credential values,
 * tokens in bodies, and any other occurrence of a known secret string.
 * `secrets` are the raw secret strings used for the request (tokens, keys,
 * credential values long enough to scrub safely).
 */
export function redactExchange(exchange: Exchange, secrets: string[]): Exchange {
  const known = secrets.filter((s) => s && s.length >= 4)
  const out: Exchange = {
    ...exchange,
    request: {
      ...exchange.request,
      url: scrubText(exchange.request.url, known),
      headers: redactHeaders(exchange.request.headers, known),
      body: redactBody(exchange.request.body, known),
    },
  }
  if (exchange.response) {
    const bodyText = redactBody(exchange.response.bodyText, known) ?? ''
    out.response = { ...exchange.response, headers: redactHeaders(exchange.response.headers, known), bodyText }
    if (exchange.response.json !== undefined) out.response.json = parseJson(bodyText)
  }
  if (exchange.error) out.error = { ...exchange.error, message: scrubText(exchange.error.message, known) }
  return out
}

export function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}
