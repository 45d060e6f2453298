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
  const s = JSON.stringify(v, null, 2) ?? String(v)
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
  if (typeof item.guid === 'string') return `g:${item.guid}`
  if (typeof item.id === 'string' || typeof item.id === 'number') return `i:${item.id}`
  return undefined
}

/** Index by key when every item has a key and no key repeats; otherwise null (compare by position). */
function keyIndex(items: unknown[]): Map<string, number> | null {
  const index = new Map<string, number>()
  for (let i = 0; i < items.length; i++) {
    const k = keyOf(items[i])
    if (k === undefined || index.has(k)) return null
    index.set(k, i)
  }
  return index
}

/** Positions (into `seq`) of one longest strictly increasing subsequence: the items that kept their order. */
function longestIncreasing(seq: number[]): Set<number> {
  const tails: number[] = []
  const prev = new Array<number>(seq.length)
  for (let i = 0; i < seq.length; i++) {
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (seq[tails[mid]!]! < seq[i]!) lo = mid + 1
      else hi = mid
    }
    prev[i] = lo > 0 ? tails[lo - 1]! : -1
    tails[lo] = i
  }
  const keep = new Set<number>()
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = prev[i]!) keep.add(i)
  return keep
}

function label(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}

function diffArrays(a: unknown[], b: unknown[], path: string, out: Change[], ignoreVolatile: boolean): void {
  const ka = keyIndex(a)
  const kb = ka && keyIndex(b)
  if (!ka || !kb) {
    // Position by position.
    const n = Math.min(a.length, b.length)
    for (let i = 0; i < n; i++) diffInto(a[i], b[i], `${path}[${i}]`, out, ignoreVolatile)
    for (let i = n; i < a.length; i++) out.push({ path: `${path}[${i}]`, kind: 'removed', before: strip(a[i], ignoreVolatile) })
    for (let i = n; i < b.length; i++) out.push({ path: `${path}[${i}]`, kind: 'added', after: strip(b[i], ignoreVolatile) })
    return
  }
  // Matched by guid / id: removed items at their left index, the rest at their right index.
  const common: number[] = [] // right indices of items present on both sides, in left order
  for (let i = 0; i < a.length; i++) {
    const j = kb.get(keyOf(a[i])!)
    if (j === undefined) out.push({ path: `${path}[${i}]`, kind: 'removed', before: strip(a[i], ignoreVolatile) })
    else common.push(j)
  }
  const kept = longestIncreasing(common)
  for (let c = 0; c < common.length; c++) {
    const j = common[c]!
    const i = ka.get(keyOf(b[j])!)!
    if (!kept.has(c)) out.push({ path: `${path}[${i}]`, kind: 'moved', after: `to index ${j}` })
    diffInto(a[i], b[j], `${path}[${j}]`, out, ignoreVolatile)
  }
  for (let j = 0; j < b.length; j++) if (!ka.has(keyOf(b[j])!)) out.push({ path: `${path}[${j}]`, kind: 'added', after: strip(b[j], ignoreVolatile) })
}

function diffInto(a: unknown, b: unknown, path: string, out: Change[], ignoreVolatile: boolean): void {
  if (a === b) return
  if (Array.isArray(a) && Array.isArray(b)) return diffArrays(a, b, path, out, ignoreVolatile)
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) {
      if (ignoreVolatile && isVolatileKey(k)) continue
      if (!Object.hasOwn(b, k)) out.push({ path: path + label(k), kind: 'removed', before: strip(a[k], ignoreVolatile) })
      else diffInto(a[k], b[k], path + label(k), out, ignoreVolatile)
    }
    for (const k of Object.keys(b)) {
      if (ignoreVolatile && isVolatileKey(k)) continue
      if (!Object.hasOwn(a, k)) out.push({ path: path + label(k), kind: 'added', after: strip(b[k], ignoreVolatile) })
    }
    return
  }
  if (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)) return
  out.push({ path, kind: 'changed', before: strip(a, ignoreVolatile), after: strip(b, ignoreVolatile) })
}

function strip(v: unknown, ignoreVolatile: boolean): unknown {
  return ignoreVolatile ? stripVolatile(v) : v
}

export function stripVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripVolatile)
  if (!isObject(value)) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) if (!isVolatileKey(k)) out[k] = stripVolatile(v)
  return out
}

/**
 * A structural diff as a flat list of changes with readable paths. Arrays of
 * records are matched by guid (or id) in linear time, so two 1,000-member
 * pages diff in milliseconds; items that changed place are reported as moved.
 * Other arrays are compared position by position.
 */
export function diffValues(a: unknown, b: unknown, options: { ignoreVolatile?: boolean } = {}): Change[] {
  const out: Change[] = []
  diffInto(a, b, '$', out, options.ignoreVolatile ?? false)
  return out
}
