#!/usr/bin/env node
// `npx nexus-qa run <file>`: the CLI runs the TypeScript sources through tsx,
// on the same request engine as the app.
import { register } from 'tsx/esm/api'

register()
await import('../cli/main.ts')
