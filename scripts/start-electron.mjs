#!/usr/bin/env node
// `npm start`: build, then launch Electron. Where Electron's binary is missing
// and cannot be fetched (no network, CI, headless boxes) say so in one line.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const electronDir = dirname(require.resolve('electron/package.json'))

function binaryPresent() {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return false
  return existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8')))
}

if (!binaryPresent()) {
  const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 })
  if (r.status !== 0 || !binaryPresent()) {
    console.error('Electron cannot start here: its binary is not installed and could not be downloaded. Run `npm run start:browser` for the same console in your browser.')
    process.exit(1)
  }
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit' })
process.exit(run.status ?? 0)
