import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import type { Exchange, ExchangeSummary, HistoryPage, HistoryQuery } from '../../preload/api'

export interface HistoryOptions {
  /** Rotate the current file when it would grow past this. */
  maxFileBytes?: number
  /** Files kept, the current one included; the oldest is dropped. */
  maxFiles?: number
  /** How long appended records may sit in the OS cache before an fdatasync. */
  syncDelayMs?: number
}

interface Segment {
  path: string
}

interface Entry {
  summary: ExchangeSummary
  seg: Segment
  offset: number
  length: number
  /** Lower-cased searchable text of the record. */
  haystack: string
}

type Line = { t: 'x'; x: Exchange } | { t: 'del'; id: string }

const CURRENT = 'history.jsonl'

function summarize(x: Exchange): ExchangeSummary {
  return {
    id: x.id,
    environment: x.environment,
    operation: x.operation,
    memberGuid: x.memberGuid,
    startedAt: x.startedAt,
    durationMs: x.durationMs,
    method: x.request.method,
    url: x.request.url,
    status: x.response?.status ?? null,
    error: x.error?.message ?? null,
    ...(x.background ? { background: true } : {}),
  }
}

/**
 * Durable, append-only log of every Exchange: one JSON line each, written
 * with a synchronous write (so a killed process loses at most the line it was
 * writing) and fdatasync'd shortly after. A torn or unreadable line is
 * reported and skipped, never fatal. Deletes append a tombstone. Files rotate
 * at a size cap.
 */
export class HistoryStore {
  private entries: Entry[] = []
  private byId = new Map<string, Entry>()
  private segments: Segment[] = []
  private fd: number | null = null
  private size = 0
  private syncTimer: NodeJS.Timeout | null = null
  readonly problems: string[] = []
  private readonly maxFileBytes: number
  private readonly maxFiles: number
  private readonly syncDelayMs: number

  constructor(
    private dir: string,
    options: HistoryOptions = {},
  ) {
    this.maxFileBytes = options.maxFileBytes ?? 32 * 1024 * 1024
    this.maxFiles = Math.max(1, options.maxFiles ?? 4)
    this.syncDelayMs = options.syncDelayMs ?? 1000
    mkdirSync(dir, { recursive: true })
    this.load()
  }

  private segPath(n: number): string {
    return join(this.dir, n === 0 ? CURRENT : `history.${n}.jsonl`)
  }

  private load(): void {
    for (let n = this.maxFiles - 1; n >= 0; n--) {
      const path = this.segPath(n)
      if (!existsSync(path)) continue
      const seg: Segment = { path }
      this.segments.push(seg)
      this.loadSegment(seg)
    }
    const current = this.segments.find((s) => s.path === this.segPath(0)) ?? { path: this.segPath(0) }
    if (!this.segments.includes(current)) this.segments.push(current)
    this.fd = openSync(current.path, 'a+', 0o600)
    this.size = fstatSync(this.fd).size
    // A crash may have left a torn last line without its newline: start the next record on a line of its own.
    if (this.size > 0) {
      const last = Buffer.alloc(1)
      readSync(this.fd, last, 0, 1, this.size - 1)
      if (last[0] !== 0x0a) this.size += writeSync(this.fd, '\n')
    }
  }

  private loadSegment(seg: Segment): void {
    const buf = readFileSync(seg.path)
    let start = 0
    let lineNo = 0
    while (start < buf.length) {
      let end = buf.indexOf(0x0a, start)
      if (end === -1) end = buf.length
      lineNo++
      if (end > start) {
        const text = buf.toString('utf8', start, end)
        let line: Line | undefined
        try {
          line = JSON.parse(text) as Line
        } catch {
          line = undefined
        }
        if (line?.t === 'x' && line.x?.id && line.x.request) this.index(line.x, text, seg, start, end - start)
        else if (line?.t === 'del') this.forget(line.id)
        else this.problems.push(`${seg.path}: line ${lineNo} is torn or unreadable (${end - start} bytes) and was skipped.`)
      }
      start = end + 1
    }
  }

