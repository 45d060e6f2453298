// Child process for the benchmarks: runs one server and prints `READY <url>`.
//   tsx bench/servers.ts sim [membersPerUser]   the simulator (job duration 0)
//   tsx bench/servers.ts bare                   a node:http server answering a fixed JSON
//   tsx bench/servers.ts fastify                a bare Fastify route answering a fixed member (reference)
import { createServer } from 'node:http'
import Fastify from 'fastify'
import { startSimulator } from '../simulator/index'

const [kind, members] = process.argv.slice(2)
if (kind === 'sim') {
  const sim = await startSimulator({ port: 0, jobMs: 0, membersPerUser: Number(members ?? 0) })
  global.gc?.()
  console.log(`READY ${sim.url} ${process.memoryUsage().rss}`)
} else if (kind === 'fastify') {
  // The framework's own floor: the same media type and body parser, a fixed answer the size of the simulator's.
  const media = 'application/vnd.mx.nexus.v1+json'
  const app = Fastify({ logger: false })
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(media, { parseAs: 'string' }, (_req, body, done) => done(null, JSON.parse(body as string)))
  const member = {
    aggregated_at: new Date().toISOString(), background_aggregation_is_disabled: false, connection_status: 'CONNECTED', connection_status_id: 6,
    connection_status_message: 'Connected to the institution.', external_guid: null, guid: 'MBR-40ab79da-4d03-007b-8e9b-c5aa98630793',
    institution_code: 'mxbank', institution_guid: 'INS-d3d00c19-e976-e449-ecd1-b8a042f97fdc', is_being_aggregated: false, is_managed_by_user: true,
    is_oauth: false, is_user_created: true, metadata: null, most_recent_job_guid: null, name: 'MX Bank (connected)',
    successfully_aggregated_at: new Date().toISOString(), use_cases: [], user_guid: 'USR-15382dd5-56e1-df6f-bed1-2f9d5799bfe7',
  }
  app.put('/members/:guid', async (_req, reply) => {
    reply.header('content-type', `${media}; charset=utf-8`)
    return { member }
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  console.log(`READY http://127.0.0.1:${(app.server.address() as { port: number }).port} ${process.memoryUsage().rss}`)
} else {
  const body = JSON.stringify({ member: { guid: 'MBR-x', connection_status: 'CONNECTED', connection_status_id: 6, is_being_aggregated: false } })
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/vnd.mx.nexus.v1+json; charset=utf-8' })
      res.end(body)
    })
  })
  server.listen(0, '127.0.0.1', () => {
    const a = server.address() as { port: number }
    console.log(`READY http://127.0.0.1:${a.port} ${process.memoryUsage().rss}`)
  })
}
process.on('message', (m) => {
  if (m === 'rss') process.send?.(process.memoryUsage().rss)
  if (m === 'cpu') {
    const { user, system } = process.cpuUsage()
    process.send?.(user + system)
  }
})
// A clean exit on SIGINT lets `--cpu-prof` write its profile when profiling a run.
process.on('SIGINT', () => process.exit(0))
