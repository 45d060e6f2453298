import { randomUUID } from 'node:crypto'
import type { Exchange, ExchangeErrorKind } from '../../preload/api'
import type { RequestSpec } from './build'
import { parseJson, redactExchange } from './redact'

export const DEFAULT_TIMEOUT_MS = 30_000

export interface SendOptions {
  environment: string
  environmentName: string
  timeoutMs?: number
  signal?: AbortSignal
  /** Sees the raw body before redaction (sign-in reads its token here); never stored. */
  onRaw?: (raw: { status: number; bodyText: string; json: unknown }) => void
}

/** MX's error body shape is undocumented: take a code and a message from whatever shape arrives. */
export function parseNexusError(json: unknown): { code: string | null; message: string | null } | undefined {
  if (!json || typeof json !== 'object') return undefined
  const root = json as Record<string, unknown>
  const err = (typeof root.error === 'object' && root.error !== null ? root.error : root) as Record<string, unknown>
  const code = err.code ?? err.error_code ?? err.status_code
  const message = err.message ?? err.error_message ?? (typeof root.error === 'string' ? root.error : undefined)
  if (code === undefined && message === undefined) return undefined
  return { code: code === undefined ? null : String(code), message: message === undefined ? null : String(message) }
}

/**
 * Sends one request and returns its Exchange, redacted. Never throws for a
 * network or HTTP problem: the Exchange carries the error, so every attempt
 * can be shown and kept.
 */
export async function send(spec: RequestSpec, options: SendOptions): Promise<Exchange> {
  const started = Date.now()
  const t0 = performance.now()
  // One controller and one timer per request (AbortSignal.any/timeout are slow and linger on Node 20).
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  const onCancel = () => controller.abort()
  options.signal?.addEventListener('abort', onCancel, { once: true })
  const signal = controller.signal
  const base: Exchange = {
    id: randomUUID(),
    environment: options.environment,
    environmentName: options.environmentName,
    operation: spec.operation,
    memberGuid: spec.memberGuid,
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    request: { method: spec.method, url: spec.url, headers: spec.headers, body: spec.body },
  }
  try {
    const res = await fetch(spec.url, { method: spec.method, headers: spec.headers, body: spec.body ?? undefined, signal, redirect: 'manual' })
    const bodyText = await res.text()
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => (headers[k] = v))
    const json = parseJson(bodyText)
    base.response = { status: res.status, statusText: res.statusText, headers, bodyText, ...(json !== undefined ? { json } : {}) }
    if (res.status >= 400) base.nexusError = parseNexusError(json)
    options.onRaw?.({ status: res.status, bodyText, json })
  } catch (err) {
    base.error = classify(err, timedOut, options.signal, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onCancel)
  }
  base.durationMs = Math.round((performance.now() - t0) * 10) / 10
  const redacted = redactExchange(base, spec.secrets)
  if (redacted.nexusError) redacted.nexusError = parseNexusError(redacted.response?.json) ?? redacted.nexusError
  return redacted
}

function classify(err: unknown, timedOut: boolean, cancel: AbortSignal | undefined, timeoutMs: number): { kind: ExchangeErrorKind; message: string } {
  if (cancel?.aborted) return { kind: 'cancelled', message: 'The request was cancelled.' }
  if (timedOut) return { kind: 'timeout', message: `No answer within ${Math.round(timeoutMs / 1000)} s.` }
  const cause = (err as { cause?: { code?: string; message?: string } }).cause
  const detail = cause?.code ? `${cause.code}: ${cause.message ?? ''}`.trim() : (err as Error).message
  return { kind: 'network', message: `The request did not complete (${detail}).` }
}
