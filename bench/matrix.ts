// bench:matrix — the full update-member matrix on one member against the
// simulator (job duration 0): 22 statuses × skip_aggregation × skip_webhook ×
// MX-Skip-Webhook (omit/true/false each) × rooted/legacy × with/without
// credentials. Prints wall time, combinations per second, and the ratio
// against replaying the very same HTTP requests in a bare fetch loop.
// Target ratio ≤ 1.5.
import http from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CONNECTION_STATUSES } from '../common/connection-statuses'
import { runMatrix } from '../main/contract/matrix'
import { matrixOps } from '../main/contract/ops'
import { createServices } from '../main/services'
import { MemoryVault } from '../main/vault/vault'
import type { MatrixSpec } from '../preload/api'
import { startChild } from './child'

const sim = await startChild(['sim'])
const dir = mkdtempSync(join(tmpdir(), 'nexus-qa-bench-matrix-'))
const services = createServices({ userDataDir: dir, host: 'browser', version: 'bench', vault: new MemoryVault(), localSimulatorUrl: sim.url })
const call = async (channel: string, args?: unknown): Promise<any> => {
  const e = await services.dispatch(channel, args)
  if (!e.ok) throw new Error(e.error.message)
  return e.result
}
await call('session:signIn', { envId: 'local', mode: 'sso', clientId: 'sim-client', userId: 'qa-user-1', apiKey: 'sim-api-key' })
const member = (await call('members:list', {})).members.find((m: { name: string }) => m.name === 'MX Bank (connected)').guid

// Record every HTTP request the runner makes (its engine is node:http), to replay them bare.
const recorded: { url: string; init: RequestInit }[] = []
const realRequest = http.request
http.request = function (this: unknown, url: URL, options: http.RequestOptions, cb?: (res: http.IncomingMessage) => void) {
  const req = realRequest.call(this, url, options, cb)
  const end = req.end
  req.end = function (this: http.ClientRequest, body?: unknown, ...rest: unknown[]) {
    const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'content-length'))
    recorded.push({ url: String(url), init: { method: options.method, headers: headers as Record<string, string>, body: (body as string | undefined) ?? undefined } })
    return (end as (...a: unknown[]) => http.ClientRequest).call(this, body, ...rest)
  } as typeof req.end
  return req
} as typeof http.request

const spec: MatrixSpec = {
  memberGuid: member,
  statuses: process.env.BENCH_STATUSES ? process.env.BENCH_STATUSES.split(',') : [...CONNECTION_STATUSES],
  skipAggregation: ['omit', 'true', 'false'],
  skipWebhook: ['omit', 'true', 'false'],
  skipWebhookHeader: ['omit', 'true', 'false'],
  bodyFormats: ['rooted', 'legacy'],
  credentials: [false, true],
}
let t0 = performance.now()
const result = await runMatrix(matrixOps(services.context), spec)
const runMs = performance.now() - t0
http.request = realRequest

await fetch(`${sim.url}/__sim/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
t0 = performance.now()
for (const r of recorded) await (await fetch(r.url, r.init)).arrayBuffer()
const bareMs = performance.now() - t0

await services.close()
sim.stop()
rmSync(dir, { recursive: true, force: true })

const ratio = runMs / bareMs
console.log(`\nbench:matrix — ${result.total} combinations on one member, simulator job duration 0`)
console.log(`matrix runner: ${(runMs / 1000).toFixed(2)} s, ${(result.total / (runMs / 1000)).toFixed(0)} combinations/s; ${result.summary.pass} pass, ${result.summary.fail} fail`)
console.log(`the same ${recorded.length} HTTP requests in a bare fetch loop: ${(bareMs / 1000).toFixed(2)} s`)
console.log(`ratio: ${ratio.toFixed(2)} (target ≤ 1.5) ${ratio <= 1.5 ? 'OK' : 'MISSED'}`)
