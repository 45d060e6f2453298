import { create } from 'jsondiffpatch'
import { pretty } from './format'

export interface Change {
  path: string
  kind: 'added' | 'removed' | 'changed' | 'moved'
  before?: unknown
  after?: unknown
}

/** A change as the compare view shows it: the values as short previews (pretty JSON, cut at PREVIEW_CHARS). */
export interface ChangeView {
  path: string
  kind: Change['kind']
  before?: string
  after?: string
}

export const PREVIEW_CHARS = 400

export function preview(v: unknown): string {
  const s = pretty(v) ?? String(v)
  return s.length > PREVIEW_CHARS ? `${s.slice(0, PREVIEW_CHARS)}…` : s
}

/** Previews for display: small strings cross from the worker instead of whole records. */
export function toViews(changes: Change[]): ChangeView[] {
  return changes.map((c) => ({
    path: c.path,
    kind: c.kind,
    ...('before' in c ? { before: preview(c.before) } : {}),
    ...('after' in c ? { after: c.kind === 'moved' ? String(c.after) : preview(c.after) } : {}),
  }))
}

/** Keys left out when "ignore volatile fields" is on: timestamps and job guids. */
export function isVolatileKey(key: string): boolean {
  return /(_at|_on|^date|^timestamp)$/i.test(key) || key === 'most_recent_job_guid' || key === 'job_guid' || key === 'request_id'
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** An array item's identity: its `guid`, else its `id` (Nexus records carry one or the other). */
function keyOf(item: unknown): string | undefined {
  if (!isObject(item)) return undefined
  if (typeof item.guid === 'string') return item.guid
  if (typeof item.id === 'string' || typeof item.id === 'number') return String(item.id)
  return undefined
}

/** Items by key when every item has one and none repeats; otherwise null. */
function byKey(items: unknown[]): Map<string, unknown> | null {
  const out = new Map<string, unknown>()
  for (const item of items) {
    const k = keyOf(item)
    if (k === undefined || out.has(k)) return null
    out.set(k, item)
  }
  return out
}

const one = (v: unknown, ignoreVolatile: boolean) => (ignoreVolatile ? stripVolatile(v) : v)

/**
 * Prepares two documents for jsondiffpatch: arrays of records on both sides
 * become objects keyed by guid (or id), so records are matched by identity in
 * linear time (jsondiffpatch's array matching is quadratic: two 1,600-member
 * pages took 150 ms) and paths name the record (`members["MBR-…"]`).
 * Volatile keys are dropped here when asked.
 */
export function alignRecords(a: unknown, b: unknown, ignoreVolatile: boolean): [unknown, unknown] {
  if (Array.isArray(a) && Array.isArray(b)) {
    const ka = byKey(a)
    const kb = ka && (a.length || b.length) ? byKey(b) : null
    if (ka && kb) {
      const oa: Record<string, unknown> = {}
      const ob: Record<string, unknown> = {}
      for (const [k, v] of ka) {
        if (kb.has(k)) [oa[k], ob[k]] = alignRecords(v, kb.get(k), ignoreVolatile)
        else oa[k] = one(v, ignoreVolatile)
      }
      for (const [k, v] of kb) if (!ka.has(k)) ob[k] = one(v, ignoreVolatile)
      return [oa, ob]
    }
    const n = Math.min(a.length, b.length)
    const xa = new Array<unknown>(a.length)
    const xb = new Array<unknown>(b.length)
    for (let i = 0; i < n; i++) [xa[i], xb[i]] = alignRecords(a[i], b[i], ignoreVolatile)
    for (let i = n; i < a.length; i++) xa[i] = one(a[i], ignoreVolatile)
    for (let i = n; i < b.length; i++) xb[i] = one(b[i], ignoreVolatile)
    return [xa, xb]
  }
  if (isObject(a) && isObject(b)) {
    const oa: Record<string, unknown> = {}
    const ob: Record<string, unknown> = {}
    for (const k of Object.keys(a)) {
      if (ignoreVolatile && isVolatileKey(k)) continue
      if (Object.hasOwn(b, k)) [oa[k], ob[k]] = alignRecords(a[k], b[k], ignoreVolatile)
      else oa[k] = one(a[k], ignoreVolatile)
    }
    for (const k of Object.keys(b)) if (!(ignoreVolatile && isVolatileKey(k)) && !Object.hasOwn(a, k)) ob[k] = one(b[k], ignoreVolatile)
    return [oa, ob]
  }
  return [one(a, ignoreVolatile), one(b, ignoreVolatile)]
}

export function stripVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripVolatile)
  if (!isObject(value)) return value
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

// Arrays that stay arrays (no unique guid/id) are matched by position.
const differ = create({ objectHash: (_item: object, index?: number) => `$$index:${index}`, cloneDiffValues: false })

/**
 * A JSON-aware diff (jsondiffpatch) as a flat list of changes with readable
 * paths. Records in arrays are matched by guid or id, wherever they moved.
 */
export function diffValues(a: unknown, b: unknown, options: { ignoreVolatile?: boolean } = {}): Change[] {
  const [x, y] = alignRecords(a, b, options.ignoreVolatile ?? false)
  return flattenDelta(differ.diff(x, y))
}
