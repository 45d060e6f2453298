import type { SimFaults } from '../../../preload/api'

/** The simulator's active faults in words, for the Simulator panel; empty when there are none. */
export function describeFaults(f: SimFaults): string[] {
  const out: string[] = []
  const n = (k: Exclude<keyof SimFaults, 'method'>) => f[k] ?? 0
  const calls = f.method ? `${f.method} calls` : 'calls'
  const call = f.method ? `${f.method} call` : 'call'
  const next = (count: number, verb: string) => (count === 1 ? `the next ${call} ${verb}s` : `the next ${count} ${calls} ${verb}`)
  const status = n('error_status') || 500
  if (n('latency_ms') > 0) out.push(`every ${call} waits ${n('latency_ms')} ms`)
  if (n('error_count') > 0) out.push(`${next(n('error_count'), 'get')} HTTP ${status}`)
  if (n('error_rate') > 0) out.push(`${Math.round(n('error_rate') * 100)} % of ${calls} get HTTP ${status}`)
  if (n('rate_limit_count') > 0) out.push(`${next(n('rate_limit_count'), 'get')} HTTP 429, Retry-After ${n('retry_after_s')} s`)
  const drops = n('drop_count')
  if (drops > 0) out.push(drops === 1 ? `the next ${call} is cut off (connection dropped)` : `the next ${drops} ${calls} are cut off (connection dropped)`)
  return out
}

/** A whole number from min to max, or the message that says what is wrong with it. */
export function wholeNumberError(value: unknown, min: number, max: number, what: string): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return `${what} must be a whole number from ${min} to ${max}${value === '' || value === undefined ? '' : `, not ${JSON.stringify(value)}`}.`
  }
  return null
}
