// bench:sim — the simulator under load against a bare node:http server.
// Targets: throughput ratio ≥ 0.5, p99 < 10 ms, a 10,000-member seed < 150 MB RSS.
// Every server gets the same warm-up load first (JIT, connection set-up), not
// measured; then the measured run. The server's CPU time per request is
// printed too: on a small machine it varies less than requests/s.
import autocannon from 'autocannon'
import { type Child, startChild } from './child'

const MEDIA = 'application/vnd.mx.nexus.v1+json'
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10)
const WARMUP_S = Number(process.env.BENCH_WARMUP_SECONDS ?? 3)

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
  result: autocannon.Result
  /** Server CPU time (user + system) per request, µs. */
  cpuUs: number
}

async function measure(server: Child, path: string, headers: Record<string, string>): Promise<Measured> {
  if (WARMUP_S > 0) await load(server.url, path, headers, WARMUP_S)
  const before = await server.cpu()
  const result = await load(server.url, path, headers, DURATION_S)
  const cpuUs = ((await server.cpu()) - before) / Math.max(1, result.requests.total)
  server.stop()
  return { result, cpuUs }
}

const sim = await startChild(['sim'])
const { token, member } = await sessionFor(sim.url)
const simRun = await measure(sim, `/members/${member}`, { 'md-session-token': token })
const simResult = simRun.result
if (simResult.non2xx) console.warn(`warning: ${simResult.non2xx} non-2xx answers from the simulator`)

const bareRun = await measure(await startChild(['bare']), '/members/x', {})
const bareResult = bareRun.result

// Reference only (no target): the framework's floor on this machine.
const fastifyRun = await measure(await startChild(['fastify']), '/members/x', {})
const fastifyResult = fastifyRun.result

const big = await startChild(['sim', '5000'], ['--expose-gc'])
big.stop()

const ratio = simResult.requests.average / bareResult.requests.average
const row = (name: string, m: Measured) => [name, m.result.requests.average.toFixed(0), m.result.latency.p99.toFixed(2), m.cpuUs.toFixed(1)]
const rows = [
  row('simulator (update member, forced status)', simRun),
  row('bare node:http (fixed JSON)', bareRun),
  row('reference: bare Fastify route (fixed member)', fastifyRun),
]
console.log(`\nbench:sim — 50 connections, ${DURATION_S} s each after a ${WARMUP_S} s warm-up`)
console.log('server'.padEnd(44), 'req/s'.padStart(8), 'p99 ms'.padStart(8), 'CPU µs/req'.padStart(11))
for (const [n, r, p, c] of rows) console.log(n!.padEnd(44), r!.padStart(8), p!.padStart(8), c!.padStart(11))
console.log(`throughput ratio simulator/bare: ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? 'OK' : 'MISSED'}`)
console.log(`reference ratio bare Fastify/bare: ${(fastifyResult.requests.average / bareResult.requests.average).toFixed(2)} (the framework's own floor here)`)
console.log(`CPU per request, bare/simulator: ${(bareRun.cpuUs / simRun.cpuUs).toFixed(2)} (bare Fastify/simulator: ${(fastifyRun.cpuUs / simRun.cpuUs).toFixed(2)})`)
console.log(`simulator p99: ${simResult.latency.p99.toFixed(2)} ms (target < 10 ms) ${simResult.latency.p99 < 10 ? 'OK' : 'MISSED'}`)
const mb = big.rss / 1024 / 1024
console.log(`RSS with a 10,016-member seed: ${mb.toFixed(1)} MB (target < 150 MB) ${mb < 150 ? 'OK' : 'MISSED'}`)
