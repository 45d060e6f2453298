#!/usr/bin/env node
// `npm test`: every runner (Vitest inside a throw-away keyring, then the
// Playwright browser target), then one line `N passed, N failed` adding up
// their real counts, which is what CI reads.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const tmp = mkdtempSync(join(tmpdir(), 'nexus-qa-test-'))
const totals = { passed: 0, failed: 0, skipped: 0 }
let broken = false

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label} ===`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  return r.status ?? 1
}

function count(label, file, read) {
  if (!existsSync(file)) {
    console.error(`${label}: no report was written (${file}); counting the run as one failure`)
    totals.failed += 1
    broken = true
    return
  }
  const c = read(JSON.parse(readFileSync(file, 'utf8')))
  console.log(`${label}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`)
  totals.passed += c.passed
  totals.failed += c.failed
  totals.skipped += c.skipped
}

const vitestReport = join(tmp, 'vitest.json')
const vitestCode = run('Vitest: unit, integration, component', 'bash', [
  'scripts/with-test-keyring.sh', 'npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`,
])
count('vitest', vitestReport, (r) => ({
  passed: r.numPassedTests,
  failed: r.numFailedTests + (r.numTotalTestSuites && r.success === false && r.numFailedTests === 0 ? 1 : 0),
  skipped: r.numPendingTests + r.numTodoTests,
}))
if (vitestCode !== 0 && totals.failed === 0) {
  totals.failed += 1
  broken = true
}

const hasSpecs = existsSync('e2e') && readdirSync('e2e').some((f) => f.endsWith('.spec.ts'))
if (hasSpecs) {
  const build = run('Build for end-to-end', 'npx', ['electron-vite', 'build'])
  if (build !== 0) {
    totals.failed += 1
    broken = true
  } else {
    const pwReport = join(tmp, 'playwright.json')
    const pwCode = run('Playwright: end-to-end', 'bash', ['scripts/with-test-keyring.sh', 'npx', 'playwright', 'test', '--reporter=list,json'], {
      PLAYWRIGHT_JSON_OUTPUT_NAME: pwReport,
    })
    if (!existsSync('node_modules/electron/path.txt')) {
      console.log('playwright: the electron target was skipped: Electron\'s binary is not installed here (it is fetched on first `npm start` where the network allows); the browser target ran the same specs')
    }
    count('playwright', pwReport, (r) => ({
      passed: r.stats.expected + r.stats.flaky,
      failed: r.stats.unexpected,
      skipped: r.stats.skipped,
    }))
    if (pwCode !== 0 && !broken && readFileSync(pwReport, 'utf8').includes('"unexpected": 0')) {
      totals.failed += 1
      broken = true
    }
  }
}

rmSync(tmp, { recursive: true, force: true })
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(totals.failed > 0 || broken ? 1 : 0)
