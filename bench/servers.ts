// Child process for the benchmarks: runs one server and prints `READY <url>`.
//   tsx bench/servers.ts sim [membersPerUser]   the simulator (job duration 0)
//   tsx bench/servers.ts bare                   a node:http server answering a fixed JSON
import { createServer } from 'node:http'
import { startSimulator } from '../simulator/index'

const [kind, members] = process.argv.slice(2)
if (kind === 'sim') {
  const sim = await startSimulator({ port: 0, jobMs: 0, membersPerUser: Number(members ?? 0) })
  global.gc?.()
  console.log(`READY ${sim.url} ${process.memoryUsage().rss}`)
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
})
// A clean exit on SIGINT lets `--cpu-prof` write its profile when profiling a run.
process.on('SIGINT', () => process.exit(0))
