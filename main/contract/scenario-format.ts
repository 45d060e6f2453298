import { parse as parseYaml, stringify as toYaml } from 'yaml'
import { z } from 'zod'

/**
 * The scenario file format: named lists of steps in YAML, validated by zod;
 * `scenarios/scenario.schema.json` is generated from these schemas
 * (`npm run scenario-schema`), so the published schema cannot drift.
 */

const tri = z.boolean().describe('true or false; leave the key out to omit the field')
const expectStatus = z.number().int().min(100).max(599).optional().describe('HTTP status this step must answer')

const updateStep = z
  .object({
    update: z
      .object({
        member: z.string().optional().describe('member name or guid; defaults to the scenario member'),
        connection_status: z.string().optional(),
        credentials: z
          .record(z.string(), z.string())
          .optional()
          .describe('values by credential field_name (LOGIN, PASSWORD); ${ENV_VAR} is replaced from the environment'),
        skip_aggregation: tri.optional(),
        skip_webhook: tri.optional(),
        background_aggregation_is_disabled: tri.optional(),
        mx_skip_webhook_header: tri.optional().describe('sends the MX-Skip-Webhook header'),
        use_cases: z.array(z.enum(['PFM', 'MONEY_MOVEMENT'])).optional(),
        metadata: z.string().optional(),
        body_format: z.enum(['rooted', 'legacy']).optional(),
        raw_body: z.string().optional().describe('sent verbatim instead of a body built from the fields'),
      })
      .strict(),
    expect_status: expectStatus,
  })
  .strict()

const resumeStep = z
  .object({
    resume: z
      .object({
        member: z.string().optional(),
        answer: z.string().describe('answers every open challenge (for options: the option value)'),
      })
      .strict(),
    expect_status: expectStatus,
  })
  .strict()

const waitStep = z
  .object({
    wait: z
      .object({
        member: z.string().optional(),
        until: z.enum(['settled', 'challenged']).default('settled'),
        timeout_ms: z.number().int().min(100).max(600_000).default(60_000),
      })
      .strict(),
  })
  .strict()

const readStep = z.object({ read: z.object({ member: z.string().optional() }).strict() }).strict()
const aggregateStep = z.object({ aggregate: z.object({ member: z.string().optional() }).strict(), expect_status: expectStatus }).strict()

const assertStep = z
  .object({
    assert: z.union([
      z
        .object({
          path: z.string().describe('dot path into the last JSON answer, e.g. member.connection_status'),
          equals: z.unknown().optional(),
          not_equals: z.unknown().optional(),
          one_of: z.array(z.unknown()).optional(),
          exists: z.boolean().optional(),
        })
        .strict(),
      z.object({ status: z.number().int().describe('HTTP status of the last answer') }).strict(),
      z
        .object({
          webhook: z
            .object({
              kind: z.enum(['MEMBER', 'CONNECTION_STATUS', 'AGGREGATION']),
              outcome: z.enum(['suppressed', 'delivered', 'failed', 'recorded', 'fired']).describe('fired: any outcome but suppressed'),
              suppressed_by: z.enum(['MX-Skip-Webhook header', 'skip_webhook body flag']).optional(),
            })
            .strict()
            .describe("the member's newest webhook of this kind since the previous step (Local simulator only)"),
        })
        .strict(),
    ]),
  })
  .strict()

export const scenarioStepSchema = z.union([updateStep, resumeStep, waitStep, readStep, aggregateStep, assertStep])

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    member: z.string().optional().describe('member name or guid the steps use unless they say otherwise'),
    steps: z.array(scenarioStepSchema).min(1),
  })
  .strict()

export type Scenario = z.infer<typeof scenarioSchema>
export type ScenarioStep = z.infer<typeof scenarioStepSchema>

export class ScenarioFormatError extends Error {}

export function parseScenario(text: string, source = 'scenario'): Scenario {
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (err) {
    throw new ScenarioFormatError(`${source}: not valid YAML (${(err as Error).message})`)
  }
  const r = scenarioSchema.safeParse(raw)
  if (!r.success) {
    const issues = r.error.issues.map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n')
    throw new ScenarioFormatError(`${source} does not match the scenario schema:\n${issues}`)
  }
  return r.data
}

export function scenarioToYaml(s: Scenario): string {
  return `# yaml-language-server: $schema=./scenario.schema.json\n${toYaml(s, { lineWidth: 0 })}`
}

export function scenarioJsonSchema(): unknown {
  return {
    $id: 'https://nexus-qa-console.local/scenario.schema.json',
    title: 'Nexus QA Console scenario',
    ...(z.toJSONSchema(scenarioSchema, { io: 'input' }) as object),
  }
}

export function stepKind(step: ScenarioStep): string {
  return Object.keys(step).find((k) => k !== 'expect_status')!
}
