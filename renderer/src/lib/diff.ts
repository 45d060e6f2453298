export interface Change {
  path: string
  kind: 'added' | 'removed' | 'changed' | 'moved'
  before?: unknown
  after?: unknown
}

/** Keys left out when "ignore volatile fields" is on: timestamps and job guids. */
export function isVolatileKey(key: string): boolean {
  return /(_at|_on|^date|^timestamp)$/i.test(key) || key === 'most_recent_job_guid' || key === 'job_guid' || key === 'request_id'
}

export function stripVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripVolatile)
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (!isVolatileKey(k)) out[k] = stripVolatile(v)
  return out
}

/** jsondiffpatch's delta as a flat list of changes with readable paths. */
export function flattenDelta(delta: unknown, path = '$', out: Change[] = []): Change[] {
  if (delta === undefined) return out
  if (Array.isArray(delta)) {
    if (delta.length === 1) out.push({ path, kind: 'added', after: delta[0] })
    else if (delta.length === 2) out.push({ path, kind: 'changed', before: delta[0], after: delta[1] })
    else if (delta[2] === 0) out.push({ path, kind: 'removed', before: delta[0] })
    else if (delta[2] === 3) out.push({ path, kind: 'moved', after: `to index ${delta[1]}` })
    return out
  }
  if (!delta || typeof delta !== 'object') return out
  const d = delta as Record<string, unknown>
  const isArray = d._t === 'a'
  for (const [k, v] of Object.entries(d)) {
    if (k === '_t') continue
    const key = isArray ? `[${k.startsWith('_') ? k.slice(1) : k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`
    flattenDelta(v, path + key, out)
  }
  return out
}
