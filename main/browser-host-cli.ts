import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startBrowserHost } from './browser-host'
import { resolveUserDataDir } from './paths'
import { createServices } from './services'
import { appVersion } from './version'

const HELP = `Usage: npm run start:browser [-- --port N]

Serves the Nexus QA Console to a browser tab on 127.0.0.1, with the same
services as the desktop app. Open the printed URL: it carries a per-launch secret.
  --port   port to listen on (default: a random free port)`

function fail(message: string): never {
  console.error(`nexus-qa browser host: ${message}\n\n${HELP}`)
  process.exit(2)
}

let values
try {
  values = parseArgs({ options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values
} catch (err) {
  fail((err as Error).message)
}
if (values.help) {
  console.log(HELP)
  process.exit(0)
}
const port = values.port === undefined ? 0 : Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port takes a whole number from 0 to 65535, not "${values.port}"`)

const userDataDir = resolveUserDataDir()
const services = createServices({ userDataDir, host: 'browser', version: appVersion() })
try {
  const host = await startBrowserHost({ services, port, rendererDir: fileURLToPath(new URL('../out/renderer', import.meta.url)) })
  console.log(`Nexus QA Console (browser host) on ${host.origin}`)
  console.log(`Open: ${host.url}`)
  console.log(`User data: ${userDataDir}`)
  const stop = async () => {
    await host.close()
    await services.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop())
  process.once('SIGTERM', () => void stop())
} catch (err) {
  const e = err as NodeJS.ErrnoException
  await services.close()
  fail(e.code === 'EADDRINUSE' ? `port ${port} is already in use; pick another with --port` : e.message)
}
