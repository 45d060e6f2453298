import type { Exchange } from '../../preload/api'

/** Exchanges as pretty JSON: already redacted, so safe to share. */
export function toJsonExport(exchanges: Exchange[]): string {
  return JSON.stringify({ format: 'nexus-qa-console/exchanges', version: 1, exchanges }, null, 2)
}

const pairs = (h: Record<string, string>) => Object.entries(h).map(([name, value]) => ({ name, value }))

/** HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), one entry per Exchange. */
export function toHar(exchanges: Exchange[], version: string): string {
  const entries = exchanges.map((x) => {
    const url = new URL(x.request.url)
    const res = x.response
    const mime = res?.headers['content-type'] ?? 'application/octet-stream'
    return {
      startedDateTime: x.startedAt,
      time: x.durationMs,
      request: {
        method: x.request.method,
        url: x.request.url,
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: pairs(x.request.headers),
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        ...(x.request.body !== null
          ? { postData: { mimeType: x.request.headers['Content-Type'] ?? 'application/json', text: x.request.body } }
          : {}),
        headersSize: -1,
        bodySize: x.request.body === null ? 0 : Buffer.byteLength(x.request.body),
      },
      response: {
        status: res?.status ?? 0,
        statusText: res?.statusText ?? x.error?.message ?? '',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: pairs(res?.headers ?? {}),
        content: { size: res ? Buffer.byteLength(res.bodyText) : 0, mimeType: mime, text: res?.bodyText ?? '' },
        redirectURL: '',
        headersSize: -1,
        bodySize: res ? Buffer.byteLength(res.bodyText) : -1,
        ...(x.error ? { _error: x.error.message } : {}),
      },
      cache: {},
      timings: { send: 0, wait: x.durationMs, receive: 0 },
      comment: `${x.operation} · ${x.environmentName}`,
    }
  })
  return JSON.stringify({ log: { version: '1.2', creator: { name: 'Nexus QA Console', version }, entries } }, null, 2)
}
