import { parseArgs } from 'node:util'
import { startSimulator } from './index'

const HELP = `Usage: npm run sim -- [--port 4010] [--seed default] [--members-per-user N] [--webhook-url URL]... [--job-ms 1500]

Starts the embedded Nexus simulator on 127.0.0.1 until Ctrl-C.
  --port              port to listen on (0 picks a free one; default 4010)
  --seed              seed to load (default: default)
  --members-per-user  extra generated MX Bank members per user, for scale tests
  --webhook-url       POST every webhook to this URL (repeatable)
  --job-ms            how long an aggregation job takes on the simulator's clock (default 1500)`

function fail(message: string): never {
  console.error(`nexus-sim: ${message}\n\n${HELP}`)
  process.exit(2)
}

function intOption(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > max) fail(`--${name} takes a whole number from 0 to ${max}, not "${value}"`)
  return n
}

let args
try {
  args = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'members-per-user': { type: 'string' },
      'webhook-url': { type: 'string', multiple: true },
      'job-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values
} catch (err) {
  fail((err as Error).message)
}
if (args.help) {
  console.log(HELP)
  process.exit(0)
}
for (const url of args['webhook-url'] ?? []) {
  if (!URL.canParse(url)) fail(`--webhook-url "${url}" is not a URL`)
}

try {
  const sim = await startSimulator({
    port: intOption(args.port, 'port', 4010, 65535),
    seed: args.seed,
    membersPerUser: intOption(args['members-per-user'], 'members-per-user', 0, 100_000),
    jobMs: intOption(args['job-ms'], 'job-ms', 1500, 600_000),
    webhookUrls: args['webhook-url'],
  })
  console.log(`Nexus simulator listening on ${sim.url}`)
  console.log(`  client id sim-client · API key sim-api-key · users qa-user-1, qa-user-2 · control plane ${sim.url}/__sim/state`)
  const stop = async (signal: string) => {
    console.log(`\n${signal}: shutting down…`)
    await sim.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
} catch (err) {
  const e = err as NodeJS.ErrnoException
  fail(e.code === 'EADDRINUSE' ? `port is already in use (${e.message}); pick another with --port or use --port 0` : e.message)
}
