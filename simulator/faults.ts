import { z } from 'zod'

/** Faults the control plane can inject into the Nexus surface (never into /__sim). */
export const faultsSchema = z
  .object({
    latency_ms: z.number().int().min(0).max(60_000).default(0),
    error_status: z.number().int().min(500).max(599).default(500),
    error_count: z.number().int().min(0).default(0),
    error_rate: z.number().min(0).max(1).default(0),
    rate_limit_count: z.number().int().min(0).default(0),
    retry_after_s: z.number().int().min(0).max(3600).default(30),
    drop_count: z.number().int().min(0).default(0),
    /** Only calls with this method meet the faults (e.g. PUT: updates, not the reads around them); null: every call. */
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).nullable().default(null),
  })
  .strict()

export type Faults = z.infer<typeof faultsSchema>

export const NO_FAULTS: Faults = faultsSchema.parse({})

export type FaultAction =
  | { kind: 'drop' }
  | { kind: 'rate-limit'; retryAfter: number }
  | { kind: 'error'; status: number }
  | { kind: 'none' }

const NONE: FaultAction = { kind: 'none' }

/** Decides what happens to the next request and counts the fault down. */
export class FaultInjector {
  faults: Faults = { ...NO_FAULTS }

  constructor(private random: () => number = Math.random) {}

  set(faults: Faults): void {
    this.faults = { ...faults }
  }

  clear(): void {
    this.faults = { ...NO_FAULTS }
  }

  /** Whether a call with this method meets the faults at all (latency included). */
  applies(method: string | undefined): boolean {
    return this.faults.method === null || this.faults.method === method
  }

  get latencyMs(): number {
    return this.faults.latency_ms
  }

  /** What happens to a call the faults apply to (see `applies`); counts the fault down. */
  next(): FaultAction {
    const f = this.faults
    if (f.drop_count > 0) {
      f.drop_count--
      return { kind: 'drop' }
    }
    if (f.rate_limit_count > 0) {
      f.rate_limit_count--
      return { kind: 'rate-limit', retryAfter: f.retry_after_s }
    }
    if (f.error_count > 0) {
      f.error_count--
      return { kind: 'error', status: f.error_status }
    }
    if (f.error_rate > 0 && this.random() < f.error_rate) return { kind: 'error', status: f.error_status }
    return NONE
  }
}
