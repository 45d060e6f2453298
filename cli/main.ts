import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parseArgs } from 'node:util'
import { parseScenario, type Scenario } from '../main/contract/scenario-format'
import { runScenario, scenarioOps } from '../main/contract/scenarios'
import { resolveUserDataDir } from '../main/paths'
import { createServices, type Services } from '../main/services'
import { MemoryVault } from '../main/vault/vault'
import { appVersion } from '../main/version'
import type { ScenarioResult, SignInRequest } from '../preload/api'
import { junit, pretty } from './reporters'

const HELP = `Usage: nexus-qa run <scenario.yaml>... [--env local|int|prod|URL] [--reporter pretty|junit|json] [--bail] [--confirm-production]

Runs scenarios with the console's own request engine.
  --env        local (default: a fresh embedded simulator), int, prod, or a base URL (https; http on loopback)
  --reporter   pretty (default), junit or json, on standard output
  --bail       stop after the first failing scenario
  --confirm-production   required to write to prod

Secrets come from the environment, never from arguments:
  NEXUS_QA_SESSION_TOKEN                     a session token
  NEXUS_QA_API_TOKEN                         an API token to exchange
  NEXUS_QA_SSO_CLIENT_ID, NEXUS_QA_SSO_USER_ID, NEXUS_QA_SSO_API_KEY   SSO
  NEXUS_QA_TEST_SESSION=1                    int-data's test_session
or else from the session the desktop app keeps in the OS keychain for that
environment. On --env local with none of these, the simulator's own test
credentials are used. Scenario credential values may be \${ENV_VAR}s.
Exit code: 0 all passed, 1 a scenario failed, 2 usage or setup error.`

function usage(message: string): never {
  console.error(`nexus-qa: ${message}\n\n${HELP}`)
  process.exit(2)
}

function signInFromEnv(envId: string, local: boolean): SignInRequest | null {
  const e = process.env
  if (e.NEXUS_QA_SESSION_TOKEN) return { envId, mode: 'sessionToken', sessionToken: e.NEXUS_QA_SESSION_TOKEN }
  if (e.NEXUS_QA_API_TOKEN) return { envId, mode: 'apiToken', apiToken: e.NEXUS_QA_API_TOKEN }
  if (e.NEXUS_QA_SSO_API_KEY) {
    if (!e.NEXUS_QA_SSO_CLIENT_ID || !e.NEXUS_QA_SSO_USER_ID) usage('NEXUS_QA_SSO_API_KEY needs NEXUS_QA_SSO_CLIENT_ID and NEXUS_QA_SSO_USER_ID too')
    return { envId, mode: 'sso', clientId: e.NEXUS_QA_SSO_CLIENT_ID, userId: e.NEXUS_QA_SSO_USER_ID, apiKey: e.NEXUS_QA_SSO_API_KEY }
  }
  if (e.NEXUS_QA_TEST_SESSION === '1') return { envId, mode: 'testSession' }
  // The simulator's seed credentials are test fixtures, not secrets.
  if (local) return { envId, mode: 'sso', clientId: 'sim-client', userId: 'qa-user-1', apiKey: 'sim-api-key' }
  return null
}

async function main(): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        env: { type: 'string', default: 'local' },
        reporter: { type: 'string', default: 'pretty' },
        bail: { type: 'boolean', default: false },
        'confirm-production': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (err) {
    usage((err as Error).message)
  }
  const { values, positionals } = parsed
  if (values.help) {
    console.log(HELP)
    return 0
  }
  const [command, ...files] = positionals
  if (command !== 'run') usage(command ? `unknown command "${command}"` : 'say what to do: run')
  if (!files.length) usage('name at least one scenario file')
  if (!['pretty', 'junit', 'json'].includes(values.reporter!)) usage(`--reporter takes pretty, junit or json, not "${values.reporter}"`)

  const scenarios: { file: string; scenario: Scenario }[] = []
  for (const file of files) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (err) {
      usage(`cannot read ${file}: ${(err as Error).message}`)
    }
    try {
      scenarios.push({ file, scenario: parseScenario(text, basename(file)) })
    } catch (err) {
      console.error(`nexus-qa: ${(err as Error).message}`)
      return 2
    }
  }

  const envArg = values.env!
  const local = envArg === 'local'
  const fromEnv = signInFromEnv(envArg, local)
  // Secrets from the environment stay in memory; otherwise read the app's keychain session.
  const temp = local ? mkdtempSync(join(tmpdir(), 'nexus-qa-cli-')) : null
  let services: Services | null = null
  try {
    services = createServices({
      userDataDir: temp ?? resolveUserDataDir(),
      host: 'browser',
      version: appVersion(),
      ...(fromEnv ? { vault: new MemoryVault() } : {}),
      ...(local ? { simulator: { jobMs: 200 }, simulatorPollMs: 50 } : {}),
    })
    const call = async (channel: string, args?: unknown) => {
      const e = await services!.dispatch(channel, args)
      if (!e.ok) throw new Error(e.error.message)
      return e.result as any
    }
    let envId = envArg
    if (!['local', 'int', 'prod'].includes(envArg)) envId = (await call('env:saveCustom', { id: 'cli-custom', name: 'CLI target', baseUrl: envArg })).id
    await call('env:select', { id: envId })
    if (fromEnv) await call('session:signIn', { ...fromEnv, envId })
    else if (!(await call('session:get', { envId }))) {
      console.error(`nexus-qa: no session for ${envId}: set NEXUS_QA_SESSION_TOKEN (or the SSO variables), or sign in with the desktop app first.`)
      return 2
    }
    const results: { file: string; result: ScenarioResult }[] = []
    for (const { file, scenario } of scenarios) {
      const result = await runScenario(scenarioOps(services.context, { confirmed: values['confirm-production'] }), scenario)
      results.push({ file, result })
      if (!result.passed && values.bail) break
    }
    const out = values.reporter === 'json' ? JSON.stringify(results, null, 2) : values.reporter === 'junit' ? junit(results) : pretty(results)
    process.stdout.write(`${out}\n`)
    return results.every((r) => r.result.passed) && results.length === scenarios.length ? 0 : 1
  } catch (err) {
    console.error(`nexus-qa: ${(err as Error).message}`)
    return 2
  } finally {
    await services?.close()
    if (temp) rmSync(temp, { recursive: true, force: true })
  }
}

process.exitCode = await main()
