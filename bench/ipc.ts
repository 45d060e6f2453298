// bench:ipc — 2,000 update-member round trips through the browser host
// (WebSocket + handlers + history + simulator) against the same HTTP requests
// (the console reads the member, then PUTs the update) sent straight to the
// simulator with fetch. Target ratio ≤ 1.3. Then history: 100,000 records
// appended and a text search (target < 200 ms).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { startBrowserHost } from '../main/browser-host'
import { HistoryStore } from '../main/history/store'
import { createServices } from '../main/services'
import { fakeExchange } from '../main/test/fake-exchange'
import { MemoryVault } from '../main/vault/vault'
import { startSimulator } from '../simulator/index'

const N = Number(process.env.BENCH_ROUNDS ?? 2000)
const MEDIA = 'application/vnd.mx.nexus.v1+json'
const dir = mkdtempSync(join(tmpdir(), 'nexus-qa-bench-'))
const renderer = join(dir, 'renderer')
await import('node:fs').then((fs) => {
  fs.mkdirSync(renderer)
  fs.writeFileSync(join(renderer, 'index.html'), '<!doctype html>')
})

const sim = await startSimulator({ port: 0, jobMs: 0 })
const services = createServices({ userDataDir: join(dir, 'user'), host: 'browser', version: 'bench', vault: new MemoryVault(), localSimulatorUrl: sim.url })
const host = await startBrowserHost({ services, rendererDir: renderer })
const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?secret=${host.secret}`, { headers: { origin: host.origin } })
await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)))
let nextId = 1
const waiting = new Map<number, (v: any) => void>()
ws.on('message', (d) => {
  const m = JSON.parse(String(d))
  if (m.id) waiting.get(m.id)?.(m.envelope)
})
const call = (channel: string, args?: unknown) =>
  new Promise<any>((resolve) => {
    const id = nextId++
    waiting.set(id, resolve)
    ws.send(JSON.stringify({ id, channel, args }))
  })

const signIn = await call('session:signIn', { envId: 'local', mode: 'sso', clientId: 'sim-client', userId: 'qa-user-1', apiKey: 'sim-api-key' })
if (!signIn.ok) throw new Error(signIn.error.message)
const list = await call('members:list', {})
const member = list.result.members.find((m: any) => m.name === 'MX Bank (connected)').guid
const draft = (status: string) => ({
  memberGuid: member, bodyFormat: 'rooted', rawBody: '', skipAggregation: 'omit', skipWebhook: 'true', backgroundAggregationIsDisabled: 'omit',
  skipWebhookHeader: 'omit', connectionStatus: status, credentials: null, useCases: null, metadata: null, challenges: null,
})

const statuses = ['CONNECTED', 'DENIED']
for (let i = 0; i < 100; i++) await call('members:update', { draft: draft(statuses[i % 2]!) })
let t0 = performance.now()
for (let i = 0; i < N; i++) {
  const r = await call('members:update', { draft: draft(statuses[i % 2]!) })
  if (!r.ok || r.result.exchange.response.status !== 200) throw new Error(`round trip ${i} failed`)
}
const hostMs = performance.now() - t0

// The same HTTP requests, straight to the simulator.
const xml = await (await fetch(`${sim.url}/sso/sim-client/users/qa-user-1/api_token.xml`, { headers: { 'md-api-key': 'sim-api-key' } })).text()
const apiToken = /<token>([^<]+)</.exec(xml)![1]!
const session: any = await (await fetch(`${sim.url}/sessions`, { method: 'POST', headers: { 'md-api-token': apiToken, accept: MEDIA } })).json()
const headers = { accept: MEDIA, 'content-type': MEDIA, 'md-session-token': session.session.token }
const direct = async (status: string) => {
  await (await fetch(`${sim.url}/members/${member}`, { headers })).text()
  const r = await fetch(`${sim.url}/members/${member}`, { method: 'PUT', headers, body: JSON.stringify({ member: { connection_status: status, skip_webhook: true } }) })
  await r.text()
  if (r.status !== 200) throw new Error('direct call failed')
}
for (let i = 0; i < 100; i++) await direct(statuses[i % 2]!)
t0 = performance.now()
for (let i = 0; i < N; i++) await direct(statuses[i % 2]!)
const directMs = performance.now() - t0

ws.close()
await host.close()
await services.close()
await sim.close()

// History at scale.
const hdir = join(dir, 'history')
const history = new HistoryStore(hdir, { maxFileBytes: 256 * 1024 * 1024, syncDelayMs: -1 })
t0 = performance.now()
for (let i = 0; i < 100_000; i++) history.append(fakeExchange(i))
const appendMs = performance.now() - t0
t0 = performance.now()
const found = history.list({ text: 'note 99999' })
const searchMs = performance.now() - t0
t0 = performance.now()
const miss = history.list({ text: 'no such text anywhere' })
const missMs = performance.now() - t0
history.close()
rmSync(dir, { recursive: true, force: true })

const ratio = hostMs / directMs
console.log(`\nbench:ipc — ${N} update-member round trips (read before + PUT), sequential`)
console.log(`browser host (WebSocket + handlers + history + simulator): ${hostMs.toFixed(0)} ms, ${(hostMs / N).toFixed(3)} ms each`)
console.log(`fetch straight to the simulator (same two requests):      ${directMs.toFixed(0)} ms, ${(directMs / N).toFixed(3)} ms each`)
console.log(`ratio: ${ratio.toFixed(2)}× (target ≤ 1.3) ${ratio <= 1.3 ? 'OK' : 'MISSED'}`)
console.log(`history: 100,000 appends in ${appendMs.toFixed(0)} ms; text search ${searchMs.toFixed(1)} ms (${found.total} hit), miss ${missMs.toFixed(1)} ms (${miss.total} hits) (target < 200 ms) ${Math.max(searchMs, missMs) < 200 ? 'OK' : 'MISSED'}`)
