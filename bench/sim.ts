// bench:sim — the simulator under load against a bare node:http server.
// Targets: throughput ratio ≥ 0.5, p99 < 10 ms, a 10,000-member seed < 150 MB RSS.
import autocannon from 'autocannon'
import { startChild } from './child'

const MEDIA = 'application/vnd.mx.nexus.v1+json'
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10)

async function sessionFor(url: string): Promise<{ token: string; member: string }> {
  const xml = await (await fetch(`${url}/sso/sim-client/users/qa-user-1/api_token.xml`, { headers: { 'md-api-key': 'sim-api-key' } })).text()
  const apiToken = /<token>([^<]+)</.exec(xml)![1]!
  const s: any = await (await fetch(`${url}/sessions`, { method: 'POST', headers: { 'md-api-token': apiToken, accept: MEDIA } })).json()
  const token = s.session.token as string
  const list: any = await (await fetch(`${url}/members?records_per_page=100`, { headers: { 'md-session-token': token, accept: MEDIA } })).json()
  const member = list.members.find((m: { name: string }) => m.name === 'MX Bank (connected)').guid as string
  return { token, member }
}

function load(url: string, path: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: url + path,
        method: 'PUT',
        connections: 50,
        duration: DURATION_S,
        headers: { accept: MEDIA, 'content-type': MEDIA, ...headers },
        body: JSON.stringify({ member: { connection_status: 'CONNECTED', skip_webhook: true } }),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    )
  })
}

const sim = await startChild(['sim'])
const { token, member } = await sessionFor(sim.url)
const simResult = await load(sim.url, `/members/${member}`, { 'md-session-token': token })
sim.stop()
if (simResult.non2xx) console.warn(`warning: ${simResult.non2xx} non-2xx answers from the simulator`)

const bare = await startChild(['bare'])
const bareResult = await load(bare.url, '/members/x', {})
bare.stop()

// Reference only (no target): the framework's floor on this machine.
const fastify = await startChild(['fastify'])
const fastifyResult = await load(fastify.url, '/members/x', {})
fastify.stop()

const big = await startChild(['sim', '5000'], ['--expose-gc'])
big.stop()

const ratio = simResult.requests.average / bareResult.requests.average
const rows = [
  ['simulator (update member, forced status)', simResult.requests.average.toFixed(0), simResult.latency.p99.toFixed(2)],
  ['bare node:http (fixed JSON)', bareResult.requests.average.toFixed(0), bareResult.latency.p99.toFixed(2)],
  ['reference: bare Fastify route (fixed member)', fastifyResult.requests.average.toFixed(0), fastifyResult.latency.p99.toFixed(2)],
]
console.log(`\nbench:sim — 50 connections, ${DURATION_S} s each`)
console.log('server'.padEnd(44), 'req/s'.padStart(8), 'p99 ms'.padStart(8))
for (const [n, r, p] of rows) console.log(n!.padEnd(44), r!.padStart(8), p!.padStart(8))
console.log(`throughput ratio simulator/bare: ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? 'OK' : 'MISSED'}`)
console.log(`reference ratio bare Fastify/bare: ${(fastifyResult.requests.average / bareResult.requests.average).toFixed(2)} (the framework's own floor here)`)
console.log(`simulator p99: ${simResult.latency.p99.toFixed(2)} ms (target < 10 ms) ${simResult.latency.p99 < 10 ? 'OK' : 'MISSED'}`)
const mb = big.rss / 1024 / 1024
console.log(`RSS with a 10,016-member seed: ${mb.toFixed(1)} MB (target < 150 MB) ${mb < 150 ? 'OK' : 'MISSED'}`)
