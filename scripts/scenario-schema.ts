// Writes scenarios/scenario.schema.json from the zod schemas (the one source).
import { writeFileSync } from 'node:fs'
import { scenarioJsonSchema } from '../main/contract/scenario-format'

writeFileSync(new URL('../scenarios/scenario.schema.json', import.meta.url), `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`)
console.log('wrote scenarios/scenario.schema.json')
