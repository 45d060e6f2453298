import { describe, expect, it } from 'vitest'
import { LOG_LIMIT, Webhooks } from '../webhooks'

function event(i: number) {
  return {
    kind: 'MEMBER' as const,
    action: 'UPDATED',
    member_guid: i % 2 ? 'MBR-odd' : 'MBR-even',
    request_id: `req-${i}`,
    payload: { i },
    suppressed_by: ['skip_webhook body flag' as const],
  }
}

describe('webhook log', () => {
  it('keeps the newest records, oldest first, once it has wrapped', () => {
    const log = new Webhooks([], () => '2026-01-01T00:00:00.000Z')
    const total = LOG_LIMIT * 2 + 123
    for (let i = 1; i <= total; i++) log.emit(event(i))
    const all = log.list()
    expect(all).toHaveLength(LOG_LIMIT)
    expect(all[0]!.id).toBe(total - LOG_LIMIT + 1)
    expect(all.at(-1)!.id).toBe(total)
    expect(all.every((r, i) => i === 0 || r.id === all[i - 1]!.id + 1)).toBe(true)
  })

  it('filters by member, since_id and limit across the wrap', () => {
    const log = new Webhooks([], () => '2026-01-01T00:00:00.000Z')
    const total = LOG_LIMIT + 50
    for (let i = 1; i <= total; i++) log.emit(event(i))
    expect(log.list({ limit: 3 }).map((r) => r.id)).toEqual([total - 2, total - 1, total])
    expect(log.list({ since_id: total - 5 }).map((r) => r.id)).toEqual([total - 4, total - 3, total - 2, total - 1, total])
    const odd = log.list({ member_guid: 'MBR-odd', limit: 2 })
    expect(odd.map((r) => r.id)).toEqual([total - 3, total - 1]) // total is even
    expect(log.list({ member_guid: 'MBR-odd' }).every((r) => r.member_guid === 'MBR-odd')).toBe(true)
  })

  it('starts again from id 1 after clear', () => {
    const log = new Webhooks([], () => '2026-01-01T00:00:00.000Z')
    for (let i = 1; i <= 20; i++) log.emit(event(i))
    log.clear()
    expect(log.list()).toEqual([])
    log.emit(event(1))
    expect(log.list().map((r) => r.id)).toEqual([1])
  })
})
