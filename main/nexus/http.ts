import { randomUUID } from 'node:crypto'
import http from 'node:http'
import https from 'node:https'
import type { Exchange, ExchangeErrorKind } from '../../preload/api'
import type { RequestSpec } from './build'
import { parseJson, redactExchange } from './redact'

export const DEFAULT_TIMEOUT_MS = 30_000

/**
 * Keep-alive pools, one per scheme. node:http rather than fetch: on Node 20
 * fetch costs about twice as much per request (web streams, a signal per
 * request), which matters when the matrix sends thousands of them.
 * Idle sockets close after 4 s (or just before the server's Keep-Alive hint
 * when that is shorter): reusing one the server is closing at that moment
 * would fail the request with ECONNRESET, and many servers close at 5 s.
 */
const POOL = { keepAlive: true, maxSockets: 16, maxFreeSockets: 4, timeout: 4_000 }
const AGENTS = { 'http:': new http.Agent(POOL), 'https:': new https.Agent(POOL) }

/** "150 ms", "30 s". */
const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`)

interface RawResponse {
  status: number
  statusText: string
  headers: Record<string, string>
  bodyText: string
}

/** One HTTP exchange; rejects with the transport error (aborts included). Redirects are not followed. */
function transmit(spec: Pick<RequestSpec, 'method' | 'url' | 'headers' | 'body'>, signal: AbortSignal): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let url: URL
    try {
      url = new URL(spec.url)
    } catch {
      reject(new Error(`"${spec.url}" is not a valid URL`))
      return
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      reject(new Error(`${url.protocol} URLs are not supported; use http or https`))
      return
    }
    const headers: Record<string, string> = { ...spec.headers }
    const body = spec.body ?? undefined
    if (body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-length')) {
      headers['Content-Length'] = String(Buffer.byteLength(body))
    }
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: spec.method, headers, agent: AGENTS[url.protocol], signal },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.once('error', reject)
        // A connection cut mid-body: 'close' without a complete message.
        res.once('close', () => {
          if (!res.complete) reject(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }))
        })
        res.once('end', () => {
          const out: Record<string, string> = {}
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: out, bodyText: Buffer.concat(chunks).toString('utf8') })
        })
      },
    )
    request.once('error', reject)
    request.end(body)
  })
}

/**
 * A plain JSON request outside the Nexus engine (the Local simulator's /__sim
 * control plane): no session, no redaction, no history. Throws a readable
 * Error when the request fails or the answer is not 2xx.
 */
export async function controlRequest(baseUrl: string, method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<any> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  const spec = {
    method,
    url: baseUrl.replace(/\/+$/, '') + path,
    headers: (body === undefined ? {} : { 'Content-Type': 'application/json' }) as Record<string, string>,
    body: body === undefined ? null : JSON.stringify(body),
  }
  let res: RawResponse
  try {
    res = await transmit(spec, controller.signal)
  } catch (err) {
    const why = controller.signal.aborted ? `no answer within ${duration(timeoutMs)}` : ((err as Error).message ?? String(err))
    throw new Error(`The simulator did not answer ${method} ${path} (${why}).`)
  } finally {
    clearTimeout(timer)
  }
  const json = parseJson(res.bodyText) as { error?: { message?: string } } | undefined
  if (res.status >= 400) throw new Error(`The simulator refused ${method} ${path}: ${json?.error?.message ?? `HTTP ${res.status}`}.`)
  return json
}

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
    const res = await transmit(spec, signal)
    const { bodyText } = res
    const json = parseJson(bodyText)
    base.response = { status: res.status, statusText: res.statusText, headers: res.headers, bodyText, ...(json !== undefined ? { json } : {}) }
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
  if (timedOut) return { kind: 'timeout', message: `No answer within ${duration(timeoutMs)}.` }
  // node:http puts the system code on the error itself; fetch put it on `cause`.
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } }
  const sys = e.cause?.code ? e.cause : e
  const detail = sys.code ? `${sys.code}: ${sys.message ?? ''}`.trim() : (e.message ?? String(err))
  return { kind: 'network', message: `The request did not complete (${detail}).` }
}
