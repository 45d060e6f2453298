import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scenarioJsonSchema } from '../../main/contract/scenario-format'

const root = join(__dirname, '../..')
const tmp = mkdtempSync(join(tmpdir(), 'nexus-qa-cli-test-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(root, 'bin/nexus-qa.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('nexus-qa CLI', () => {
  it('runs every shipped example against the simulator and passes (JUnit reporter)', () => {
    const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join('scenarios', f))
    expect(files.length).toBeGreaterThanOrEqual(6)
    const r = cli(['run', ...files, '--env', 'local', '--reporter', 'junit'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toContain('<testsuites>')
    expect((r.out.match(/<testsuite /g) ?? []).length).toBe(files.length)
    expect(r.out).not.toContain('<failure')
  })

  it('exits 1 on a failing scenario, skips the rest of it, and --bail stops there', () => {
    const bad = join(tmp, 'bad.yaml')
    writeFileSync(bad, 'name: wrong on purpose\nmember: MX Bank (connected)\nsteps:\n  - update: { connection_status: DENIED }\n    expect_status: 400\n  - read: {}\n')
    const good = join(tmp, 'good.yaml')
    writeFileSync(good, 'name: fine\nmember: MX Bank (connected)\nsteps:\n  - read: {}\n')
    const r = cli(['run', bad, good, '--reporter', 'json', '--bail'])
    expect(r.code).toBe(1)
    const results = JSON.parse(r.out)
    expect(results).toHaveLength(1)
    expect(results[0].result.steps.map((s: any) => s.status)).toEqual(['fail', 'skipped'])
    expect(results[0].result.steps[0].message).toMatch(/Expected HTTP 400, got 200/)
  })

  it('refuses bad usage and invalid files with exit 2 and a clear message', () => {
    expect(cli([]).code).toBe(2)
    expect(cli(['run']).err).toMatch(/name at least one scenario file/)
    expect(cli(['run', 'scenarios/webhook-suppression.yaml', '--reporter', 'xml']).code).toBe(2)
    const invalid = join(tmp, 'invalid.yaml')
    writeFileSync(invalid, 'name: x\nsteps:\n  - update: { skip_webhook: "yes" }\n')
    const r = cli(['run', invalid])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/steps\.0/)
  })

  it('takes secrets from the environment, never from arguments, and never prints them', () => {
    const r = cli(['run', 'scenarios/force-status-test-member.yaml', '--env', 'local', '--reporter', 'json'], {
      NEXUS_QA_SSO_CLIENT_ID: 'sim-client',
      NEXUS_QA_SSO_USER_ID: 'qa-user-1',
      NEXUS_QA_SSO_API_KEY: 'sim-api-key',
    })
    expect(r.code).toBe(0)
    expect(r.out).not.toContain('sim-api-key')
    const wrong = cli(['run', 'scenarios/force-status-test-member.yaml'], { NEXUS_QA_SSO_CLIENT_ID: 'sim-client', NEXUS_QA_SSO_USER_ID: 'qa-user-1', NEXUS_QA_SSO_API_KEY: 'wrong' })
    expect(wrong.code).toBe(2)
    expect(wrong.err).toMatch(/SSO refused/)
  })

  it('the published JSON Schema is the one generated from the format (npm run scenario-schema)', () => {
    const published = JSON.parse(readFileSync(join(root, 'scenarios/scenario.schema.json'), 'utf8'))
    expect(published).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())))
  })
})
