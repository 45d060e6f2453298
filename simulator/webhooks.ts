import type { WebhookKind, WebhookRecord } from './model'

/** The log keeps the newest this many records. */
export const LOG_LIMIT = 10_000
const DELIVERY_TIMEOUT_MS = 5_000

export type SuppressionReason = NonNullable<WebhookRecord['suppressed_by']>[number]

export interface WebhookEvent {
  kind: WebhookKind
  action: string
  member_guid: string
  request_id: string | null
  payload: unknown
  suppressed_by: SuppressionReason[]
}

/**
 * Every webhook the simulator would send is recorded: suppressed (with the
 * reason), delivered or failed (per configured URL), or just recorded when no
 * URL is configured. Delivery is fire-and-forget so a slow receiver never
 * slows the API down.
 */
export class Webhooks {
  // A ring of the newest LOG_LIMIT records: `head` is the oldest, `size` how
  // many there are. Trimming a plain array meant copying it (88 KB) again and
  // again on a busy simulator.
  private ring: (WebhookRecord | undefined)[] = new Array(LOG_LIMIT)
  private head = 0
  private size = 0
  private nextId = 1
  private inFlight = new Set<Promise<void>>()

  constructor(
    private urls: string[],
    private now: () => string,
  ) {}

  setUrls(urls: string[]): void {
    this.urls = [...urls]
  }

  getUrls(): string[] {
    return [...this.urls]
  }

  emit(event: WebhookEvent): WebhookRecord {
    const suppressed = event.suppressed_by.length > 0
    const record: WebhookRecord = {
      id: this.nextId++,
      at: this.now(),
      kind: event.kind,
      action: event.action,
      member_guid: event.member_guid,
      request_id: event.request_id,
      outcome: suppressed ? 'suppressed' : this.urls.length ? 'delivered' : 'recorded',
      deliveries: [],
      payload: event.payload,
    }
    if (suppressed) record.suppressed_by = [...event.suppressed_by]
    if (this.size < LOG_LIMIT) {
      this.ring[(this.head + this.size) % LOG_LIMIT] = record
      this.size++
    } else {
      this.ring[this.head] = record
      this.head = (this.head + 1) % LOG_LIMIT
    }
    if (!suppressed && this.urls.length) this.track(this.deliver(record, [...this.urls]))
    return record
  }

  /** Oldest first; `limit` keeps the newest N. Walks back from the newest, so recent queries stay cheap on a long log. */
  list(filter: { member_guid?: string; since_id?: number; limit?: number } = {}): WebhookRecord[] {
    const out: WebhookRecord[] = []
    const limit = filter.limit ?? LOG_LIMIT
    for (let n = this.size - 1; n >= 0 && out.length < limit; n--) {
      const r = this.ring[(this.head + n) % LOG_LIMIT]!
      if (filter.since_id && r.id <= filter.since_id) break
      if (!filter.member_guid || r.member_guid === filter.member_guid) out.push(r)
    }
    return out.reverse()
  }

  /** Empties the log; ids start again from 1 (a reset is a fresh start). */
  clear(): void {
    this.ring = new Array(LOG_LIMIT)
    this.head = 0
    this.size = 0
    this.nextId = 1
  }

  /** Resolves when every delivery started so far has finished. */
  async settle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight])
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p)
    void p.finally(() => this.inFlight.delete(p))
  }

  private async deliver(record: WebhookRecord, urls: string[]): Promise<void> {
    const body = JSON.stringify(record.payload)
    record.deliveries = await Promise.all(
      urls.map(async (url) => {
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
          })
          await res.arrayBuffer().catch(() => undefined)
          return res.ok
            ? { url, outcome: 'delivered' as const, http_status: res.status }
            : { url, outcome: 'failed' as const, http_status: res.status, error: `receiver answered HTTP ${res.status}` }
        } catch (err) {
          const cause = (err as { cause?: { message?: string } }).cause?.message
          return { url, outcome: 'failed' as const, error: cause ?? (err as Error).message }
        }
      }),
    )
    record.outcome = record.deliveries.every((d) => d.outcome === 'delivered') ? 'delivered' : 'failed'
  }
}
