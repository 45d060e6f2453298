// bench:sim — the simulator under load against a bare node:http server.
// Targets: throughput ratio ≥ 0.5, p99 < 10 ms, a 10,000-member seed < 150 MB RSS.
// Every server gets the same warm-up load first (JIT, connection set-up), not
// measured; then rounds of measured runs, interleaved. The server's CPU time
// per request is printed too: on a small machine it varies less than requests/s.
import autocannon from 'autocannon'
import { type Child, startChild } from './child'

const MEDIA = 'application/vnd.mx.nexus.v1+json'
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10)
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 3)
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3))

async function sessionFor(url: string): Promise<{ token: string; member: string }> {
  const xml = await (await fetch(`${url}/sso/sim-client/users/qa-user-1/api_token.xml`, { headers: { 'md-api-key': 'sim-api-key' } })).text()
  const apiToken = /<token>([^<]+)</.exec(xml)![1]!
  const s: any = await (await fetch(`${url}/sessions`, { method: 'POST', headers: { 'md-api-token': apiToken, accept: MEDIA } })).json()
  const token = s.session.token as string
  const list: any = await (await fetch(`${url}/members?records_per_page=100`, { headers: { 'md-session-token': token, accept: MEDIA } })).json()
  const member = list.members.find((m: { name: string }) => m.name === 'MX Bank (connected)').guid as string
  return { token, member }
}

function load(url: string, path: string, headers: Record<string, string>, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: url + path,
        method: 'PUT',
        connections: 50,
        duration: seconds,
        headers: { accept: MEDIA, 'content-type': MEDIA, ...headers },
        body: JSON.stringify({ member: { connection_status: 'CONNECTED', skip_webhook: true } }),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    )
  })
}

interface Measured {
  reqPerS: number
  p99: number
  /** Server CPU time (user + system) per request, µs. */
  cpuUs: number
}

interface Target {
  name: string
  server: Child
  path: string
  headers: Record<string, string>
  runs: Measured[]
}

async function measure(t: Target): Promise<Measured> {
  const before = await t.server.cpu()
  const result = await load(t.server.url, t.path, t.headers, DURATION_S)
  const cpuUs = ((await t.server.cpu()) - before) / Math.max(1, result.requests.total)
  if (result.non2xx) console.warn(`warning: ${result.non2xx} non-2xx answers from ${t.name}`)
  return { reqPerS: result.requests.average, p99: result.latency.p99, cpuUs }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

const sim = await startChild(['sim'])
const session = await sessionFor(sim.url)
const targets: Target[] = [
  { name: 'simulator (update member, forced status)', server: sim, path: `/members/${session.member}`, headers: { 'md-session-token': session.token }, runs: [] },
  { name: 'bare node:http (fixed JSON)', server: await startChild(['bare']), path: '/members/x', headers: {}, runs: [] },
  // Reference only (no target): the framework's floor on this machine.
  { name: 'reference: bare Fastify route (fixed member)', server: await startChild(['fastify']), path: '/members/x', headers: {}, runs: [] },
]
for (const t of targets) if (WARMUP_S > 0) await load(t.server.url, t.path, t.headers, WARMUP_S)
// Rounds interleave the servers, so a slow spell on a shared machine falls on
// all of them alike; each round's ratio compares runs seconds apart.
for (let round = 1; round <= ROUNDS; round++) {
  for (const t of targets) t.runs.push(await measure(t))
  process.stderr.write(`round ${round}/${ROUNDS} done\n`)
}
for (const t of targets) t.server.stop()
const [simT, bareT, fastifyT] = targets as [Target, Target, Target]

const big = await startChild(['sim', '5000'], ['--expose-gc'])
big.stop()

const ratios = simT.runs.map((r, i) => r.reqPerS / bareT.runs[i]!.reqPerS)
const ratio = median(ratios)
const simP99 = median(simT.runs.map((r) => r.p99))
const med = (t: Target, k: keyof Measured) => median(t.runs.map((r) => r[k]))
console.log(`\nbench:sim — 50 connections, ${ROUNDS} rounds of ${DURATION_S} s per server (interleaved) after a ${WARMUP_S} s warm-up; medians`)
console.log('server'.padEnd(44), 'req/s'.padStart(8), 'p99 ms'.padStart(8), 'CPU µs/req'.padStart(11))
for (const t of targets) {
  console.log(t.name.padEnd(44), med(t, 'reqPerS').toFixed(0).padStart(8), med(t, 'p99').toFixed(2).padStart(8), med(t, 'cpuUs').toFixed(1).padStart(11))
}
console.log(`throughput ratio simulator/bare: ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? 'OK' : 'MISSED'}; rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}`)
console.log(`reference ratio bare Fastify/bare: ${median(fastifyT.runs.map((r, i) => r.reqPerS / bareT.runs[i]!.reqPerS)).toFixed(2)} (the framework's own floor here)`)
console.log(`CPU per request, bare/simulator: ${(med(bareT, 'cpuUs') / med(simT, 'cpuUs')).toFixed(2)} (bare Fastify/simulator: ${(med(fastifyT, 'cpuUs') / med(simT, 'cpuUs')).toFixed(2)})`)
console.log(`simulator p99: ${simP99.toFixed(2)} ms (target < 10 ms) ${simP99 < 10 ? 'OK' : 'MISSED'}; rounds: ${simT.runs.map((r) => r.p99).join(', ')}`)
const mb = big.rss / 1024 / 1024
console.log(`RSS with a 10,016-member seed: ${mb.toFixed(1)} MB (target < 150 MB) ${mb < 150 ? 'OK' : 'MISSED'}`)