  private index(x: Exchange, text: string, seg: Segment, offset: number, length: number): void {
    const entry: Entry = { summary: summarize(x), seg, offset, length, haystack: text.toLowerCase() }
    this.forget(x.id)
    this.entries.push(entry)
    this.byId.set(x.id, entry)
  }

  private forget(id: string): boolean {
    const e = this.byId.get(id)
    if (!e) return false
    this.byId.delete(id)
    const i = this.entries.lastIndexOf(e)
    if (i >= 0) this.entries.splice(i, 1)
    return true
  }

  private write(line: Line): { offset: number; length: number; text: string } {
    if (this.fd === null) throw new Error('History is closed.')
    const text = JSON.stringify(line)
    const bytes = Buffer.byteLength(text) + 1
    if (this.size > 0 && this.size + bytes > this.maxFileBytes) this.rotate()
    const offset = this.size
    writeSync(this.fd, `${text}\n`)
    this.size += bytes
    this.scheduleSync()
    return { offset, length: bytes - 1, text }
  }

  private rotate(): void {
    closeSync(this.fd!)
    const oldest = this.segPath(this.maxFiles - 1)
    const dropped = this.segments.find((s) => s.path === oldest)
    if (dropped) {
      this.entries = this.entries.filter((e) => e.seg !== dropped)
      for (const [id, e] of this.byId) if (e.seg === dropped) this.byId.delete(id)
      this.segments = this.segments.filter((s) => s !== dropped)
      rmSync(oldest, { force: true })
    }
    for (let n = this.maxFiles - 2; n >= 0; n--) {
      const seg = this.segments.find((s) => s.path === this.segPath(n))
      if (!seg) continue
      const to = this.segPath(n + 1)
      renameSync(seg.path, to)
      seg.path = to
    }
    const current: Segment = { path: this.segPath(0) }
    this.segments.push(current)
    this.fd = openSync(current.path, 'a+', 0o600)
    this.size = 0
  }

  private scheduleSync(): void {
    if (this.syncTimer || this.syncDelayMs < 0) return
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null
      if (this.fd !== null) fdatasyncSync(this.fd)
    }, this.syncDelayMs)
    this.syncTimer.unref()
  }

  append(x: Exchange): void {
    const { offset, length, text } = this.write({ t: 'x', x })
    this.index(x, text, this.segments[this.segments.length - 1]!, offset, length)
  }

  get(id: string): Exchange | null {
    const e = this.byId.get(id)
    if (!e) return null
    const buf = Buffer.alloc(e.length)
    const fd = e.seg.path === this.segPath(0) && this.fd !== null ? this.fd : openSync(e.seg.path, 'r')
    try {
      readSync(fd, buf, 0, e.length, e.offset)
    } finally {
      if (fd !== this.fd) closeSync(fd)
    }
    return (JSON.parse(buf.toString('utf8')) as { x: Exchange }).x
  }

  delete(id: string): boolean {
    if (!this.byId.has(id)) return false
    this.write({ t: 'del', id })
    return this.forget(id)
  }

  list(q: HistoryQuery = {}): HistoryPage {
    const text = q.text?.trim().toLowerCase()
    const member = q.memberGuid
    const offset = Math.max(0, q.offset ?? 0)
    const limit = Math.min(1000, Math.max(1, q.limit ?? 100))
    const items: ExchangeSummary[] = []
    let total = 0
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!
      const s = e.summary
      if (s.background && !q.includeBackground) continue
      if (q.environment && s.environment !== q.environment) continue
      if (member && s.memberGuid !== member) continue
      if (q.status !== undefined && s.status !== q.status) continue
      if (text && !e.haystack.includes(text)) continue
      if (total >= offset && items.length < limit) items.push(s)
      total++
    }
    return { items, total, problems: [...this.problems] }
  }

  ids(): string[] {
    return this.entries.map((e) => e.summary.id)
  }

  get count(): number {
    return this.entries.length
  }

  close(): void {
    if (this.syncTimer) clearTimeout(this.syncTimer)
    this.syncTimer = null
    if (this.fd !== null) {
      fdatasyncSync(this.fd)
      closeSync(this.fd)
    }
    this.fd = null
  }
}
