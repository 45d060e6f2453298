/**
 * The simulator's own clock: real time plus an offset that tests move, so a
 * session can expire or a job finish without anyone waiting.
 */
export class SimClock {
  private offsetMs = 0
  private lastAt = Number.NaN
  private lastIso = ''
  private listeners = new Set<() => void>()

  now(): number {
    return Date.now() + this.offsetMs
  }

  /** ISO 8601; the last one is kept, since a busy simulator asks for the same millisecond many times. */
  iso(at = this.now()): string {
    if (at !== this.lastAt) {
      this.lastIso = new Date(at).toISOString()
      this.lastAt = at
    }
    return this.lastIso
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance takes a non-negative number of milliseconds')
    this.offsetMs += ms
    this.changed()
  }

  set(at: number): void {
    if (!Number.isFinite(at)) throw new RangeError('set takes a time')
    this.offsetMs = at - Date.now()
    this.changed()
  }

  reset(): void {
    this.offsetMs = 0
    this.changed()
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(): void {
    for (const listener of this.listeners) listener()
  }
}
